// Node.js releases from the npm registry (the `node-<platform>-<arch>` packages that the `node`
// package installs), unpacked once under .cache/ so that the project never relies on the Node
// versions a machine happens to have.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";

function run(command: string, args: string[], cwd: string): void {
  const result = spawnSync(command, args, { cwd, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${result.stderr}${result.stdout}`);
}

/** The `bin` directory holding `node` of this exact release, downloaded into `cacheDir` on first use. */
export function nodeBinDir(version: string, cacheDir: string): string {
  const target = join(cacheDir, `node-${version}`);
  const bin = join(target, "bin");
  if (existsSync(join(bin, "node"))) return bin;
  mkdirSync(cacheDir, { recursive: true });
  const work = mkdtempSync(join(cacheDir, "download-"));
  try {
    const name = `node-${process.platform}-${process.arch}`;
    run("npm", ["pack", `${name}@${version}`, "--silent"], work);
    run("tar", ["xzf", `${name}-${version}.tgz`, "package/bin/node"], work);
    rmSync(target, { recursive: true, force: true });
    renameSync(join(work, "package"), target);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return bin;
}
