import { TerraformDocument } from "../terraform/synthesized";
import { referencesIn } from "../terraform/references";

/**
 * The architecture picture of a synthesized stack: every resource and data source of its
 * Terraform JSON is a node, every `${type.name.attr}` reference an edge, and each node sits in
 * the tier where it runs: the public or private subnets of the VPC (a subnet is public when its
 * route table routes to an internet gateway), the VPC itself, the region, or global services.
 */

export const TIERS = ["public", "private", "vpc", "regional", "global"] as const;
export type Tier = (typeof TIERS)[number];

export const TIER_LABELS: Readonly<Record<Tier, string>> = {
  public: "Public subnets",
  private: "Private subnets",
  vpc: "VPC",
  regional: "Regional services",
  global: "Global services",
};

const TIER_COLOURS: Readonly<Record<Tier, string>> = {
  public: "#e3f4e1",
  private: "#e1ecf7",
  vpc: "#f4f4f4",
  regional: "#fdf6e3",
  global: "#efe8f6",
};

export interface GraphNode {
  /** `aws_x.name` or `data.aws_x.name`. */
  readonly address: string;
  readonly type: string;
  /** The construct path that made it (`database/instance`), or its Terraform name without the hash. */
  readonly label: string;
  readonly dataSource: boolean;
  readonly tier: Tier;
}

export interface ResourceGraph {
  readonly nodes: readonly GraphNode[];
  /** From the node that holds the reference to the node it references. */
  readonly edges: readonly { readonly from: string; readonly to: string }[];
}

/** Services that are not regional (IAM, Route53, CloudFront and the WAF in front of it). */
const GLOBAL_TYPE = /^aws_(iam_|route53_|cloudfront_)/;
const SUBNET_GROUP_TYPES = new Set(["aws_db_subnet_group", "aws_elasticache_subnet_group"]);
/** Resources that belong to the VPC without being in a subnet. */
const VPC_TYPES = new Set(["aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule", "aws_security_group_rule"]);

interface Item {
  readonly address: string;
  readonly type: string;
  readonly body: Record<string, any>;
  readonly dataSource: boolean;
  readonly refs: readonly string[];
}

