import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadDeployments, stackName } from "../src/config/deployments";
import { configurationSources, PROJECT_ROOT } from "../src/configuration-sources";
import { buildGraph, toDot } from "../src/diagram/graph";
import { diagramName } from "../src/diagram/render";
import { synthesize, TerraformDocument } from "../src/synthesized";
import { config } from "./helpers";

/** Every resource and data-source address of a stack's Terraform JSON. */
function addressesOf(json: TerraformDocument): string[] {
  const of = (prefix: string, blocks: TerraformDocument["resource"]) =>
    Object.entries(blocks ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${prefix}${type}.${name}`));
  return [...of("", json.resource), ...of("data.", json.data)].sort();
}

/** The node titles of a Graphviz SVG (each node's title is its Terraform address). */
function svgNodeTitles(svg: string): string[] {
  return [...svg.matchAll(/<g id="node\d+" class="node">\s*<title>([^<]*)<\/title>/g)].map((m) => m[1].replace(/&#45;/g, "-").replace(/&#46;/g, ".")).sort();
}

describe("the resource graph", () => {
  const json = synthesize(config());
  const graph = buildGraph(json);
  const tierOf = (type: string) => [...new Set(graph.nodes.filter((n) => n.type === type).map((n) => n.tier))];

  it("has every resource and data source of the synthesized stack as a node", () => {
    expect(graph.nodes.map((n) => n.address).sort()).toEqual(addressesOf(json));
  });

  it("has an edge for each ${type.name.attr} reference", () => {
    const service = Object.keys(json.resource!.aws_ecs_service)[0];
    const task = Object.keys(json.resource!.aws_ecs_task_definition)[0];
    const nat = Object.entries(json.resource!.aws_nat_gateway)[0];
    expect(graph.edges).toContainEqual({ from: `aws_ecs_service.${service}`, to: `aws_ecs_task_definition.${task}` });
    const eip = /\$\{aws_eip\.([^.]+)\.allocation_id\}/.exec(nat[1].allocation_id)![1];
    expect(graph.edges).toContainEqual({ from: `aws_nat_gateway.${nat[0]}`, to: `aws_eip.${eip}` });
    // Policy documents are data sources: a role's policy references one.
    expect(graph.edges.some((e) => e.from.startsWith("aws_iam_role_policy.") && e.to.startsWith("data.aws_iam_policy_document."))).toBe(true);
  });

  it("places each resource in its tier: public and private subnets from their routes, the VPC, the region, global services", () => {
    expect(tierOf("aws_lb")).toEqual(["public"]);
    expect(tierOf("aws_nat_gateway")).toEqual(["public"]);
    expect(tierOf("aws_eip")).toEqual(["public"]);
    expect(tierOf("aws_ecs_service")).toEqual(["private"]);
    expect(tierOf("aws_db_instance")).toEqual(["private"]);
    expect(tierOf("aws_elasticache_replication_group")).toEqual(["private"]);
    expect(tierOf("aws_subnet").sort()).toEqual(["private", "public"]);
    expect(tierOf("aws_security_group")).toEqual(["vpc"]);
    expect(tierOf("aws_kms_key")).toEqual(["regional"]);
    expect(tierOf("aws_iam_role")).toEqual(["global"]);
    expect(tierOf("aws_route53_record")).toEqual(["global"]);
  });

  it("calls a subnet public only when its route table routes to an internet gateway, whatever its name", () => {
    const tiny = {
      resource: {
        aws_vpc: { v: {} },
        aws_internet_gateway: { igw: { vpc_id: "${aws_vpc.v.id}" } },
        aws_subnet: { public_by_name: { vpc_id: "${aws_vpc.v.id}" }, routed: { vpc_id: "${aws_vpc.v.id}" } },
        aws_route_table: { t: { vpc_id: "${aws_vpc.v.id}" } },
        aws_route: { r: { route_table_id: "${aws_route_table.t.id}", gateway_id: "${aws_internet_gateway.igw.id}" } },
        aws_route_table_association: { a: { subnet_id: "${aws_subnet.routed.id}", route_table_id: "${aws_route_table.t.id}" } },
      },
    };
    const tiers = Object.fromEntries(buildGraph(tiny).nodes.map((n) => [n.address, n.tier]));
    expect(tiers["aws_subnet.routed"]).toBe("public");
    expect(tiers["aws_subnet.public_by_name"]).toBe("private");
    expect(tiers["aws_route.r"]).toBe("public");
  });

  it("writes DOT with the subnet tiers nested in the VPC cluster", () => {
    const dot = toDot(graph, "title");
    expect(dot).toMatch(/subgraph "cluster_vpc" \{[\s\S]*subgraph "cluster_public" \{[\s\S]*subgraph "cluster_private" \{[\s\S]*\n {2}\}\n {2}subgraph "cluster_regional"/);
    for (const address of addressesOf(json)) expect(dot).toContain(`"${address}" [label=`);
  });
});

describe("npm run diagram", () => {
  it("renders the cdk.tf.json of synthesized stacks to SVG with every resource, no browser or network", () => {
    const dir = mkdtempSync(join(tmpdir(), "trustwrapper-diagram-"));
    const result = loadDeployments(join(PROJECT_ROOT, "examples", "lean.yaml"));
    if (!result.ok) throw new Error(result.errors.join("\n"));
    const json = synthesize(result.configs[0]);
    mkdirSync(join(dir, "stacks", "lean-stack"), { recursive: true });
    writeFileSync(join(dir, "stacks", "lean-stack", "cdk.tf.json"), JSON.stringify(json));
    const run = spawnSync("node", ["--import", "tsx", "scripts/diagram.ts", "--stacks", dir, "--out", join(dir, "svg")], { cwd: PROJECT_ROOT, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(readdirSync(join(dir, "svg"))).toEqual(["lean-stack.svg"]);
    const svg = readFileSync(join(dir, "svg", "lean-stack.svg"), "utf8");
    expect(svg).toMatch(/^<\?xml[\s\S]*<svg [\s\S]*<\/svg>\s*$/);
    expect(svgNodeTitles(svg)).toEqual(addressesOf(json));
    for (const label of ["VPC", "Public subnets", "Private subnets", "Regional services", "Global services"]) expect(svg).toContain(`>${label}</text>`);
  });

  it.each(configurationSources().map((s) => [s.name, s.file]))("docs/diagrams/ pictures of %s (in the README) show every resource of its current stacks", (name, file) => {
    const result = loadDeployments(file === undefined ? "" : join(PROJECT_ROOT, file));
    if (!result.ok) throw new Error(result.errors.join("\n"));
    for (const cfg of result.configs) {
      const picture = `docs/diagrams/${diagramName(name!, stackName(cfg), result.configs.length)}.svg`;
      const svg = readFileSync(join(PROJECT_ROOT, picture), "utf8");
      expect({ picture, nodes: svgNodeTitles(svg) }).toEqual({ picture, nodes: addressesOf(synthesize(cfg)) });
      expect(readFileSync(join(PROJECT_ROOT, "README.md"), "utf8")).toContain(`(${picture})`);
    }
  });
});
