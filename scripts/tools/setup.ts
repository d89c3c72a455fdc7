// Installing and running the tools the scripts need. Each Python tool (the emulator, the AWS CLI,
// the contract's client libraries, checkov) lives in a virtual environment of the project with
// exactly its pinned requirements, installed with uv (pinned in scripts/tools/uv-requirements.txt,
// itself installed with pip into .venv/uv): on the 2-core machine uv installs checkov's 99 pins in
// 4 s where pip took 79 s (71 s of CPU), and CI builds four such environments beside its other work.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const ROOT = resolve(__dirname, "..", "..");
const UV_VENV = join(ROOT, ".venv", "uv");
const UV_REQUIREMENTS = join(__dirname, "uv-requirements.txt");

/** Runs a setup command quietly; its output is shown only when it fails. */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const result = spawnSync(command, args, { encoding: "utf8", env });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (exit ${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`);
}

/**
 * Creates the virtual environment `venv` with exactly the pinned `requirements` (each a complete
 * `pip freeze`: installed without resolving, then checked), or brings it up to date when they
 * changed (a stamp file holds the hash of the requirements it was installed from). Returns its
 * python. Runs started together (CI starts `npm run e2e` and `npm run e2e:faults` at once) take
 * turns: one installs, the others wait for it.
 */
export function ensureVenv(log: (line: string) => void, venv: string, requirements: string): string {
  const python = join(venv, "bin", "python");
  if (installed(python, venv, requirements)) return python;
  const uv = ensureUv(log);
  return whileHolding(`${venv}.lock`, () => {
    if (installed(python, venv, requirements)) return python;
    log(`creating ${venv} and installing ${requirements}`);
    // The machine's Python, never one uv would download.
    const env = { ...process.env, UV_PYTHON_DOWNLOADS: "never" };
    run(uv, ["venv", "--quiet", "--clear", "--python", basePython(), venv], env);
    run(uv, ["pip", "install", "--quiet", "--python", python, "--no-deps", "-r", requirements], env);
    run(uv, ["pip", "check", "--quiet", "--python", python], env);
    writeFileSync(stampOf(venv), digest(requirements));
    return python;
  });
}

/** uv itself, installed with pip (the one install that needs it) the first time. */
function ensureUv(log: (line: string) => void): string {
  const uv = join(UV_VENV, "bin", "uv");
  if (installed(uv, UV_VENV, UV_REQUIREMENTS)) return uv;
  return whileHolding(`${UV_VENV}.lock`, () => {
    if (installed(uv, UV_VENV, UV_REQUIREMENTS)) return uv;
    const base = basePython();
    log(`creating ${UV_VENV} with ${base} and installing ${UV_REQUIREMENTS}`);
    run(base, ["-m", "venv", "--clear", UV_VENV]);
    run(join(UV_VENV, "bin", "python"), ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps", "-r", UV_REQUIREMENTS]);
    writeFileSync(stampOf(UV_VENV), digest(UV_REQUIREMENTS));
    return uv;
  });
}

/** A Python 3.9 or later with the venv module (PYTHON, else python3 or python on PATH), or an error that says what to install. */
function basePython(): string {
  const candidates = process.env.PYTHON ? [process.env.PYTHON] : ["python3", "python"];
  const found = candidates.find((candidate) => spawnSync(candidate, ["-c", "import sys, venv, ensurepip; sys.exit(0 if sys.version_info >= (3, 9) else 3)"]).status === 0);
  if (found !== undefined) return found;
  throw new Error(
    `Python 3.9 or later with the venv module is needed, and none was found (tried ${candidates.join(", ")}). ` +
      "Install it (Debian/Ubuntu: apt-get install python3 python3-venv; macOS: brew install python) or point PYTHON at a python3 executable.",
  );
}

const digest = (requirements: string) => createHash("sha256").update(readFileSync(requirements)).digest("hex");
const stampOf = (venv: string) => join(venv, "requirements.sha256");
const installed = (program: string, venv: string, requirements: string) =>
  existsSync(program) && existsSync(stampOf(venv)) && readFileSync(stampOf(venv), "utf8") === digest(requirements);

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
