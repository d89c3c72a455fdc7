import { referencesIn } from "../terraform/references";
import { StackItem } from "./components";

/**
 * The edges of the architecture picture, all read from the synthesized stack: the traffic its
 * security-group rules allow (with ports), CloudFront's origins (with path patterns), API
 * Gateway's Lambda integrations, the tables IAM lets a component use, and, lighter, the secrets
 * and keys each component reads and the buckets it writes access logs to.
 */

/** Clients that reach the stack from the internet (the picture's entry point). */
export const USERS = "users";
/** The internet the stack calls out to (AI providers and other HTTPS APIs). */
export const INTERNET = "internet";

export type FlowStyle = "traffic" | "reads";

export interface Flow {
  readonly from: string;
  readonly to: string;
  /** Ports, path patterns, or what is read or written (secret, key, logs), sorted. */
  readonly labels: readonly string[];
  readonly style: FlowStyle;
}

export interface FlowContext {
  readonly items: readonly StackItem[];
  /** The component id of an address, undefined for lookups that have no node. */
  readonly componentOf: (address: string) => string | undefined;
  /** Whether a component runs in private subnets (its calls to the internet leave through NAT). */
  readonly isPrivate: (component: string) => boolean;
}

const SECRET_TYPES = new Set(["aws_secretsmanager_secret", "aws_secretsmanager_secret_version"]);
/** RDS keeps the master password in a secret of its own, referenced through the instance. */
const RDS_SECRET = /(aws_db_instance\.[A-Za-z0-9_-]+)\.master_user_secret/g;

export function deriveFlows(ctx: FlowContext): Flow[] {
  const flows = new Map<string, { from: string; to: string; labels: Set<string>; style: FlowStyle }>();
  const add = (from: string | undefined, to: string | undefined, label: string, style: FlowStyle = "traffic") => {
    if (from === undefined || to === undefined || from === to) return;
    const key = `${from}|${to}|${style}`;
    const flow = flows.get(key) ?? { from, to, labels: new Set<string>(), style };
    flow.labels.add(label);
    flows.set(key, flow);
  };
  const byAddress = new Map(ctx.items.map((i) => [i.address, i]));
  const of = (type: string) => ctx.items.filter((i) => i.type === type);
  const refs = (value: unknown) => referencesIn(value).map((r) => r.address);
  const componentOfRef = (value: unknown) =>
    refs(value)
      .map(ctx.componentOf)
      .find((c) => c !== undefined);
  const natComponent = of("aws_nat_gateway").map((n) => ctx.componentOf(n.address))[0];
  const distribution = of("aws_cloudfront_distribution").map((d) => ctx.componentOf(d.address))[0];

  // Security-group rules: ingress from the peer to the group's owner, egress the other way.
  for (const rule of [...of("aws_vpc_security_group_ingress_rule"), ...of("aws_vpc_security_group_egress_rule")]) {
    const ingress = rule.type.endsWith("ingress_rule");
    const owner = componentOfRef(rule.body.security_group_id);
    const port = portsOf(rule.body);
    const peer = peerOf(rule.body, ingress, byAddress, componentOfRef, distribution);
    if (owner === undefined || peer === undefined) continue;
    if (ingress) add(peer, owner, port);
    else if (peer === INTERNET && natComponent !== undefined && ctx.isPrivate(owner)) {
      add(owner, natComponent, port);
      add(natComponent, INTERNET, port);
    } else add(owner, peer, port);
  }

  // CloudFront: viewers (through the web ACL when there is one), then each origin with its path patterns.
  for (const d of of("aws_cloudfront_distribution")) {
    const id = ctx.componentOf(d.address);
    const acl = componentOfRef(d.body.web_acl_id);
    const viewer = d.body.default_cache_behavior?.viewer_protocol_policy === "allow-all" ? ":80 :443" : ":443";
    if (acl !== undefined) {
      add(USERS, acl, viewer);
      add(acl, id, "allowed");
    } else add(USERS, id, viewer);
    const behaviours = [{ ...d.body.default_cache_behavior, path_pattern: "default (*)" }, ...(d.body.ordered_cache_behavior ?? [])];
    for (const origin of d.body.origin ?? []) {
      const target = componentOfRef(origin.domain_name) ?? aliasTarget(origin.domain_name, of("aws_route53_record"), componentOfRef);
      for (const b of behaviours.filter((b) => b.target_origin_id === origin.origin_id)) add(id, target, b.path_pattern);
    }
  }

  // API Gateway: the public endpoint, and the functions its integrations invoke.
  for (const api of of("aws_api_gateway_rest_api")) {
    if (!(api.body.endpoint_configuration?.types ?? []).includes("PRIVATE")) add(USERS, ctx.componentOf(api.address), ":443");
  }
  for (const integration of [...of("aws_api_gateway_integration"), ...of("aws_apigatewayv2_integration")]) {
    add(ctx.componentOf(integration.address), componentOfRef(integration.body.uri ?? integration.body.integration_uri), "invoke");
  }

  // IAM: tables a component's policies allow are traffic; secrets and keys they allow are reads.
  for (const doc of of("aws_iam_policy_document").filter((d) => d.address.startsWith("data."))) {
    const reader = ctx.componentOf(doc.address);
    for (const statement of doc.body.statement ?? []) {
      if (statement.effect === "Deny") continue;
      for (const address of refs(statement.resources)) {
        const type = byAddress.get(address)?.type;
        if (type === "aws_dynamodb_table") add(reader, ctx.componentOf(address), "read/write");
        if (type === "aws_kms_key") add(reader, ctx.componentOf(address), "key", "reads");
      }
      for (const address of [...refs(statement.resources).filter((a) => SECRET_TYPES.has(byAddress.get(a)?.type ?? "")), ...rdsSecrets(statement.resources)]) {
        add(reader, ctx.componentOf(address), "secret", "reads");
      }
    }
  }
  // Outside IAM: secrets read by task definitions, CloudFront's origin header and the rules that
  // watch them; the buckets access logs go to (load balancer, CloudFront, S3 server access logs).
  for (const item of ctx.items.filter((i) => i.type !== "aws_iam_policy_document")) {
    for (const address of [...refs(item.body).filter((a) => SECRET_TYPES.has(byAddress.get(a)?.type ?? "")), ...rdsSecrets(item.body)]) {
      add(ctx.componentOf(item.address), ctx.componentOf(address), "secret", "reads");
    }
    for (const address of refs([item.body.access_logs?.bucket, item.body.logging_config?.bucket, item.body.target_bucket]))
      add(ctx.componentOf(item.address), ctx.componentOf(address), "logs", "reads");
  }

  return [...flows.values()]
    .map((f) => ({ from: f.from, to: f.to, style: f.style, labels: [...f.labels].sort((a, b) => a.localeCompare(b, "en", { numeric: true })) }))
    .sort((a, b) => `${a.style}|${a.from}|${a.to}`.localeCompare(`${b.style}|${b.from}|${b.to}`));
}

