/**
 * The components of the architecture picture: each top-level construct of a stack (the first
 * segment of a resource's construct path under the stack) belongs to one component, and each
 * component is labelled with the sizes a reviewer checks, read from its synthesized resources.
 */

/** A resource or data source of the synthesized stack. */
export interface StackItem {
  readonly address: string;
  readonly type: string;
  readonly body: Record<string, any>;
  /** The top-level construct that made it (`database` for `stack/database/instance`). */
  readonly construct: string;
}

export type ComponentKind =
  | "network"
  | "load-balancer"
  | "service"
  | "database"
  | "cache"
  | "secret"
  | "bucket"
  | "observability"
  | "redeploy"
  | "api"
  | "function"
  | "table"
  | "distribution"
  | "web-acl"
  | "key"
  | "dns";

/** How each kind is drawn: its title and the sizes read from its resources (one line each). */
const KINDS: Readonly<Record<ComponentKind, { readonly title: string; readonly details: (of: (type: string) => Record<string, any>[]) => string[] }>> = {
  network: {
    title: "NAT gateway",
    details: (of) => [
      `${of("aws_nat_gateway").length} NAT gateway${of("aws_nat_gateway").length === 1 ? "" : "s"}, ${of("aws_eip").length} Elastic IP`,
      ...of("aws_vpc_endpoint").map((e) => `${String(e.service_name).split(".").pop()} ${String(e.vpc_endpoint_type).toLowerCase()} endpoint`),
    ],
  },
  "load-balancer": {
    title: "Application Load Balancer",
    details: (of) => [
      `${of("aws_lb")[0]?.internal ? "internal" : "internet-facing"}, listeners ${of("aws_lb_listener")
        .map((l) => `:${l.port}`)
        .join(" ")}`,
      ...of("aws_wafv2_web_acl").map((w) => `WAF web ACL, ${(w.rule ?? []).length} rules`),
    ],
  },
  service: {
    title: "ECS Fargate service",
    details: (of) => {
      const task = of("aws_ecs_task_definition")[0] ?? {};
      const scaling = of("aws_appautoscaling_target")[0];
      const tasks = scaling ? `${scaling.min_capacity}-${scaling.max_capacity} tasks` : `${of("aws_ecs_service")[0]?.desired_count ?? 1} tasks`;
      return [`${tasks}, ${Number(task.cpu) / 1024} vCPU / ${Number(task.memory) / 1024} GB`, `${task.runtime_platform?.cpu_architecture ?? "X86_64"}`];
    },
  },
  database: {
    title: "RDS PostgreSQL",
    details: (of) => of("aws_db_instance").map((db) => `${db.instance_class}, ${db.multi_az ? "Multi-AZ" : "Single-AZ"}, ${db.allocated_storage} GB`),
  },
  cache: {
    title: "ElastiCache Redis",
    details: (of) => of("aws_elasticache_replication_group").map((r) => `${r.num_cache_clusters ?? 1} × ${r.node_type}, TLS`),
  },
  secret: { title: "Secret", details: (of) => of("aws_secretsmanager_secret").map((s) => String(s.name)) },
  bucket: { title: "S3 bucket", details: () => [] },
  observability: {
    title: "CloudWatch alarms",
    details: (of) => [`${of("aws_cloudwatch_metric_alarm").length} alarms, ${of("aws_cloudwatch_dashboard").length} dashboard, SNS`],
  },
  redeploy: { title: "Redeploy machine", details: () => ["Step Functions, on secret change"] },
  api: {
    title: "API Gateway",
    details: (of) => of("aws_api_gateway_rest_api").map((api) => `REST, ${(api.endpoint_configuration?.types ?? ["EDGE"]).join(" ")}`),
  },
  function: {
    title: "Lambda function",
    details: (of) => [
      ...of("aws_lambda_function").map((f) => `${f.memory_size ?? 128} MB, ${f.architectures?.[0] ?? "x86_64"}, ${f.runtime}`),
      ...of("aws_cloudwatch_event_rule").map((r) => `warm-up ${String(r.schedule_expression).replace(/^rate\((.*)\)$/, "every $1")}`),
    ],
  },
  table: {
    title: "DynamoDB table",
    details: (of) =>
      of("aws_dynamodb_table").map((t) => `${t.billing_mode === "PAY_PER_REQUEST" ? "on-demand" : "provisioned"}${t.point_in_time_recovery?.enabled ? ", PITR" : ""}`),
  },
  distribution: {
    title: "CloudFront",
    details: (of) => of("aws_cloudfront_distribution").map((d) => `${d.price_class}, ${d.http_version}`),
  },
  "web-acl": { title: "WAF web ACL", details: (of) => of("aws_wafv2_web_acl").map((w) => `${(w.rule ?? []).length} rules`) },
  key: { title: "KMS key", details: (of) => of("aws_kms_key").map((k) => (k.enable_key_rotation ? "yearly rotation" : "no rotation")) },
  dns: {
    title: "Route 53 + ACM",
    details: (of) => [
      ...new Set(
        of("aws_route53_record")
          .filter((r) => r.alias !== undefined)
          .map((r) => String(r.name)),
      ),
    ],
  },
};

