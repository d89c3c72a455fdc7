import { StackEstimate } from "../cost/estimate";
import { TerraformDocument } from "../terraform/synthesized";
import { ComponentKind, StackItem, summarizeComponents } from "./components";
import { deriveFlows, Flow, INTERNET, USERS } from "./flows";
import { buildGraph, quote, Tier } from "./graph";

/**
 * The architecture picture of a synthesized stack (`npm run diagram`): one node per component,
 * labelled with its sizes and monthly cost, the traffic between them as edges, grouped as AWS
 * diagrams are: region, VPC, public and private subnets, global services apart, users on the left.
 */

export interface ArchitectureNode {
  readonly id: string;
  readonly kind: ComponentKind;
  readonly title: string;
  readonly details: readonly string[];
  readonly tier: Tier;
  /** The monthly cost of its resources in the stack's estimate; undefined without an estimate. */
  readonly monthly?: number;
  /** Services of estimate lines it shares with other components (e.g. S3 storage of all buckets). */
  readonly sharedWith?: readonly string[];
}

export interface Architecture {
  readonly region: string;
  readonly vpcCidr?: string;
  /** CIDR blocks of the public and private subnets, one per zone. */
  readonly subnets: Readonly<Record<"public" | "private", readonly string[]>>;
  readonly nodes: readonly ArchitectureNode[];
  readonly flows: readonly Flow[];
  /** Estimate lines no single component owns (data transfer, or logs spread over several). */
  readonly shared?: { readonly monthly: number; readonly services: readonly string[] };
  readonly total?: number;
  readonly currency?: string;
}

/** Kinds that do not run in the VPC, and where they are drawn. */
const OUTSIDE_VPC: Partial<Record<ComponentKind, Tier>> = {
  secret: "regional",
  bucket: "regional",
  observability: "regional",
  redeploy: "regional",
  api: "regional",
  function: "regional",
  table: "regional",
  key: "regional",
  distribution: "global",
  "web-acl": "global",
  dns: "global",
};

export function buildArchitecture(json: TerraformDocument & { provider?: Record<string, any> }, estimate?: StackEstimate): Architecture {
  const items = stackItems(json);
  const components = summarizeComponents(items);
  const component = new Map(components.flatMap((c) => c.addresses.map((a) => [a, c.id] as const)));
  const tierOfAddress = new Map(buildGraph(json).nodes.map((n) => [n.address, n.tier]));

  const nodes: ArchitectureNode[] = components.map((c) => {
    const monthly = estimate?.lines.filter((l) => owner(l, component) === c.id).reduce((sum, l) => sum + l.monthly, 0);
    const sharedWith = estimate && [
      ...new Set(estimate.lines.filter((l) => owner(l, component) === undefined && l.covers?.some((a) => c.addresses.includes(a))).map((l) => l.service)),
    ];
    return { id: c.id, kind: c.kind, title: c.title, details: c.details, tier: OUTSIDE_VPC[c.kind] ?? subnetTier(c.kind, c.addresses, tierOfAddress), monthly, sharedWith };
  });
  const tierOf = new Map(nodes.map((n) => [n.id, n.tier]));
  const flows = deriveFlows({ items, componentOf: (a) => component.get(a), isPrivate: (c) => tierOf.get(c) === "private" });

  const subnetCidrs = (tier: "public" | "private") =>
    items
      .filter((i) => i.type === "aws_subnet" && tierOfAddress.get(i.address) === tier)
      .map((i) => String(i.body.cidr_block))
      .sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  const shared = estimate?.lines.filter((l) => owner(l, component) === undefined);
  return {
    region: String(json.provider?.aws?.[0]?.region ?? "region"),
    vpcCidr: items.find((i) => i.type === "aws_vpc")?.body.cidr_block,
    subnets: { public: subnetCidrs("public"), private: subnetCidrs("private") },
    nodes,
    flows,
    ...(estimate && shared
      ? {
          shared: { monthly: shared.reduce((sum, l) => sum + l.monthly, 0), services: [...new Set(shared.map((l) => l.service))] },
          total: estimate.total,
          currency: estimate.currency,
        }
      : {}),
  };
}

/** The component an estimate line belongs to: its resource's, or the one all the resources it covers share. */
function owner(line: StackEstimate["lines"][number], component: ReadonlyMap<string, string>): string | undefined {
  if (line.address !== undefined) return component.get(line.address);
  const owners = new Set((line.covers ?? []).map((a) => component.get(a)));
  return owners.size === 1 ? [...owners][0] : undefined;
}

/** Where a component in the VPC runs: the subnets its resources are placed in (NAT gateways in the public ones). */
function subnetTier(kind: ComponentKind, addresses: readonly string[], tierOfAddress: ReadonlyMap<string, Tier>): Tier {
  const placed = addresses.filter((a) => kind !== "network" || a.startsWith("aws_nat_gateway."));
  const tiers = new Set(placed.map((a) => tierOfAddress.get(a)).filter((t) => t === "public" || t === "private"));
  return tiers.size === 1 ? [...tiers][0]! : "vpc";
}

