import { EstimateAssumptions } from "../config/schema";
import { TerraformDocument } from "../terraform/synthesized";
import { referencesIn } from "../terraform/references";
import { MissingPriceError, PriceSheet, priceOf } from "./price-sheet";

/**
 * Monthly cost of a synthesized stack: each Terraform resource type is either priced (sizes from
 * the resource's own arguments, usage from the configuration's `estimate` assumptions, unit prices
 * from the region's price sheet) or listed as not priced with the reason. A resource type in
 * neither list is an error, so a new kind of resource cannot slip past the estimate unnoticed.
 */

/** One line of the estimate: quantity × unit price (× factor, e.g. Multi-AZ). */
export interface CostLine {
  readonly service: string;
  readonly item: string;
  /** The Terraform address the line prices; undefined for a line that covers all resources of a type. */
  readonly address?: string;
  /** The addresses a line for all resources of a type covers (e.g. every log group), so it can be attributed. */
  readonly covers?: readonly string[];
  readonly quantity: number;
  readonly unit: string;
  readonly priceKey: string;
  readonly unitPrice: number;
  readonly factor: number;
  readonly monthly: number;
}

export interface NotPriced {
  readonly type: string;
  readonly count: number;
  readonly reason: string;
}

export interface StackEstimate {
  readonly region: string;
  readonly currency: string;
  readonly lines: readonly CostLine[];
  readonly notPriced: readonly NotPriced[];
  /** Prices the sheet lacks (e.g. an instance class), each with what to add. */
  readonly missingPrices: readonly string[];
  readonly total: number;
}

interface Resource {
  readonly address: string;
  readonly body: Record<string, any>;
}

interface PricingContext {
  readonly json: TerraformDocument;
  readonly sheet: PriceSheet;
  readonly assume: EstimateAssumptions;
  readonly hours: number;
  /** quantity × the sheet's price of `priceKey` × factor; `at` is the resource priced, or the resources a type-wide line covers. */
  line(service: string, item: string, at: string | readonly Resource[] | undefined, quantity: number, priceKey: string, factor?: number): CostLine[];
}

type Pricer = (resources: readonly Resource[], ctx: PricingContext) => CostLine[];

const perResource =
  (price: (resource: Resource, ctx: PricingContext) => CostLine[]): Pricer =>
  (resources, ctx) =>
    resources.flatMap((r) => price(r, ctx));

const MILLION = 1_000_000;

