// The AWS emulator: moto's server from PyPI, pinned in scripts/e2e/requirements.txt, installed
// into a virtual environment of the project (.venv/e2e, gitignored, see scripts/tools/setup.ts), and
// started on 127.0.0.1 with scripts/e2e/moto_server.py (moto plus the AWS behaviours it lacks).
import { ChildProcess, spawn } from "node:child_process";
import { openSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { ensureVenv } from "../tools/setup";

const ROOT = resolve(__dirname, "..", "..");
const REQUIREMENTS = join(ROOT, "scripts", "e2e", "requirements.txt");
const SERVER = join(ROOT, "scripts", "e2e", "moto_server.py");
const VENV = join(ROOT, ".venv", "e2e");
const PYTHON = join(VENV, "bin", "python");

/** Installs the emulator (its virtual environment) if needed; returns its python. */
export function installEmulator(log: (line: string) => void): string {
  return ensureVenv(log, VENV, REQUIREMENTS);
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
