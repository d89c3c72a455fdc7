import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root, stackJson, synth } from "../app-command";
import { terraformForTests } from "../terraform";

// The flow of teams with their own pipelines: `npx cdktf synth`, then cdktf.out/stacks/<stack>
// as the working directory of a Terraform Cloud workspace or a `terraform plan` step.
const STACK = "trustwrapper-prod-us-east-1";
const { itWithTerraform, validateWithTerraform } = terraformForTests("terraform validate of the HCL output");

/** `resource "type" "name"` blocks of HCL, as `type.name`. */
function hclResources(hcl: string): string[] {
  return [...hcl.matchAll(/^resource\s+"([^"]+)"\s+"([^"]+)"/gm)].map((m) => `${m[1]}.${m[2]}`).sort();
}

function jsonResources(json: any): string[] {
  return Object.entries<object>(json.resource)
    .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`))
    .sort();
}

describe("a synthesized stack as a Terraform working directory", () => {
  const result = synth();
  const json = stackJson(result.outdir, STACK);

  it("is self-contained: no path of the machine that synthesized it", () => {
    const text = JSON.stringify(json);
    expect(text).not.toContain(root);
    expect(text).not.toContain(result.outdir);
    expect(readdirSync(join(result.outdir, "stacks", STACK))).toEqual(["cdk.tf.json"]);
  });
});

describe("the HCL exit path (npm run synth:hcl: cdktf synth --hcl, repaired)", () => {
  const outdir = mkdtempSync(join(tmpdir(), "trustwrapper-hcl-"));
  const run = spawnSync("node", ["--import", "tsx", "scripts/synth-hcl.ts", "--output", outdir], {
    cwd: root,
    env: { ...process.env, TRUSTWRAPPER_CONFIG: "" },
    encoding: "utf8",
  });
  const stackDir = join(outdir, "stacks", STACK);

  it("emits the same resources as the JSON", () => {
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/repaired 5 JSON attributes, \d+ quoted references, 1 terraform settings, \d+ ephemeral blocks, 3 block lists/);
    const hcl = readFileSync(join(stackDir, "cdk.tf"), "utf8");
    const json = stackJson(synth().outdir, STACK);
    expect(hclResources(hcl)).toEqual(jsonResources(json));
    expect(hclResources(hcl).length).toBeGreaterThan(90);
    expect(hcl).toContain('required_version = ">= 1.5.0"');
  });

  itWithTerraform(
    "passes terraform validate without warnings",
    () => {
      const report = validateWithTerraform(stackDir);
      expect(report.diagnostics).toEqual([]);
      expect(report.valid).toBe(true);
    },
    120_000,
  );
});
