import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { Testing } from "cdktf";
import { TrustWrapperConfigInput } from "../src/config/schema";
import { ContainerStack } from "../src/stacks/container-stack";
import { stackName } from "../src/stacks/trustwrapper-stack";
import { config } from "./helpers";

// Real `terraform init` + `terraform validate` on what we emit. Needs the terraform binary (and
// the provider, from the local mirror or the registry); skipped, with this message, without it.
const { terraformBinary, terraformEnv } = require("../scripts/terraform-env");
const binary: string | undefined = terraformBinary();
if (binary === undefined) {
  console.warn("SKIPPED terraform validate tests: no terraform binary on PATH (install Terraform >= 1.5 to run them)");
}
const describeWithTerraform = binary === undefined ? describe.skip : describe;

const cases: Array<[string, TrustWrapperConfigInput]> = [
  ["the default configuration", {}],
  ["dev with a NAT gateway per zone, 3 zones and a hosted zone ID", {
    environment: "dev",
    network: { natGateways: "perAz", availabilityZones: 3 },
    domain: { name: "api.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" },
    cache: { nodes: 2 },
    observability: { alarmEmail: "ops@example.com" },
  }],
];

describeWithTerraform("terraform validate", () => {
  it.each(cases)("accepts %s", (_name, input) => {
    const cfg = config(input);
    const stack = new ContainerStack(Testing.app(), stackName(cfg), cfg);
    const outdir = Testing.fullSynth(stack);
    const cwd = join(outdir, "stacks", stackName(cfg));
    const { env } = terraformEnv();
    const init = spawnSync(binary!, ["init", "-backend=false", "-input=false", "-no-color"], { cwd, env, encoding: "utf8" });
    expect(init.stderr).toBe("");
    expect(init.status).toBe(0);
    const validate = spawnSync(binary!, ["validate", "-json", "-no-color"], { cwd, env, encoding: "utf8" });
    const report = JSON.parse(validate.stdout);
    expect(report.diagnostics).toEqual([]);
    expect(report.valid).toBe(true);
  }, 120_000);
});
