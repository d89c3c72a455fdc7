import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const root = resolve(__dirname, "..");
const appCommand: string = JSON.parse(readFileSync(join(root, "cdktf.json"), "utf8")).app;

/** Runs the app command of cdktf.json, as `cdktf synth` does, into a fresh output directory. */
export function synth(configText?: string, extraEnv: NodeJS.ProcessEnv = {}) {
  const outdir = mkdtempSync(join(tmpdir(), "trustwrapper-synth-"));
  const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_OUTDIR: outdir, TRUSTWRAPPER_CONFIG: "", ...extraEnv };
  // The configuration file, which config errors name with the line and column of the option.
  const configFile = join(outdir, "..", `${outdir.split("/").pop()}.yaml`);
  if (configText !== undefined) {
    writeFileSync(configFile, configText);
    env.TRUSTWRAPPER_CONFIG = configFile;
  }
  const result = spawnSync("sh", ["-c", appCommand], { cwd: root, env, encoding: "utf8" });
  const stacksDir = join(outdir, "stacks");
  const at = (line: number, column: number) => ` (at ${configFile}:${line}:${column})`;
  return { ...result, stacks: existsSync(stacksDir) ? readdirSync(stacksDir) : [], outdir, at };
}

/** The synthesized JSON of one stack written by `synth`. */
export function stackJson(outdir: string, stack: string): any {
  return JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
}