function stackItems(json: TerraformDocument): StackItem[] {
  const of = (prefix: string, blocks: TerraformDocument["resource"]) =>
    Object.entries(blocks ?? {}).flatMap(([type, byName]) =>
      Object.entries(byName).map(([name, body]) => ({ address: `${prefix}${type}.${name}`, type, body, construct: String(body["//"]?.metadata?.path ?? "").split("/")[1] ?? "" })),
    );
  return [...of("", json.resource), ...of("data.", json.data)];
}

const CLUSTER_STYLE: Readonly<Record<"region" | "vpc" | "public" | "private" | "global", string>> = {
  region: 'style="rounded"; color="#232f3e"; fillcolor="#ffffff"',
  vpc: 'style="rounded,filled"; color="#8c4fff"; fillcolor="#faf7ff"',
  public: 'style="rounded,filled"; color="#7aa116"; fillcolor="#eef6e1"',
  private: 'style="rounded,filled"; color="#147eba"; fillcolor="#e6f2f8"',
  global: 'style="rounded,dashed"; color="#666666"; fillcolor="#ffffff"',
};

/** Graphviz DOT of the architecture, left to right from the users. */
export function architectureDot(arch: Architecture, title: string): string {
  const money = (value: number) => `$${value.toFixed(2)}`;
  const node = (n: ArchitectureNode, indent: string) => {
    // A component with no line of its own says which shared line it is in (S3 storage of every bucket).
    const own =
      n.monthly !== undefined && n.monthly >= 0.005 ? `${money(n.monthly)} a month` : n.sharedWith?.length ? `in shared ${n.sharedWith.join(", ")}` : "no charge of its own";
    const cost = n.monthly === undefined ? [] : [`<font color="#8a5a00">${own}</font>`];
    const lines = [`<b>${html(n.title)}</b>`, ...n.details.map(html), ...cost];
    return `${indent}${quote(n.id)} [label=<${lines.join("<br/>")}>];`;
  };
  const nodesIn = (tier: Tier, indent: string) => arch.nodes.filter((n) => n.tier === tier).map((n) => node(n, indent));
  const cluster = (id: keyof typeof CLUSTER_STYLE, label: string, indent: string, body: string[]) =>
    body.length === 0 ? [] : [`${indent}subgraph ${quote(`cluster_${id}`)} {`, `${indent}  label=${quote(label)}; ${CLUSTER_STYLE[id]};`, ...body, `${indent}}`];
  const zones = (cidrs: readonly string[]) => (cidrs.length === 0 ? "" : ` (${cidrs.length} zone${cidrs.length === 1 ? "" : "s"}: ${cidrs.join(", ")})`);
  const caption = [
    title,
    ...(arch.total === undefined
      ? []
      : [
          `${money(arch.total)} a month (${arch.currency}, npm run cost)${arch.shared && arch.shared.monthly > 0 ? `, of which ${money(arch.shared.monthly)} not on one component: ${arch.shared.services.join(", ")}` : ""}`,
        ]),
  ].join("\n");
  const edge = (f: Flow) =>
    `  ${quote(f.from)} -> ${quote(f.to)} [label=${quote(f.labels.join(" "))}${f.style === "reads" ? ', style=dashed, color="#aaaaaa", fontcolor="#888888"' : ""}];`;
  const used = new Set(arch.flows.flatMap((f) => [f.from, f.to]));
  return [
    `digraph ${quote(title)} {`,
    `  graph [rankdir=LR, fontname="Helvetica", fontsize=16, label=${quote(caption)}, labelloc=t, nodesep=0.25, ranksep=0.5, newrank=true];`,
    '  node [shape=box, style="rounded,filled", fillcolor=white, color="#555555", fontname="Helvetica", fontsize=12, margin="0.3,0.1"];',
    '  edge [fontname="Helvetica", fontsize=11, color="#333333", arrowsize=0.7];',
    ...(used.has(USERS) ? [`  ${quote(USERS)} [label="Users", shape=oval, style=filled, fillcolor="#fff4d6"];`, `  { rank=source; ${quote(USERS)}; }`] : []),
    ...(used.has(INTERNET) ? [`  ${quote(INTERNET)} [label="Internet\\n(AI providers, HTTPS APIs)", shape=oval, style=filled, fillcolor="#fff4d6"];`] : []),
    ...cluster("region", `AWS region ${arch.region}`, "  ", [
      ...cluster("vpc", `VPC ${arch.vpcCidr ?? ""}`, "    ", [
        ...nodesIn("vpc", "      "),
        ...cluster("public", `Public subnets${zones(arch.subnets.public)}`, "      ", nodesIn("public", "        ")),
        ...cluster("private", `Private subnets${zones(arch.subnets.private)}`, "      ", nodesIn("private", "        ")),
      ]),
      ...nodesIn("regional", "    "),
    ]),
    ...cluster("global", "Global services", "  ", nodesIn("global", "    ")),
    ...arch.flows.map(edge),
    "}",
  ].join("\n");
}

function html(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