export function buildGraph(json: TerraformDocument): ResourceGraph {
  const items = new Map<string, Item>();
  const add = (prefix: string, blocks: TerraformDocument["resource"], dataSource: boolean) => {
    for (const [type, byName] of Object.entries(blocks ?? {})) {
      for (const [name, body] of Object.entries(byName)) {
        const address = `${prefix}${type}.${name}`;
        items.set(address, { address, type, body, dataSource, refs: referencesIn(body).map((r) => r.address) });
      }
    }
  };
  add("", json.resource, false);
  add("data.", json.data, true);

  const edges = [...items.values()].flatMap((item) => item.refs.filter((to) => items.has(to) && to !== item.address).map((to) => ({ from: item.address, to })));
  const referrers = (address: string) => edges.filter((e) => e.to === address).map((e) => items.get(e.from)!);

  // Public route tables route to an internet gateway; public subnets are associated with one.
  const routesToInternet = (table: Item) => referrers(table.address).some((r) => r.type === "aws_route" && r.refs.some((a) => items.get(a)?.type === "aws_internet_gateway"));
  const subnetTier = new Map<string, Tier>();
  for (const subnet of [...items.values()].filter((i) => i.type === "aws_subnet")) {
    const tables = referrers(subnet.address)
      .filter((r) => r.type === "aws_route_table_association")
      .flatMap((assoc) => assoc.refs.map((a) => items.get(a)).filter((t): t is Item => t?.type === "aws_route_table"));
    subnetTier.set(subnet.address, tables.some(routesToInternet) ? "public" : "private");
  }

  const tiers = new Map<string, Tier>();
  const subnetTiersOf = (item: Item): Tier[] =>
    item.refs.flatMap((a) => {
      const target = items.get(a);
      if (target === undefined) return [];
      if (subnetTier.has(a)) return [subnetTier.get(a)!];
      return SUBNET_GROUP_TYPES.has(target.type) ? subnetTiersOf(target) : [];
    });
  const ownTier = (item: Item): Tier | undefined => {
    if (subnetTier.has(item.address)) return subnetTier.get(item.address);
    const inSubnets = new Set(subnetTiersOf(item));
    if (inSubnets.size > 0) return inSubnets.has("public") && inSubnets.size === 1 ? "public" : inSubnets.has("private") && inSubnets.size === 1 ? "private" : "vpc";
    if (item.type === "aws_route_table") {
      const associated = new Set(referrers(item.address).flatMap((r) => (r.type === "aws_route_table_association" ? subnetTiersOf(r) : [])));
      return associated.size === 1 ? [...associated][0] : "vpc";
    }
    if (item.type === "aws_wafv2_web_acl" && item.body.scope === "CLOUDFRONT") return "global";
    if (GLOBAL_TYPE.test(item.type)) return "global";
    if (VPC_TYPES.has(item.type) || item.refs.some((a) => items.get(a)?.type === "aws_vpc") || item.type === "aws_vpc") return "vpc";
    return undefined;
  };
  for (const item of items.values()) {
    const tier = ownTier(item);
    if (tier !== undefined) tiers.set(item.address, tier);
  }
  // Routes sit with their route table; an Elastic IP with the NAT gateway that holds it.
  for (const item of items.values()) {
    if (tiers.has(item.address)) continue;
    const near =
      item.type === "aws_route" ? item.refs.find((a) => items.get(a)?.type === "aws_route_table") : item.type === "aws_eip" ? referrers(item.address)[0]?.address : undefined;
    tiers.set(item.address, (near && tiers.get(near)) || "regional");
  }

  const nodes = [...items.values()].map((item) => ({
    address: item.address,
    type: item.type,
    label:
      constructPath(item) ??
      item.address
        .split(".")
        .pop()!
        .replace(/_[0-9A-F]{8}$/, ""),
    dataSource: item.dataSource,
    tier: tiers.get(item.address)!,
  }));
  return { nodes, edges };
}

/** Graphviz DOT of the graph: one cluster per tier, public and private subnets inside the VPC. */
export function toDot(graph: ResourceGraph, title: string): string {
  const node = (n: GraphNode) =>
    `    ${quote(n.address)} [label=${quote(`${n.dataSource ? "data." : ""}${n.type}\n${n.label}`)}${n.dataSource ? ', style="dashed,rounded,filled"' : ""}];`;
  const cluster = (tier: Tier, inner = ""): string[] => [
    `  subgraph ${quote(`cluster_${tier}`)} {`,
    `    label=${quote(TIER_LABELS[tier])}; style=filled; fillcolor=${quote(TIER_COLOURS[tier])}; color="#bbbbbb";`,
    ...graph.nodes.filter((n) => n.tier === tier).map(node),
    inner,
    "  }",
  ];
  return [
    `digraph ${quote(title)} {`,
    `  graph [rankdir=LR, fontname="Helvetica", fontsize=12, label=${quote(title)}, labelloc=t, compound=true];`,
    '  node [shape=box, style="rounded,filled", fillcolor=white, fontname="Helvetica", fontsize=9];',
    '  edge [color="#888888", arrowsize=0.5];',
    ...cluster("vpc", [...cluster("public"), ...cluster("private")].join("\n")),
    ...cluster("regional"),
    ...cluster("global"),
    ...graph.edges.map((e) => `  ${quote(e.from)} -> ${quote(e.to)};`),
    "}",
  ]
    .filter((line) => line !== "")
    .join("\n");
}

function constructPath(item: Item): string | undefined {
  const path: string | undefined = item.body["//"]?.metadata?.path;
  return path?.split("/").slice(1).join("/");
}

/** A DOT string literal. */
export function quote(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}
