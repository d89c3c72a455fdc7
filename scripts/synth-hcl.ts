// `npm run synth:hcl [-- --output DIR]`: the stacks as HCL (.tf) instead of Terraform JSON, for
// teams that leave cdktf for plain Terraform (HashiCorp's advice since cdktf was archived).
// Runs `cdktf synth --hcl`, then repairs the known cdktf 0.21 HCL bugs from the JSON synth of the
// same configuration (see src/terraform/hcl-repair.ts). Default output: cdktf.out.hcl
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { PROJECT_ROOT } from "../src/config/sources";
import { repairHcl } from "../src/terraform/hcl-repair";

const flag = process.argv.indexOf("--output");
const output = resolve(flag >= 0 ? process.argv[flag + 1] : join(PROJECT_ROOT, "cdktf.out.hcl"));
const env = { ...process.env, CHECKPOINT_DISABLE: "1" };
const appCommand: string = JSON.parse(readFileSync(join(PROJECT_ROOT, "cdktf.json"), "utf8")).app;

function run(command: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): void {
  const result = spawnSync(command, args, { cwd: PROJECT_ROOT, env: { ...env, ...extraEnv }, stdio: ["ignore", "ignore", "inherit"] });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

rmSync(output, { recursive: true, force: true });
run("npm", ["run", "--silent", "synth", "--", "--hcl", "--output", output]);
const jsonOut = mkdtempSync(join(tmpdir(), "trustwrapper-json-"));
run("sh", ["-c", appCommand], { CDKTF_OUTDIR: jsonOut });

for (const stack of readdirSync(join(output, "stacks"))) {
  const file = join(output, "stacks", stack, "cdk.tf");
  const json = JSON.parse(readFileSync(join(jsonOut, "stacks", stack, "cdk.tf.json"), "utf8"));
  const report = repairHcl(readFileSync(file, "utf8"), json);
  writeFileSync(file, report.hcl);
  console.log(
    `${file}: repaired ${report.jsonAttributes} JSON attributes, ${report.references} quoted references, ${report.terraformAttributes} terraform settings, ${report.ephemeralBlocks} ephemeral blocks, ${report.blockLists} block lists`,
  );
}
rmSync(jsonOut, { recursive: true, force: true });
