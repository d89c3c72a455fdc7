import { join } from "node:path";
import { loadDeployments } from "../src/config/deployments";
import { configurationSources, PROJECT_ROOT } from "../src/config/sources";
import { estimateStack } from "../src/cost/estimate";
import { loadPriceSheet } from "../src/cost/price-sheet";
import { Architecture, buildArchitecture } from "../src/diagram/architecture";
import { componentOf } from "../src/diagram/components";
import { buildGraph, toDot } from "../src/diagram/graph";
import { synthesize } from "../src/terraform/synthesized";
import { addressesOf, config } from "./helpers";

// Each configuration's stack is synthesized once in this file (several tests read the same one).
jest.mock("../src/terraform/synthesized", () => require("./synthesize-once").synthesizedOnce());

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

/** The configuration of a source (`default` or an example), synthesized. */
function synthesizedExample(name: string) {
  const source = configurationSources().find((s) => s.name === name)!;
  const result = loadDeployments(source.file === undefined ? "" : join(PROJECT_ROOT, source.file));
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return { cfg: result.configs[0], json: synthesize(result.configs[0]) };
}

/** `from -> to labels` of each traffic edge, to compare with the guide's diagrams. */
function traffic(arch: Architecture): string[] {
  return arch.flows.filter((f) => f.style === "traffic").map((f) => `${f.from} -> ${f.to} ${f.labels.join(" ")}`);
}

function reads(arch: Architecture): string[] {
  return arch.flows.filter((f) => f.style === "reads").map((f) => `${f.from} -> ${f.to} ${f.labels.join(" ")}`);
}

