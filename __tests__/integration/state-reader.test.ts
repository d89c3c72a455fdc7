// The e2e runs read the state with `terraform state pull` (no provider start) instead of
// `terraform show -json`: both must give the same managed instances, addresses and values. Checked
// with real Terraform on a state of terraform_data resources (built into Terraform: no provider),
// with count, for_each, a module and a data source.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { pulledResources, StateResource } from "../../scripts/e2e/state";
import { terraformForTests } from "../terraform";

const { binary, itWithTerraform } = terraformForTests("the state reader test");
const { terraformEnv } = require("../../scripts/terraform-env.js");

interface ShownModule {
  resources?: (StateResource & { mode: string })[];
  child_modules?: ShownModule[];
}

/** Every managed resource of `terraform show -json`, the modules' too. */
function shownResources(module: ShownModule): StateResource[] {
  return [
    ...(module.resources ?? []).filter((r) => r.mode === "managed").map(({ address, type, values }) => ({ address, type, values })),
    ...(module.child_modules ?? []).flatMap(shownResources),
  ];
}

const byAddress = (a: StateResource, b: StateResource) => a.address.localeCompare(b.address);

itWithTerraform("terraform state pull gives the managed instances of terraform show -json", () => {
  const dir = mkdtempSync(join(tmpdir(), "state-reader-"));
  mkdirSync(join(dir, "inner"));
  writeFileSync(join(dir, "inner", "main.tf.json"), JSON.stringify({ resource: { terraform_data: { nested: { input: "in a module" } } } }));
  writeFileSync(join(dir, "other.tfstate"), JSON.stringify({ version: 4, terraform_version: "1.11.4", serial: 1, lineage: "other", outputs: {}, resources: [] }));
  writeFileSync(
    join(dir, "main.tf.json"),
    JSON.stringify({
      resource: {
        terraform_data: {
          plain: { input: { size: 1, tags: ["a"] } },
          counted: { count: 2, input: "${count.index}" },
          keyed: { for_each: { x: "1", "with space": "2" }, input: "${each.value}" },
        },
      },
      data: { terraform_remote_state: { none: { backend: "local", config: { path: "other.tfstate" } } } },
      module: { inner: { source: "./inner" } },
    }),
  );
  const { env } = terraformEnv();
  const terraform = (...args: string[]) => {
    const run = spawnSync(binary!, [...args, "-no-color"], { cwd: dir, env, encoding: "utf8" });
    expect({ args, status: run.status, stderr: run.stderr }).toEqual({ args, status: 0, stderr: "" });
    return run.stdout;
  };
  terraform("init", "-input=false");
  terraform("apply", "-auto-approve", "-input=false");

  const pulled = pulledResources(JSON.parse(terraform("state", "pull"))).sort(byAddress);
  const shown = shownResources(JSON.parse(terraform("show", "-json")).values.root_module).sort(byAddress);
  expect(pulled.map((r) => r.address)).toEqual(
    [
      "terraform_data.counted[0]",
      "terraform_data.counted[1]",
      'terraform_data.keyed["with space"]',
      'terraform_data.keyed["x"]',
      "module.inner.terraform_data.nested",
      "terraform_data.plain",
    ].sort(),
  );
  // terraform_data's input and output are dynamically typed: the state file keeps such a value
  // with its type, which show -json drops. Every other attribute reads the same.
  const unwrapped = pulled.map(({ values: { input, output, ...rest }, ...resource }) => {
    expect([input, output]).toEqual([
      { type: expect.anything(), value: expect.anything() },
      { type: expect.anything(), value: expect.anything() },
    ]);
    return { ...resource, values: { ...rest, input: (input as { value: unknown }).value, output: (output as { value: unknown }).value } };
  });
  expect(unwrapped).toEqual(shown);
});

itWithTerraform("no resource of the AWS provider has a dynamically typed attribute, so the state file reads as show -json for every AWS resource", () => {
  const dir = mkdtempSync(join(tmpdir(), "state-reader-aws-"));
  // The provider requirement the stacks synthesize.
  const stack = new TerraformStack(Testing.app(), "provider");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ terraform: JSON.parse(Testing.synth(stack)).terraform }));
  const { env } = terraformEnv();
  expect(spawnSync(binary!, ["init", "-input=false", "-no-color"], { cwd: dir, env }).status).toBe(0);
  const schema = JSON.parse(spawnSync(binary!, ["providers", "schema", "-json"], { cwd: dir, env, encoding: "utf8", maxBuffer: 1 << 30 }).stdout);
  const resources: Record<string, { block: Block }> = schema.provider_schemas["registry.terraform.io/hashicorp/aws"].resource_schemas;
  expect(Object.keys(resources).length).toBeGreaterThan(1000);
  expect(Object.entries(resources).flatMap(([type, { block }]) => dynamicAttributes(block, type))).toEqual([]);
});

interface Block {
  attributes?: Record<string, { type?: unknown }>;
  block_types?: Record<string, { block: Block }>;
}

/** The paths of a schema block's attributes whose type is or holds "dynamic". */
function dynamicAttributes(block: Block, path: string): string[] {
  return [
    ...Object.entries(block.attributes ?? {})
      .filter(([, attribute]) => JSON.stringify(attribute.type ?? null).includes('"dynamic"'))
      .map(([name]) => `${path}.${name}`),
    ...Object.entries(block.block_types ?? {}).flatMap(([name, nested]) => dynamicAttributes(nested.block, `${path}.${name}`)),
  ];
}
