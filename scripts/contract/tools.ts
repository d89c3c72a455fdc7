// What npm run contract runs: Debian's PostgreSQL and Redis (installed with apt-get when missing)
// and the client libraries, pinned in scripts/contract/requirements.txt, in .venv/contract.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { ensureVenv, run } from "../tools/setup";

const ROOT = resolve(__dirname, "..", "..");
const VENV = join(ROOT, ".venv", "contract");
const REQUIREMENTS = join(ROOT, "scripts", "contract", "requirements.txt");
/** Debian puts each PostgreSQL major version's server programs here, outside PATH. */
const POSTGRES_LIBDIR = "/usr/lib/postgresql";

export interface Tools {
  /** Directory of initdb, postgres and psql. */
  readonly postgresBin: string;
  readonly redisServer: string;
  /** The virtual environment's python. */
  readonly python: string;
}

/** Finds the tools, installing what is missing; idempotent, and quick once everything is installed. */
export function ensureTools(log: (line: string) => void): Tools {
  const missing = [postgresBin() === undefined ? "postgresql" : undefined, redisServer() === undefined ? "redis-server" : undefined].filter((p): p is string => p !== undefined);
  if (missing.length > 0) {
    if (process.getuid?.() !== 0) throw new Error(`missing ${missing.join(", ")}: install it (apt-get install -y ${missing.join(" ")}) or run as root`);
    log(`installing ${missing.join(", ")} with apt-get`);
    run("apt-get", ["update", "-qq"]);
    run("env", ["DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "-qq", "--no-install-recommends", ...missing]);
  }
  const bin = postgresBin();
  const redis = redisServer();
  if (bin === undefined || redis === undefined) throw new Error("PostgreSQL or redis-server is still missing after apt-get install");
  return { postgresBin: bin, redisServer: redis, python: ensureVenv(log, VENV, REQUIREMENTS) };
}

/** The newest installed PostgreSQL's bin directory. */
function postgresBin(): string | undefined {
  if (!existsSync(POSTGRES_LIBDIR)) return undefined;
  const versions = readdirSync(POSTGRES_LIBDIR)
    .filter((v) => existsSync(join(POSTGRES_LIBDIR, v, "bin", "postgres")))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? join(POSTGRES_LIBDIR, versions[0], "bin") : undefined;
}

function redisServer(): string | undefined {
  const found = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" });
  return found.status === 0 ? found.stdout.trim() : undefined;
}