describe("the architecture picture (components and traffic)", () => {
  const container = synthesizedExample("default");
  const containerArch = buildArchitecture(container.json, estimateStack(container.json, loadPriceSheet(container.cfg.region)!, container.cfg.estimate));
  const hybrid = synthesizedExample("hybrid");
  const hybridArch = buildArchitecture(hybrid.json);
  const serverless = synthesizedExample("serverless");
  const serverlessArch = buildArchitecture(serverless.json);
  const node = (arch: Architecture, id: string) => arch.nodes.find((n) => n.id === id)!;

  it("draws the container stack as the guide does: internet -> ALB -> ECS -> RDS/Redis, out through NAT, with ports from its security groups", () => {
    expect(containerArch.nodes.map((n) => `${n.id}:${n.tier}`).sort()).toEqual([
      "api-keys:regional",
      "artifacts:regional",
      "cache:private",
      "database:private",
      "dns:global",
      "encryption-key:regional",
      "load-balancer:public",
      "log-delivery:regional",
      "network:public",
      "observability:regional",
      "redeploy:regional",
      "service:private",
    ]);
    expect(traffic(containerArch)).toEqual([
      "load-balancer -> service :8000",
      "network -> internet :443",
      "service -> cache :6379",
      "service -> database :5432",
      "service -> network :443",
      "users -> load-balancer :80 :443",
    ]);
    expect(reads(containerArch)).toEqual(
      expect.arrayContaining([
        "service -> api-keys secret",
        "service -> database secret",
        "service -> encryption-key key",
        "redeploy -> api-keys secret",
        "load-balancer -> log-delivery logs",
      ]),
    );
  });

  it("draws the hybrid stack: users -> WAF -> CloudFront -> API Gateway (default) and the ALB (its path patterns), the ALB open to CloudFront only", () => {
    expect(traffic(hybridArch)).toEqual([
      "api -> function invoke",
      "distribution -> api default (*)",
      "distribution -> load-balancer :443 /verify*",
      "function -> table read/write",
      "load-balancer -> service :8000",
      "network -> internet :443",
      "service -> cache :6379",
      "service -> database :5432",
      "service -> network :443",
      "users -> api :443",
      "users -> web-acl :443",
      "web-acl -> distribution allowed",
    ]);
    expect(reads(hybridArch)).toEqual(expect.arrayContaining(["distribution -> origin-verify secret", "load-balancer -> origin-verify secret", "function -> api-keys secret"]));
    expect(["distribution", "web-acl", "dns"].map((id) => node(hybridArch, id).tier)).toEqual(["global", "global", "global"]);
  });

  it("draws the serverless stack: users -> API Gateway -> Lambda -> DynamoDB, no VPC", () => {
    expect(traffic(serverlessArch)).toEqual(["api -> function invoke", "function -> table read/write", "users -> api :443"]);
    expect(reads(serverlessArch)).toEqual(["function -> api-keys secret", "function -> encryption-key key"]);
    expect(serverlessArch.nodes.filter((n) => ["public", "private", "vpc"].includes(n.tier))).toEqual([]);
    expect(node(serverlessArch, "function").details).toContain("1024 MB, x86_64, python3.11");
  });

  it("keeps every architecture at most 25 nodes, with none left on its own in the VPC", () => {
    for (const arch of [containerArch, hybridArch, serverlessArch]) {
      expect(arch.nodes.length).toBeLessThanOrEqual(25);
      expect(arch.nodes.filter((n) => n.tier === "vpc")).toEqual([]);
    }
  });

  it("labels each component with the sizes a reviewer checks, read from the synthesized resources", () => {
    expect(node(containerArch, "database").details).toEqual(["db.t3.small, Multi-AZ, 100 GB"]);
    expect(node(containerArch, "service").details[0]).toBe("2-10 tasks, 0.5 vCPU / 1 GB");
    expect(node(containerArch, "cache").details).toEqual(["1 × cache.t3.micro, TLS"]);
    expect(containerArch.subnets).toEqual({ public: ["10.0.0.0/20", "10.0.16.0/20"], private: ["10.0.128.0/20", "10.0.144.0/20"] });
  });

  it("prices each component with the lines of npm run cost's estimate; what no single component owns is shown apart, and the sum is the total", () => {
    const estimate = estimateStack(container.json, loadPriceSheet(container.cfg.region)!, container.cfg.estimate);
    const rds = estimate.lines.filter((l) => l.address?.startsWith("aws_db_instance.")).reduce((sum, l) => sum + l.monthly, 0);
    expect(node(containerArch, "database").monthly).toBeCloseTo(rds, 6);
    const alarms = estimate.lines.filter((l) => l.service === "CloudWatch" && l.item.includes("alarms"));
    expect(node(containerArch, "observability").monthly).toBeGreaterThanOrEqual(alarms[0].monthly);
    expect(containerArch.nodes.reduce((sum, n) => sum + n.monthly!, 0) + containerArch.shared!.monthly).toBeCloseTo(estimate.total, 6);
    expect(containerArch.shared!.services).toEqual(expect.arrayContaining(["Data transfer", "S3"]));
    expect(node(containerArch, "artifacts").sharedWith).toEqual(["S3"]);
  });

  it("derives edges from the synthesized rules, not from a drawing: another port or no rule changes the picture", () => {
    const json = JSON.parse(JSON.stringify(container.json));
    const ingress = json.resource.aws_vpc_security_group_ingress_rule;
    const toService = Object.keys(ingress).find((k) => k.startsWith("service_"))!;
    ingress[toService] = { ...ingress[toService], from_port: 9000, to_port: 9000 };
    const egress = json.resource.aws_vpc_security_group_egress_rule;
    delete egress[Object.keys(egress).find((k) => k.includes("egress-anywhere-443"))!];
    const changed = traffic(buildArchitecture(json));
    expect(changed).toContain("load-balancer -> service :8000 :9000");
    expect(changed.filter((e) => e.includes("internet"))).toEqual([]);
  });

  it("refuses a construct it cannot place, naming it and the table to add it to", () => {
    expect(() => componentOf("new-thing")).toThrow('the architecture diagram does not know the construct "new-thing": add it to CONSTRUCT_COMPONENTS in src/diagram/components.ts');
  });
});