/** Resource types with a cost, and how each is priced. */
export const PRICED_RESOURCE_TYPES: Readonly<Record<string, Pricer>> = {
  aws_ecs_service: perResource(({ address, body }, ctx) => {
    const strategy: { capacity_provider: string; base?: number; weight?: number }[] = body.capacity_provider_strategy ?? [];
    if (body.launch_type !== "FARGATE" && strategy.length === 0) return [];
    const task = referencedResource(ctx.json, body.task_definition);
    const arch = task.runtime_platform?.cpu_architecture ?? "X86_64";
    const vcpu = Number(task.cpu) / 1024;
    const gb = Number(task.memory) / 1024;
    const { regular, spot } = fargateTasks(Number(body.desired_count ?? 1), strategy);
    const linesOf = (tasks: number, kind: string, factor: () => number) => {
      if (tasks === 0) return [];
      const label = `${round(tasks, 2)} ${kind}task${tasks === 1 ? "" : "s"}`;
      return [
        ...ctx.line("ECS Fargate", `${label} × ${vcpu} vCPU (${arch})`, address, tasks * vcpu * ctx.hours, `fargate.vcpuHour.${arch}`, factor()),
        ...ctx.line("ECS Fargate", `${label} × ${gb} GB memory (${arch})`, address, tasks * gb * ctx.hours, `fargate.gbHour.${arch}`, factor()),
      ];
    };
    // Spot's price is the regular one times the sheet's Spot factor.
    return [...linesOf(regular, "", () => 1), ...linesOf(spot, "Spot ", () => priceOf(ctx.sheet, "fargate.spotFactor").price)];
  }),
  aws_lb: perResource(({ address, body }, ctx) => [
    ...ctx.line("Load balancer", "ALB hours", address, ctx.hours, "alb.hour"),
    ...ctx.line("Load balancer", `${ctx.assume.albLcu} LCU on average (estimate.albLcu)`, address, ctx.assume.albLcu * ctx.hours, "alb.lcuHour"),
    ...(body.internal ? [] : ctx.line("Load balancer", `public IPv4, one per subnet (${body.subnets.length})`, address, body.subnets.length * ctx.hours, "publicIpv4.hour")),
  ]),
  aws_nat_gateway: (resources, ctx) => [
    ...resources.flatMap(({ address }) => ctx.line("NAT gateway", "NAT gateway hours", address, ctx.hours, "nat.hour")),
    ...ctx.line("NAT gateway", `${ctx.assume.natDataGb} GB processed (estimate.natDataGb)`, resources, ctx.assume.natDataGb, "nat.gbProcessed"),
  ],
  aws_eip: perResource(({ address }, ctx) => ctx.line("VPC", "Elastic IP (public IPv4)", address, ctx.hours, "publicIpv4.hour")),
  aws_vpc_endpoint: perResource(({ address, body }, ctx) => {
    const service = String(body.service_name).split(".").pop();
    if (body.vpc_endpoint_type === "Gateway") return ctx.line("VPC", `${service} gateway endpoint`, address, 1, "vpcEndpoint.gatewayMonth");
    const zones = (body.subnet_ids ?? []).length;
    return ctx.line("VPC", `${service} interface endpoint in ${zones} zones`, address, zones * ctx.hours, "vpcEndpoint.interfaceHour");
  }),
  aws_db_instance: perResource(({ address, body }, ctx) => {
    const multiAz = body.multi_az === true;
    const factor = multiAz ? priceOf(ctx.sheet, "rds.multiAzFactor").price : 1;
    const az = multiAz ? "Multi-AZ" : "Single-AZ";
    return [
      ...ctx.line("RDS PostgreSQL", `${body.instance_class} ${az}`, address, ctx.hours, `rds.instanceHour.${body.instance_class}`, factor),
      ...ctx.line("RDS PostgreSQL", `${body.allocated_storage} GB ${body.storage_type ?? "gp2"} ${az}`, address, body.allocated_storage, "rds.gp3GbMonth", factor),
      ...(body.manage_master_user_password ? ctx.line("Secrets Manager", "RDS-managed master password", address, 1, "secretsManager.secretMonth") : []),
    ];
  }),
  aws_elasticache_replication_group: perResource(({ address, body }, ctx) => {
    const nodes = Number(body.num_cache_clusters ?? 1);
    return ctx.line("ElastiCache", `${nodes} × ${body.node_type}`, address, nodes * ctx.hours, `elasticache.nodeHour.${body.node_type}`);
  }),
  aws_cloudwatch_dashboard: perResource(({ address }, ctx) => ctx.line("CloudWatch", "dashboard", address, 1, "cloudwatch.dashboardMonth")),
  aws_cloudwatch_metric_alarm: (resources, ctx) => ctx.line("CloudWatch", `${resources.length} standard alarms`, resources, resources.length, "cloudwatch.alarmMonth"),
  aws_cloudwatch_log_group: (resources, ctx) => {
    const gb = ctx.assume.logsIngestedGb;
    // Steady state: each month's logs are kept for the longest retention (capped at a year here).
    const retentionMonths = Math.min(12, Math.max(...resources.map((r) => Number(r.body.retention_in_days ?? 3653))) / 30);
    return [
      ...ctx.line("CloudWatch", `${gb} GB logs ingested into ${resources.length} log groups (estimate.logsIngestedGb)`, resources, gb, "cloudwatch.logsIngestedGb"),
      ...ctx.line("CloudWatch", `logs stored: ${gb} GB × ${round(retentionMonths, 1)} months retention`, resources, gb * retentionMonths, "cloudwatch.logsStoredGbMonth"),
    ];
  },
  aws_secretsmanager_secret: perResource(({ address }, ctx) => ctx.line("Secrets Manager", "secret", address, 1, "secretsManager.secretMonth")),
  aws_kms_key: perResource(({ address }, ctx) => ctx.line("KMS", "customer-managed key", address, 1, "kms.keyMonth")),
  aws_s3_bucket: (resources, ctx) =>
    ctx.line("S3", `${ctx.assume.s3StorageGb} GB Standard in ${resources.length} bucket(s) (estimate.s3StorageGb)`, resources, ctx.assume.s3StorageGb, "s3.standardGbMonth"),
  aws_route53_zone: perResource(({ address }, ctx) => ctx.line("Route53", "hosted zone", address, 1, "route53.hostedZoneMonth")),
  aws_lambda_function: perResource(({ address, body }, ctx) => {
    const requests = ctx.assume.requestsPerMonth;
    const arch = (body.architectures?.[0] ?? "x86_64") as string;
    const gbSeconds = (Number(body.memory_size ?? 128) / 1024) * (ctx.assume.lambdaDurationMs / 1000) * requests;
    return [
      ...ctx.line("Lambda", `${requests} requests (estimate.requestsPerMonth)`, address, requests / MILLION, "lambda.millionRequests"),
      ...ctx.line("Lambda", `${body.memory_size ?? 128} MB × ${ctx.assume.lambdaDurationMs} ms per request (${arch})`, address, gbSeconds, `lambda.gbSecond.${arch}`),
    ];
  }),
  aws_apigatewayv2_api: perResource(({ address, body }, ctx) =>
    body.protocol_type === "HTTP"
      ? ctx.line("API Gateway", `HTTP API, ${ctx.assume.requestsPerMonth} requests`, address, ctx.assume.requestsPerMonth / MILLION, "apiGateway.httpMillionRequests")
      : [],
  ),
  aws_api_gateway_rest_api: perResource(({ address }, ctx) =>
    ctx.line("API Gateway", `REST API, ${ctx.assume.requestsPerMonth} requests`, address, ctx.assume.requestsPerMonth / MILLION, "apiGateway.restMillionRequests"),
  ),
  aws_dynamodb_table: perResource(({ address, body }, ctx) => {
    const { requestsPerMonth, dynamodbWritesPerRequest, dynamodbReadsPerRequest, dynamodbStorageGb } = ctx.assume;
    const onDemand = body.billing_mode === "PAY_PER_REQUEST";
    return [
      ...(onDemand
        ? [
            ...ctx.line(
              "DynamoDB",
              `${dynamodbWritesPerRequest} write units per request`,
              address,
              (requestsPerMonth * dynamodbWritesPerRequest) / MILLION,
              "dynamodb.millionWriteUnits",
            ),
            ...ctx.line(
              "DynamoDB",
              `${dynamodbReadsPerRequest} read units per request`,
              address,
              (requestsPerMonth * dynamodbReadsPerRequest) / MILLION,
              "dynamodb.millionReadUnits",
            ),
          ]
        : ctx.line("DynamoDB", "provisioned capacity", address, 1, "dynamodb.provisionedCapacity")),
      ...ctx.line("DynamoDB", `${dynamodbStorageGb} GB stored (estimate.dynamodbStorageGb)`, address, dynamodbStorageGb, "dynamodb.storageGbMonth"),
    ];
  }),
  aws_cloudfront_distribution: perResource(({ address }, ctx) =>
    ctx.line("CloudFront", `${ctx.assume.requestsPerMonth} HTTPS requests`, address, ctx.assume.requestsPerMonth / 10_000, "cloudfront.tenThousandHttpsRequests"),
  ),
  aws_wafv2_web_acl: perResource(({ address, body }, ctx) => {
    const rules = (body.rule ?? []).length;
    return [
      ...ctx.line("WAF", "web ACL", address, 1, "waf.webAclMonth"),
      ...ctx.line("WAF", `${rules} rules`, address, rules, "waf.ruleMonth"),
      ...ctx.line("WAF", `${ctx.assume.requestsPerMonth} requests inspected`, address, ctx.assume.requestsPerMonth / MILLION, "waf.millionRequests"),
    ];
  }),
};