/** `:443`, `:1024-65535` or `all`. */
function portsOf(rule: Record<string, any>): string {
  if (rule.ip_protocol === "-1") return "all";
  return rule.from_port === rule.to_port ? `:${rule.from_port}` : `:${rule.from_port}-${rule.to_port}`;
}

/** Who is on the other side of a rule: another group's component, the internet, or CloudFront by its prefix list. */
function peerOf(
  rule: Record<string, any>,
  ingress: boolean,
  byAddress: ReadonlyMap<string, StackItem>,
  componentOfRef: (value: unknown) => string | undefined,
  distribution: string | undefined,
): string | undefined {
  if (rule.referenced_security_group_id !== undefined) return componentOfRef(rule.referenced_security_group_id);
  if (rule.cidr_ipv4 === "0.0.0.0/0" || rule.cidr_ipv6 === "::/0") return ingress ? USERS : INTERNET;
  if (rule.prefix_list_id !== undefined) {
    const list = referencesIn(rule.prefix_list_id).map((r) => byAddress.get(r.address))[0];
    return String(list?.body.name ?? "").includes("cloudfront") ? distribution : undefined;
  }
  return undefined;
}

/** The component a Route 53 alias record of that name points at (an origin named by its DNS name). */
function aliasTarget(name: string, records: readonly StackItem[], componentOfRef: (value: unknown) => string | undefined): string | undefined {
  const record = records.find((r) => r.body.name === name && r.body.alias !== undefined);
  return record && componentOfRef(record.body.alias.name);
}

/** The RDS instances whose managed master-password secret a value references. */
function rdsSecrets(value: unknown): string[] {
  return [...JSON.stringify(value ?? null).matchAll(RDS_SECRET)].map((m) => m[1]);
}
