// The AWS emulator: moto's server from PyPI, pinned in scripts/e2e/requirements.txt, installed
// into a virtual environment of the project (.venv/e2e, gitignored) that this file creates, and
// started on 127.0.0.1 with scripts/e2e/moto_server.py (moto plus the AWS behaviours it lacks).
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";

const ROOT = resolve(__dirname, "..", "..");
const REQUIREMENTS = join(ROOT, "scripts", "e2e", "requirements.txt");
const SERVER = join(ROOT, "scripts", "e2e", "moto_server.py");
export const VENV = join(ROOT, ".venv", "e2e");
const PYTHON = join(VENV, "bin", "python");

/**
 * Creates the virtual environment `venv` with exactly the pinned `requirements` (the emulator's by
 * default), or brings it up to date when they changed (a stamp file holds the hash of the
 * requirements it was installed from). Returns its python. Runs started together (CI starts
 * `npm run e2e` and `npm run e2e:faults` at once) take turns: one installs, the others wait for it.
 */
export function ensureVenv(log: (line: string) => void, venv = VENV, requirements = REQUIREMENTS): string {
  const python = join(venv, "bin", "python");
  const wanted = createHash("sha256").update(readFileSync(requirements)).digest("hex");
  const stamp = join(venv, "requirements.sha256");
  const current = () => existsSync(python) && existsSync(stamp) && readFileSync(stamp, "utf8") === wanted;
  if (current()) return python;
  return whileHolding(`${venv}.lock`, () => {
    if (current()) return python;
    const base = process.env.PYTHON ?? "python3";
    log(`creating ${venv} with ${base} and installing ${requirements}`);
    run(base, ["-m", "venv", "--clear", venv]);
    run(python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps", "-r", requirements]);
    run(python, ["-m", "pip", "check"]);
    writeFileSync(stamp, wanted);
    return python;
  });
}

/** A lock older than this was left by a run that was killed while installing. */
const STALE_LOCK_MS = 10 * 60_000;

/** Runs `work` while holding the lock directory `lock` (mkdir is atomic), waiting for another holder first. */
function whileHolding<T>(lock: string, work: () => T): T {
  mkdirSync(join(lock, ".."), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    return work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Runs a setup command quietly; its output is shown only when it fails. */
export function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (exit ${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`);
}

/** A free TCP port on 127.0.0.1, as the kernel hands out. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address !== null ? resolvePort(address.port) : reject(new Error("no port"))));
    });
  });
}

/** How long an emulator may take to answer after it is started. */
const EMULATOR_START_SECONDS = 120;

export interface Emulator {
  readonly url: string;
  /** Stops the server (idempotent); resolves when it has exited. */
  stop(): Promise<void>;
}

/**
 * Starts one emulator, with its own empty state, and waits until it answers. Its output goes to
 * `logFile`. MOTO_ACM_VALIDATION_WAIT=0 makes a DNS-validated certificate ISSUED at its first
 * description, as AWS does once the validation record resolves; MOTO_IAM_LOAD_MANAGED_POLICIES
 * loads AWS's managed policies (the stack attaches AmazonRDSEnhancedMonitoringRole).
 */
export async function startEmulator(logFile: string): Promise<Emulator> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const out = openSync(logFile, "a");
  const child: ChildProcess = spawn(PYTHON, [SERVER, "-H", "127.0.0.1", "-p", String(port)], {
    stdio: ["ignore", out, out],
    env: { ...process.env, MOTO_ACM_VALIDATION_WAIT: "0", MOTO_IAM_LOAD_MANAGED_POLICIES: "true" },
  });
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  // Generous: CI starts many emulators while its other checks keep both cores busy.
  const deadline = Date.now() + EMULATOR_START_SECONDS * 1000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the emulator exited (code ${child.exitCode}); see ${logFile}`);
    try {
      const response = await fetch(`${url}/moto-api/reset`, { method: "POST" });
      if (response.ok) return { url, stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the emulator did not answer on ${url} within ${EMULATOR_START_SECONDS} s; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