const FREE = "no charge of its own";
const CONFIGURATION = "configuration of a priced resource, no charge of its own";

/** Resource types deliberately not priced, with the reason printed under each estimate. */
export const NOT_PRICED_RESOURCE_TYPES: Readonly<Record<string, string>> = {
  aws_acm_certificate: "public ACM certificates are free",
  aws_acm_certificate_validation: "a wait in Terraform, no AWS resource",
  aws_appautoscaling_policy: FREE,
  aws_appautoscaling_target: FREE,
  aws_budgets_budget: "an account's first two budgets are free, then $0.02 a day each",
  aws_cloudwatch_event_rule: "rules on AWS service events are free",
  aws_cloudwatch_event_target: FREE,
  aws_db_parameter_group: CONFIGURATION,
  aws_db_subnet_group: CONFIGURATION,
  aws_default_security_group: FREE,
  aws_ecs_cluster: "free; its Fargate tasks are priced on the ECS service",
  aws_ecs_cluster_capacity_providers: CONFIGURATION,
  aws_ecs_task_definition: "priced through the ECS service that runs it",
  aws_elasticache_subnet_group: CONFIGURATION,
  aws_elasticache_user: CONFIGURATION,
  aws_elasticache_user_group: CONFIGURATION,
  aws_flow_log: "its logs are part of the CloudWatch Logs ingestion assumption",
  aws_iam_role: FREE,
  aws_iam_role_policy: FREE,
  aws_iam_role_policy_attachment: FREE,
  aws_internet_gateway: FREE,
  aws_kms_alias: FREE,
  aws_lb_listener: "part of the load balancer's LCUs",
  aws_lb_listener_rule: "part of the load balancer's LCUs (the first 10 rule evaluations per request are free)",
  aws_lb_target_group: "part of the load balancer's LCUs",
  aws_route: FREE,
  aws_route53_record: "alias queries to AWS resources are free",
  aws_route_table: FREE,
  aws_route_table_association: FREE,
  aws_s3_bucket_lifecycle_configuration: CONFIGURATION,
  aws_s3_bucket_logging: CONFIGURATION,
  aws_s3_bucket_ownership_controls: CONFIGURATION,
  aws_s3_bucket_policy: CONFIGURATION,
  aws_s3_bucket_public_access_block: CONFIGURATION,
  aws_s3_bucket_server_side_encryption_configuration: CONFIGURATION,
  aws_s3_bucket_versioning: CONFIGURATION,
  aws_secretsmanager_secret_version: "priced on its secret; a few API calls per apply, under $0.01",
  aws_secretsmanager_secret_rotation: "a rotation a week: a few API calls, under $0.01",
  aws_security_group: FREE,
  aws_sfn_state_machine: "a few state transitions per secret change, within the 4,000 free a month",
  aws_sns_topic: "alarm notifications stay within the free tier",
  aws_sns_topic_policy: CONFIGURATION,
  aws_sns_topic_subscription: "e-mail notifications: the first 1,000 a month are free",
  aws_subnet: FREE,
  aws_vpc: FREE,
  aws_vpc_security_group_egress_rule: FREE,
  aws_vpc_security_group_ingress_rule: FREE,
  aws_lambda_permission: FREE,
  aws_apigatewayv2_stage: "part of the API's request price",
  aws_apigatewayv2_integration: "part of the API's request price",
  aws_apigatewayv2_route: "part of the API's request price",
  aws_wafv2_web_acl_association: "part of the web ACL's price",
  aws_api_gateway_account: "an account setting, no charge of its own",
  aws_api_gateway_base_path_mapping: CONFIGURATION,
  aws_api_gateway_deployment: "part of the API's request price",
  aws_api_gateway_domain_name: "regional custom domains have no charge of their own",
  aws_api_gateway_integration: "part of the API's request price",
  aws_api_gateway_method: "part of the API's request price",
  aws_api_gateway_method_settings: CONFIGURATION,
  aws_api_gateway_resource: "part of the API's request price",
  aws_api_gateway_stage: "part of the API's request price (no cache cluster)",
  aws_cloudfront_response_headers_policy: CONFIGURATION,
  aws_s3_bucket_acl: CONFIGURATION,
  aws_wafv2_web_acl_logging_configuration: "its logs are part of the CloudWatch Logs ingestion assumption",
  aws_sqs_queue: "the dead-letter queue holds failed warm-up events only: within SQS's free million requests",
};