/**
 * Top-level construct id -> the component it belongs to (its kind and the component's id and
 * title; constructs that serve another component join it). `undefined`: lookups only, no node.
 */
export const CONSTRUCT_COMPONENTS: Readonly<Record<string, { readonly id: string; readonly kind: ComponentKind; readonly title?: string } | undefined>> = {
  network: { id: "network", kind: "network" },
  "load-balancer": { id: "load-balancer", kind: "load-balancer" },
  // Its regional web ACL is drawn as part of the load balancer it filters.
  "load-balancer-web-acl": { id: "load-balancer", kind: "load-balancer" },
  service: { id: "service", kind: "service" },
  autoscaling: { id: "service", kind: "service" },
  "app-log-group": { id: "service", kind: "service" },
  database: { id: "database", kind: "database" },
  cache: { id: "cache", kind: "cache" },
  "api-keys": { id: "api-keys", kind: "secret", title: "Secret: API keys" },
  "origin-verify": { id: "origin-verify", kind: "secret", title: "Secret: origin header" },
  "encryption-key": { id: "encryption-key", kind: "key" },
  artifacts: { id: "artifacts", kind: "bucket", title: "S3 artifacts" },
  "log-delivery": { id: "log-delivery", kind: "bucket", title: "S3 access logs" },
  "edge-access-logs": { id: "edge-access-logs", kind: "bucket", title: "S3 CloudFront logs" },
  observability: { id: "observability", kind: "observability" },
  "redeploy-on-secret-change": { id: "redeploy", kind: "redeploy" },
  "deployment-failure-alert": { id: "observability", kind: "observability" },
  "monthly-budget": { id: "observability", kind: "observability" },
  "rest-api": { id: "api", kind: "api" },
  "api-function": { id: "function", kind: "function" },
  warmup: { id: "function", kind: "function" },
  verifications: { id: "table", kind: "table" },
  edge: { id: "distribution", kind: "distribution" },
  "edge-web-acl": { id: "web-acl", kind: "web-acl" },
  domain: { id: "dns", kind: "dns" },
  "edge-domain": { id: "dns", kind: "dns" },
  "caller-identity": undefined,
  "cloudfront-origin-facing": undefined,
};

export interface ComponentSummary {
  readonly id: string;
  readonly kind: ComponentKind;
  readonly title: string;
  readonly details: readonly string[];
  /** Addresses of the resources and data sources it is made of. */
  readonly addresses: readonly string[];
}

/** The component of each top-level construct; a construct missing from the table is an error, so none is left off the picture. */
export function componentOf(construct: string): { readonly id: string; readonly kind: ComponentKind; readonly title?: string } | undefined {
  if (!(construct in CONSTRUCT_COMPONENTS)) {
    throw new Error(`the architecture diagram does not know the construct "${construct}": add it to CONSTRUCT_COMPONENTS in src/diagram/components.ts`);
  }
  return CONSTRUCT_COMPONENTS[construct];
}

/** The components of a stack's items, in the order their first construct appears. */
export function summarizeComponents(items: readonly StackItem[]): ComponentSummary[] {
  const groups = new Map<string, { kind: ComponentKind; title?: string; items: StackItem[] }>();
  for (const item of items) {
    const component = componentOf(item.construct);
    if (component === undefined) continue;
    const group = groups.get(component.id) ?? { kind: component.kind, title: component.title, items: [] };
    group.title ??= component.title;
    group.items.push(item);
    groups.set(component.id, group);
  }
  return [...groups].map(([id, group]) => {
    const of = (type: string) => group.items.filter((i) => i.type === type).map((i) => i.body);
    return { id, kind: group.kind, title: group.title ?? KINDS[group.kind].title, details: KINDS[group.kind].details(of), addresses: group.items.map((i) => i.address) };
  });
}
