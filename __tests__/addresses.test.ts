import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Construct } from "constructs";
import { TerraformResource, Testing } from "cdktf";
import { addressProblems, AddressList, formatAddressList, parseAddressList, resourceAddresses } from "../src/terraform/addresses";
import { buildStack, buildStacks } from "../src/stacks/build";
import { loadDeployments } from "../src/config/deployments";
import { configurationSources, PROJECT_ROOT } from "../src/config/sources";
import { ContainerStack } from "../src/stacks/container-stack";
import { config } from "./helpers";

function stacksOf(file: string | undefined) {
  const result = loadDeployments(file === undefined ? "" : join(PROJECT_ROOT, file));
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return buildStacks(Testing.app(), result.configs);
}

describe("the committed address lists", () => {
  it.each(configurationSources().map((s) => [s.name, s.file] as const))("match the stacks of %s", (name, file) => {
    const listed = parseAddressList(readFileSync(join(PROJECT_ROOT, "addresses", `${name}.txt`), "utf8"));
    expect(addressProblems(listed, stacksOf(file))).toEqual([]);
  });
});

/**
 * Builds the default container stack as it would be after a refactor that renames the database
 * construct from `database` to `postgres`: every resource in it gets a new address. With
 * `carryOldAddresses`, the refactor also adds the moved blocks that keep them.
 */
function stackWithRenamedDatabase(oldAddresses: ReadonlyMap<string, string>, carryOldAddresses: boolean): ContainerStack {
  let stack: ContainerStack | undefined;
  jest.isolateModules(() => {
    jest.doMock("../src/constructs/database", () => {
      const actual = jest.requireActual("../src/constructs/database");
      class RenamedDatabase extends actual.Database {
        constructor(scope: Construct, _id: string, props: unknown) {
          super(scope, "postgres", props);
        }
      }
      return { ...actual, Database: RenamedDatabase };
    });
    const { buildStack: build } = require("../src/stacks/build");
    stack = build(Testing.app(), config()) as ContainerStack;
  });
  if (carryOldAddresses) {
    for (const resource of stack!.node.findAll().filter((c): c is TerraformResource => TerraformResource.isTerraformResource(c))) {
      const oldAddress = oldAddresses.get(resource.node.path.replace(/^[^/]+\/postgres\//, "database/"));
      if (resource.node.path.includes("/postgres/") && oldAddress !== undefined) resource.moveFromId(oldAddress);
    }
  }
  return stack!;
}

describe("the address check", () => {
  const before = buildStack(Testing.app(), config());
  const listed: AddressList = parseAddressList(formatAddressList("a test", [before]));
  const oldAddresses = new Map(resourceAddresses(before).map((r) => [r.constructPath, r.address]));
  const databaseAddresses = resourceAddresses(before).filter((r) => r.constructPath.startsWith("database/"));

  it("catches a renamed database construct that would make Terraform replace the database", () => {
    const after = stackWithRenamedDatabase(oldAddresses, false);
    const problems = addressProblems(listed, [after]);
    const instance = oldAddresses.get("database/instance")!;
    expect(problems).toContain(
      `${after.node.id}: ${instance} disappeared without a moved block: Terraform would destroy it. ` +
        `Keep its construct ID and path, or call moveFromId("${instance}") on the resource that replaces it`,
    );
    // Every resource of the construct is reported, gone and new.
    expect(problems.filter((p) => p.includes("disappeared"))).toHaveLength(databaseAddresses.length);
    expect(problems.filter((p) => p.includes("(postgres/"))).toHaveLength(databaseAddresses.length);
  });

  it("accepts the rename when moved blocks carry the old addresses", () => {
    const after = stackWithRenamedDatabase(oldAddresses, true);
    const moved = JSON.parse(Testing.synth(after)).moved;
    expect(moved).toHaveLength(databaseAddresses.length);
    expect(moved).toContainEqual({ from: oldAddresses.get("database/instance"), to: expect.stringMatching(/^aws_db_instance\.postgres_instance_/) });
    // No address disappears; only the new ones are left to record in the list.
    const problems = addressProblems(listed, [after]);
    expect(problems.filter((p) => p.includes("disappeared"))).toEqual([]);
    expect(problems).toHaveLength(databaseAddresses.length);
  });

  it("reports a stack that is no longer synthesized", () => {
    const gone = new Map([["trustwrapper-dev-eu-west-1", ["aws_vpc.network_vpc_0000"]]]);
    expect(addressProblems(gone, [before])[0]).toBe(
      "stack trustwrapper-dev-eu-west-1 is listed but no longer synthesized: its state would be orphaned (run npm run addresses if intended)",
    );
  });

  it("lists every emitted resource with the construct path that made it", () => {
    const json = JSON.parse(Testing.synth(before));
    const emitted = Object.entries<object>(json.resource).flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`));
    expect(
      resourceAddresses(before)
        .map((r) => r.address)
        .sort(),
    ).toEqual(emitted.sort());
    expect(databaseAddresses.map((r) => r.constructPath)).toContain("database/instance");
  });
});