/** Prices every resource of a synthesized stack with the sheet and the configuration's assumptions. */
export function estimateStack(json: TerraformDocument, sheet: PriceSheet, assume: EstimateAssumptions): StackEstimate {
  const missingPrices = new Set<string>();
  const ctx: PricingContext = {
    json,
    assume,
    sheet,
    hours: sheet.hoursPerMonth,
    line(service, item, at, quantity, priceKey, factor = 1) {
      let unitPrice: number;
      let unit: string;
      try {
        ({ price: unitPrice, unit } = priceOf(sheet, priceKey));
      } catch (error) {
        if (!(error instanceof MissingPriceError)) throw error;
        missingPrices.add(`${service} ${item}: ${error.message}`);
        return [];
      }
      const where = typeof at === "string" ? { address: at } : at === undefined ? {} : { covers: at.map((r) => r.address) };
      return [{ service, item, ...where, quantity, unit, priceKey, unitPrice, factor, monthly: quantity * unitPrice * factor }];
    },
  };
  const lines: CostLine[] = [];
  const notPriced: NotPriced[] = [];
  const unclassified: string[] = [];
  for (const type of Object.keys(json.resource ?? {}).sort()) {
    const resources = resourcesOfType(json, type);
    const pricer = PRICED_RESOURCE_TYPES[type];
    if (pricer !== undefined) lines.push(...pricer(resources, ctx));
    else if (NOT_PRICED_RESOURCE_TYPES[type] !== undefined) notPriced.push({ type, count: resources.length, reason: NOT_PRICED_RESOURCE_TYPES[type] });
    else unclassified.push(type);
  }
  lines.push(...dataTransferOut(json, ctx));
  if (unclassified.length > 0) {
    throw new Error(`the cost estimate does not know ${unclassified.join(", ")}: add each to PRICED_RESOURCE_TYPES or NOT_PRICED_RESOURCE_TYPES in src/cost/estimate.ts`);
  }
  return {
    region: sheet.region,
    currency: sheet.currency,
    lines,
    notPriced,
    missingPrices: [...missingPrices],
    total: lines.reduce((sum, l) => sum + l.monthly, 0),
  };
}

/**
 * How ECS places `tasks` by a capacity provider strategy: each provider's base first, the rest by
 * weight. Without a strategy (launch type FARGATE) every task is a regular one.
 */
export function fargateTasks(tasks: number, strategy: readonly { capacity_provider: string; base?: number; weight?: number }[]): { regular: number; spot: number } {
  if (strategy.length === 0) return { regular: tasks, spot: 0 };
  const isSpot = (p: { capacity_provider: string }) => p.capacity_provider === "FARGATE_SPOT";
  const based = strategy.map((p) => ({ spot: isSpot(p), base: Number(p.base ?? 0), weight: Number(p.weight ?? 0) }));
  let left = tasks;
  const placed = { regular: 0, spot: 0 };
  for (const p of based) {
    const n = Math.min(left, p.base);
    placed[p.spot ? "spot" : "regular"] += n;
    left -= n;
  }
  const weights = based.reduce((sum, p) => sum + p.weight, 0);
  const spotWeight = based.filter((p) => p.spot).reduce((sum, p) => sum + p.weight, 0);
  const spotShare = weights === 0 ? 0 : spotWeight / weights;
  return { regular: placed.regular + left * (1 - spotShare), spot: placed.spot + left * spotShare };
}

/** Responses to the internet: through CloudFront when the stack has a distribution, else straight out. */
function dataTransferOut(json: TerraformDocument, ctx: PricingContext): CostLine[] {
  const gb = ctx.assume.dataTransferOutGb;
  return resourcesOfType(json, "aws_cloudfront_distribution").length > 0
    ? ctx.line("Data transfer", `${gb} GB out through CloudFront (estimate.dataTransferOutGb)`, undefined, gb, "cloudfront.outGb")
    : ctx.line("Data transfer", `${gb} GB out to the internet (estimate.dataTransferOutGb)`, undefined, gb, "dataTransfer.outGb");
}

/** Rounds to `digits` decimals (cents by default), for display and comparisons. */
export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

function resourcesOfType(json: TerraformDocument, type: string): Resource[] {
  return Object.entries(json.resource?.[type] ?? {}).map(([name, body]) => ({ address: `${type}.${name}`, body }));
}

/** The body of the resource a `${type.name.attr}` reference points at. */
function referencedResource(json: TerraformDocument, reference: string): Record<string, any> {
  const [target] = referencesIn(reference);
  const body = target === undefined ? undefined : json.resource?.[target.type]?.[target.name];
  if (body === undefined) throw new Error(`cannot resolve the reference ${reference} in the synthesized stack`);
  return body;
}
