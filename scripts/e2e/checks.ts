// What `npm run e2e` checks in the emulator after `terraform apply`: the values that matter,
// read back through the AWS APIs and compared with the configuration the stack was built from
// (what the user asked for) and, for values that only exist after apply (ARNs, IDs, the
// dashboard's resolved body), with Terraform's state.
import { DescribeScalableTargetsCommand, DescribeScalingPoliciesCommand } from "@aws-sdk/client-application-auto-scaling";
import { GetDashboardCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { GetFunctionConfigurationCommand } from "@aws-sdk/client-lambda";
import { DescribeSecurityGroupRulesCommand } from "@aws-sdk/client-ec2";
import { DescribeServicesCommand, DescribeTaskDefinitionCommand } from "@aws-sdk/client-ecs";
import { DescribeReplicationGroupsCommand, DescribeUserGroupsCommand, DescribeUsersCommand } from "@aws-sdk/client-elasticache";
import { GetDistributionConfigCommand } from "@aws-sdk/client-cloudfront";
import {
  DescribeListenersCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeRulesCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import { DescribeDBInstancesCommand } from "@aws-sdk/client-rds";
import { isDeepStrictEqual } from "node:util";
import { TrustWrapperConfig } from "../../src/config/schema";
import { appliedEnvironment, Container } from "../contract/environment";
import { cacheUsersOf, dummyApiKeys, iamTokenOf, runApp } from "../contract/run-app";
import { ensureTools, Tools } from "../contract/tools";
import { Clients } from "./clients";
import { StateResource } from "./state";

/** Addresses of the resources that refuse `terraform destroy` (`lifecycle.prevent_destroy`): what docs/teardown.md takes out of the state first. */
export function keptOnDestroy(document: { resource?: Record<string, Record<string, { lifecycle?: { prevent_destroy?: boolean } }>> }): string[] {
  return Object.entries(document.resource ?? {}).flatMap(([type, blocks]) =>
    Object.entries(blocks)
      .filter(([, body]) => body.lifecycle?.prevent_destroy === true)
      .map(([name]) => `${type}.${name}`),
  );
}

export interface AppliedStack {
  config: TrustWrapperConfig;
  /** The stack's outputs after apply. */
  outputs: Record<string, unknown>;
  resources: StateResource[];
  clients: Clients;
}

export interface Check {
  name: string;
  /** Whether the stack has what this check reads (e.g. a database). */
  applies(stack: AppliedStack): boolean;
  /** Throws with what differs. */
  run(stack: AppliedStack): Promise<void>;
}

class Mismatches {
  private readonly lines: string[] = [];
  expect(what: string, actual: unknown, expected: unknown): void {
    if (!isDeepStrictEqual(actual, expected)) this.lines.push(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
  done(): void {
    if (this.lines.length > 0) throw new Error(this.lines.join("; "));
  }
}

const ofType = (stack: AppliedStack, type: string) => stack.resources.filter((r) => r.type === type);
const one = (stack: AppliedStack, type: string): StateResource => {
  const found = ofType(stack, type);
  if (found.length !== 1) throw new Error(`expected one ${type} in the state, found ${found.length}`);
  return found[0];
};
const str = (value: unknown): string => String(value);

async function service(stack: AppliedStack) {
  const { services } = await stack.clients.ecs.send(new DescribeServicesCommand({ cluster: str(stack.outputs.cluster_name), services: [str(stack.outputs.service_name)] }));
  if (services?.length !== 1) throw new Error(`service ${str(stack.outputs.service_name)} not found in cluster ${str(stack.outputs.cluster_name)}`);
  return services[0];
}

const hasService = (stack: AppliedStack) => stack.outputs.service_name !== undefined;

export const CHECKS: Check[] = [
  {
    name: "task definition and its secrets",
    applies: hasService,
    async run(stack) {
      const { config, outputs } = stack;
      const { taskDefinition } = await stack.clients.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: (await service(stack)).taskDefinition }));
      const m = new Mismatches();
      m.expect("cpu", taskDefinition?.cpu, String(config.service.cpu));
      m.expect("memory", taskDefinition?.memory, String(config.service.memory));
      m.expect("network mode", taskDefinition?.networkMode, "awsvpc");
      m.expect("compatibilities", taskDefinition?.requiresCompatibilities, ["FARGATE"]);
      m.expect("cpu architecture", taskDefinition?.runtimePlatform?.cpuArchitecture, config.service.cpuArchitecture);
      m.expect("containers", taskDefinition?.containerDefinitions?.length, 1);
      const container = taskDefinition?.containerDefinitions?.[0];
      m.expect("image", container?.image, config.service.image);
      m.expect("read-only root filesystem", container?.readonlyRootFilesystem, true);
      m.expect(
        "container port",
        container?.portMappings?.map((p) => p.containerPort),
        [config.service.containerPort],
      );
      const apiKeysArn = str(config.secrets.existingApiKeysSecretArn ?? outputs.api_keys_secret_arn);
      const databaseSecretArn = str(outputs.database_secret_arn);
      const expectedSecrets = [
        ...config.secrets.apiKeys.map((key) => ({ name: key, valueFrom: `${apiKeysArn}:${key}::` })),
        ...["PGUSER", "DB_USERNAME"].map((name) => ({ name, valueFrom: `${databaseSecretArn}:username::` })),
        ...["PGPASSWORD", "DB_PASSWORD"].map((name) => ({ name, valueFrom: `${databaseSecretArn}:password::` })),
      ].sort((a, b) => a.name.localeCompare(b.name));
      const secrets = (container?.secrets ?? []).map((s) => ({ name: s.name, valueFrom: s.valueFrom })).sort((a, b) => str(a.name).localeCompare(str(b.name)));
      m.expect("secrets", secrets, expectedSecrets);
      const environment = new Map((container?.environment ?? []).map((e) => [e.name, e.value]));
      m.expect(
        "secret names in plain environment",
        [...environment.keys()].filter((name) => secrets.some((s) => s.name === name)),
        [],
      );
      m.expect("DB_HOST", environment.get("DB_HOST"), str(outputs.database_endpoint).split(":")[0]);
      m.expect("REDIS_URL", environment.get("REDIS_URL"), `rediss://${str(outputs.redis_endpoint)}:6379`);
      m.expect("S3_BUCKET", environment.get("S3_BUCKET"), outputs.artifacts_bucket);
      m.expect("log driver", container?.logConfiguration?.logDriver, "awslogs");
      m.done();
    },
  },
  {
    name: "service and target group health check",
    applies: hasService,
    async run(stack) {
      const { config } = stack;
      const svc = await service(stack);
      const m = new Mismatches();
      m.expect("launch type", svc.launchType, "FARGATE");
      m.expect("desired count", svc.desiredCount, config.service.desiredCount);
      m.expect("public IP", svc.networkConfiguration?.awsvpcConfiguration?.assignPublicIp, "DISABLED");
      m.expect("load balancers", svc.loadBalancers?.length, 1);
      const targetGroupArn = svc.loadBalancers?.[0]?.targetGroupArn;
      const { TargetGroups } = await stack.clients.elbv2.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [str(targetGroupArn)] }));
      const group = TargetGroups?.[0];
      m.expect("health check path", group?.HealthCheckPath, config.service.healthCheckPath);
      m.expect("target port", group?.Port, config.service.containerPort);
      m.expect("target type", group?.TargetType, "ip");
      m.expect("target protocol", group?.Protocol, "HTTP");
      m.done();
    },
  },
  {
    name: "load balancer listeners and deletion protection",
    applies: (stack) => ofType(stack, "aws_lb").length === 1,
    async run(stack) {
      const lb = one(stack, "aws_lb");
      const { Listeners } = await stack.clients.elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: str(lb.values.arn) }));
      const byPort = new Map((Listeners ?? []).map((l) => [l.Port, l]));
      const m = new Mismatches();
      const ports = ofType(stack, "aws_lb_listener").map((l) => l.values.port);
      m.expect("listener ports", [...byPort.keys()].sort(), ports.sort());
      m.expect("443 protocol", byPort.get(443)?.Protocol, "HTTPS");
      const https = ofType(stack, "aws_lb_listener").find((l) => l.values.port === 443);
      m.expect(
        "443 certificate",
        byPort.get(443)?.Certificates?.map((c) => c.CertificateArn),
        [https?.values.certificate_arn],
      );
      const certificates = ofType(stack, "aws_acm_certificate").map((c) => c.values.arn);
      if (stack.config.domain.certificateArn === undefined) m.expect("443 certificate is the stack's", certificates.includes(https?.values.certificate_arn), true);
      // Port 80 only redirects, where there is a port 80 (the hybrid's load balancer is reached through CloudFront on 443 only).
      if (ports.includes(80)) {
        m.expect(
          "80 action",
          byPort.get(80)?.DefaultActions?.map((a) => [a.Type, a.RedirectConfig?.Protocol, a.RedirectConfig?.Port]),
          [["redirect", "HTTPS", "443"]],
        );
      }
      const { Attributes } = await stack.clients.elbv2.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: str(lb.values.arn) }));
      const attribute = (key: string) => Attributes?.find((a) => a.Key === key)?.Value;
      m.expect("deletion protection", attribute("deletion_protection.enabled"), String(stack.config.environment === "prod"));
      m.expect("drop invalid headers", attribute("routing.http.drop_invalid_header_fields.enabled"), "true");
      m.done();
    },
  },
  {
    name: "edge: the origin header CloudFront sends and the load balancer requires, and the long-request budget",
    applies: (stack) => ofType(stack, "aws_cloudfront_distribution").length === 1 && ofType(stack, "aws_lb_listener_rule").length === 1,
    async run(stack) {
      const { clients, config } = stack;
      const secret = ofType(stack, "aws_secretsmanager_secret").find((s) => str(s.values.name).endsWith("/origin-verify-token"));
      const { SecretString: value } = await clients.secrets.send(new GetSecretValueCommand({ SecretId: str(secret?.values.arn) }));
      const m = new Mismatches();
      m.expect("generated value", /^[A-Za-z0-9]{64}$/.test(str(value)), true);
      const { DistributionConfig } = await clients.cloudfront.send(new GetDistributionConfigCommand({ Id: str(one(stack, "aws_cloudfront_distribution").values.id) }));
      const origin = DistributionConfig?.Origins?.Items?.find((o) => o.Id === "load-balancer");
      m.expect(
        "CloudFront's origin header",
        origin?.CustomHeaders?.Items?.map((h) => [h.HeaderName, h.HeaderValue]),
        [["X-Origin-Verify", value]],
      );
      m.expect("CloudFront's origin read timeout", origin?.CustomOriginConfig?.OriginReadTimeout, config.hybrid.heavyRequestTimeoutSeconds);
      const https = ofType(stack, "aws_lb_listener").find((l) => l.values.port === 443);
      const { Rules } = await clients.elbv2.send(new DescribeRulesCommand({ ListenerArn: str(https?.values.arn) }));
      m.expect(
        "listener default action",
        Rules?.find((r) => r.IsDefault)?.Actions?.map((a) => [a.Type, a.FixedResponseConfig?.StatusCode]),
        [["fixed-response", "403"]],
      );
      const forwarding = Rules?.find((r) => !r.IsDefault);
      m.expect(
        "listener rule condition",
        forwarding?.Conditions?.map((c) => [c.Field, c.HttpHeaderConfig?.HttpHeaderName, c.HttpHeaderConfig?.Values]),
        [["http-header", "X-Origin-Verify", [value]]],
      );
      m.expect(
        "listener rule action",
        forwarding?.Actions?.map((a) => a.Type),
        ["forward"],
      );
      const lb = one(stack, "aws_lb");
      const { Attributes } = await clients.elbv2.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: str(lb.values.arn) }));
      m.expect("idle timeout", Number(Attributes?.find((a) => a.Key === "idle_timeout.timeout_seconds")?.Value), Math.max(60, config.hybrid.heavyRequestTimeoutSeconds));
      const group = one(stack, "aws_lb_target_group");
      const { Attributes: groupAttributes } = await clients.elbv2.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: str(group.values.arn) }));
      m.expect(
        "deregistration delay",
        Number(groupAttributes?.find((a) => a.Key === "deregistration_delay.timeout_seconds")?.Value),
        Math.max(30, config.hybrid.heavyRequestTimeoutSeconds),
      );
      m.done();
    },
  },
  {
    name: "autoscaling target and policies",
    applies: (stack) => ofType(stack, "aws_appautoscaling_target").length > 0,
    async run(stack) {
      const { scaling } = stack.config.service;
      const resourceId = `service/${str(stack.outputs.cluster_name)}/${str(stack.outputs.service_name)}`;
      const { ScalableTargets } = await stack.clients.autoscaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: "ecs", ResourceIds: [resourceId] }));
      const m = new Mismatches();
      m.expect(
        "scalable targets",
        ScalableTargets?.map((t) => [t.ScalableDimension, t.MinCapacity, t.MaxCapacity]),
        [["ecs:service:DesiredCount", scaling.minCount, scaling.maxCount]],
      );
      const { ScalingPolicies } = await stack.clients.autoscaling.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: "ecs", ResourceId: resourceId }));
      const policies = (ScalingPolicies ?? [])
        .map((p) => {
          const c = p.TargetTrackingScalingPolicyConfiguration;
          return [p.PolicyType, c?.PredefinedMetricSpecification?.PredefinedMetricType, c?.TargetValue, c?.ScaleInCooldown, c?.ScaleOutCooldown];
        })
        .sort((a, b) => str(a[1]).localeCompare(str(b[1])));
      const policy = (metric: string, target: number) => ["TargetTrackingScaling", metric, target, scaling.scaleInCooldownSeconds, scaling.scaleOutCooldownSeconds];
      m.expect("policies", policies, [
        policy("ALBRequestCountPerTarget", scaling.requestsPerTarget),
        policy("ECSServiceAverageCPUUtilization", scaling.cpuTargetPercent),
        policy("ECSServiceAverageMemoryUtilization", scaling.memoryTargetPercent),
      ]);
      m.done();
    },
  },
  {
    name: "database settings",
    applies: (stack) => ofType(stack, "aws_db_instance").length > 0,
    async run(stack) {
      const { database, environment } = stack.config;
      const instance = one(stack, "aws_db_instance");
      const { DBInstances } = await stack.clients.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: str(instance.values.identifier) }));
      const db = DBInstances?.[0];
      const m = new Mismatches();
      m.expect("engine", db?.Engine, "postgres");
      m.expect("major version", db?.EngineVersion?.split(".")[0], database.engineVersion);
      m.expect("instance class", db?.DBInstanceClass, database.instanceClass);
      m.expect("storage GiB", db?.AllocatedStorage, database.allocatedStorageGb);
      m.expect("storage type", db?.StorageType, "gp3");
      m.expect("multi-AZ", db?.MultiAZ, database.multiAz);
      m.expect("encrypted", db?.StorageEncrypted, true);
      m.expect("KMS key", db?.KmsKeyId, instance.values.kms_key_id);
      m.expect("database name", db?.DBName, database.name);
      m.expect("backup retention days", db?.BackupRetentionPeriod, database.backupRetentionDays);
      m.expect("deletion protection", db?.DeletionProtection, database.deletionProtection ?? environment === "prod");
      m.expect("publicly accessible", db?.PubliclyAccessible, false);
      m.expect("master user secret", db?.MasterUserSecret?.SecretArn, stack.outputs.database_secret_arn);
      m.expect("enhanced monitoring role", db?.MonitoringRoleArn, instance.values.monitoring_role_arn);
      m.done();
    },
  },
  {
    name: "cache settings",
    applies: (stack) => ofType(stack, "aws_elasticache_replication_group").length > 0,
    async run(stack) {
      const { cache } = stack.config;
      const group = one(stack, "aws_elasticache_replication_group");
      const { ReplicationGroups } = await stack.clients.elasticache.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: str(group.values.id) }));
      const rg = ReplicationGroups?.[0];
      const m = new Mismatches();
      m.expect("node type", rg?.CacheNodeType, cache.nodeType);
      m.expect("nodes", rg?.MemberClusters?.length, cache.nodes);
      m.expect("encrypted in transit", rg?.TransitEncryptionEnabled, true);
      m.expect("encrypted at rest", rg?.AtRestEncryptionEnabled, true);
      m.expect("automatic failover", rg?.AutomaticFailover, cache.nodes > 1 ? "enabled" : "disabled");
      m.expect("snapshot retention days", rg?.SnapshotRetentionLimit, cache.snapshotRetentionDays);
      const userGroupId = str(one(stack, "aws_elasticache_user_group").values.user_group_id);
      m.expect("user groups", rg?.UserGroupIds, [userGroupId]);
      const { UserGroups } = await stack.clients.elasticache.send(new DescribeUserGroupsCommand({ UserGroupId: userGroupId }));
      const { Users } = await stack.clients.elasticache.send(new DescribeUsersCommand({}));
      const members = (UserGroups?.[0]?.UserIds ?? []).map((id) => Users?.find((u) => u.UserId === id));
      m.expect(
        "users (name, authentication, access)",
        members.map((u) => [u?.UserName, u?.Authentication?.Type, u?.AccessString]).sort(),
        ofType(stack, "aws_elasticache_user")
          .map((u) => [u.values.user_name, (u.values.authentication_mode as { type: string }[])[0].type, u.values.access_string])
          .sort(),
      );
      m.done();
    },
  },
  {
    name: "security group rules",
    applies: (stack) => ofType(stack, "aws_security_group").length > 0,
    async run(stack) {
      const m = new Mismatches();
      const rule = (direction: string, v: Record<string, unknown>) =>
        [direction, v.ip_protocol, v.from_port, v.to_port, v.cidr_ipv4 ?? v.referenced_security_group_id ?? v.prefix_list_id].map(String).join(" ");
      for (const group of ofType(stack, "aws_security_group")) {
        const groupId = str(group.values.id);
        const expected = [
          ...ofType(stack, "aws_vpc_security_group_ingress_rule")
            .filter((r) => r.values.security_group_id === groupId)
            .map((r) => rule("in", r.values)),
          ...ofType(stack, "aws_vpc_security_group_egress_rule")
            .filter((r) => r.values.security_group_id === groupId)
            .map((r) => rule("out", r.values)),
        ].sort();
        const { SecurityGroupRules } = await stack.clients.ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: "group-id", Values: [groupId] }] }));
        const actual = (SecurityGroupRules ?? [])
          .map((r) => [r.IsEgress ? "out" : "in", r.IpProtocol, r.FromPort, r.ToPort, r.CidrIpv4 ?? r.ReferencedGroupInfo?.GroupId ?? r.PrefixListId].map(String).join(" "))
          .sort();
        m.expect(`${str(group.values.name)} rules`, actual, expected);
        const open = actual.filter((r) => r.startsWith("in ") && r.endsWith(" 0.0.0.0/0") && !/ (80|443) (80|443) /.test(r));
        m.expect(`${str(group.values.name)} ingress from 0.0.0.0/0 other than 80/443`, open, []);
      }
      for (const fallback of ofType(stack, "aws_default_security_group")) {
        const { SecurityGroupRules } = await stack.clients.ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: "group-id", Values: [str(fallback.values.id)] }] }));
        m.expect("default security group rules", SecurityGroupRules?.length, 0);
      }
      m.done();
    },
  },
  {
    name: "dashboard body",
    applies: (stack) => stack.outputs.dashboard_name !== undefined,
    async run(stack) {
      const { DashboardBody } = await stack.clients.cloudwatch.send(new GetDashboardCommand({ DashboardName: str(stack.outputs.dashboard_name) }));
      const body = JSON.parse(DashboardBody ?? "{}") as { widgets?: { properties?: { title?: string } }[] };
      const m = new Mismatches();
      m.expect("body", body, JSON.parse(str(one(stack, "aws_cloudwatch_dashboard").values.dashboard_body)));
      m.expect(
        "guide's widget",
        body.widgets?.some((w) => w.properties?.title === "TrustWrapper Performance"),
        true,
      );
      m.expect("unresolved references", /\$\{/.test(DashboardBody ?? ""), false);
      m.done();
    },
  },
  {
    name: "table keys, index and encryption",
    applies: (stack) => ofType(stack, "aws_dynamodb_table").length > 0,
    async run(stack) {
      const m = new Mismatches();
      for (const table of ofType(stack, "aws_dynamodb_table")) {
        const { Table } = await stack.clients.dynamodb.send(new DescribeTableCommand({ TableName: str(table.values.name) }));
        const expected = table.values;
        const keys = (schema: { AttributeName?: string; KeyType?: string }[] | undefined) => (schema ?? []).map((k) => [k.KeyType, k.AttributeName]);
        m.expect("key", keys(Table?.KeySchema), [["HASH", expected.hash_key], ...(expected.range_key ? [["RANGE", expected.range_key]] : [])]);
        m.expect(
          "attributes",
          (Table?.AttributeDefinitions ?? []).map((a) => [a.AttributeName, a.AttributeType]).sort(),
          (expected.attribute as { name: string; type: string }[]).map((a) => [a.name, a.type]).sort(),
        );
        m.expect(
          "global secondary indexes",
          (Table?.GlobalSecondaryIndexes ?? []).map((i) => [i.IndexName, keys(i.KeySchema), i.Projection?.ProjectionType]).sort(),
          (expected.global_secondary_index as { name: string; hash_key: string; range_key?: string; projection_type: string }[])
            .map((i) => [i.name, [["HASH", i.hash_key], ...(i.range_key ? [["RANGE", i.range_key]] : [])], i.projection_type])
            .sort(),
        );
        m.expect("billing mode", Table?.BillingModeSummary?.BillingMode ?? "PROVISIONED", expected.billing_mode);
        m.expect("deletion protection", Table?.DeletionProtectionEnabled, expected.deletion_protection_enabled);
        m.expect("encryption key", Table?.SSEDescription?.KMSMasterKeyArn, (expected.server_side_encryption as { kms_key_arn: string }[])[0]?.kms_key_arn);
      }
      m.done();
    },
  },
  {
    name: "function settings",
    applies: (stack) => ofType(stack, "aws_lambda_function").length > 0,
    async run(stack) {
      const m = new Mismatches();
      for (const fn of ofType(stack, "aws_lambda_function")) {
        const v = fn.values;
        const c = await stack.clients.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: str(v.function_name) }));
        m.expect("runtime", c.Runtime, v.runtime);
        m.expect("handler", c.Handler, v.handler);
        m.expect("memory", c.MemorySize, v.memory_size);
        m.expect("timeout", c.Timeout, v.timeout);
        m.expect("architectures", c.Architectures, v.architectures);
        m.expect("role", c.Role, v.role);
        m.expect("environment encryption key", c.KMSKeyArn, v.kms_key_arn);
        m.expect("tracing", c.TracingConfig?.Mode, (v.tracing_config as { mode: string }[])[0]?.mode);
        const variables = (v.environment as { variables?: Record<string, string> }[])[0]?.variables ?? {};
        m.expect("environment", c.Environment?.Variables ?? {}, variables);
      }
      m.done();
    },
  },
  {
    // npm run contract's app, with the task definition and RDS-managed secret the emulator holds.
    name: "the app connects with the applied task definition",
    applies: (stack) => hasService(stack) && ofType(stack, "aws_db_instance").length > 0 && ofType(stack, "aws_elasticache_replication_group").length > 0,
    async run(stack) {
      const { taskDefinition } = await stack.clients.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: (await service(stack)).taskDefinition }));
      const container = taskDefinition?.containerDefinitions?.[0] as Container | undefined;
      if (!container) throw new Error("the task definition has no container");
      const database = one(stack, "aws_db_instance").values;
      const cache = one(stack, "aws_elasticache_replication_group").values;
      const secrets: Record<string, Record<string, string>> = {};
      for (const arn of new Set(container.secrets.map((s) => s.valueFrom.replace(/:[^:]+::$/, "")))) secrets[arn] = await secretJson(stack, arn);
      const login = secrets[str((database.master_user_secret as { secret_arn: string }[])[0].secret_arn)];
      const users = ofType(stack, "aws_elasticache_user").map((u) => u.values);
      const result = await runApp(contractTools(), {
        login: { user: login.username, password: login.password, database: str(database.db_name) },
        cacheUsers: cacheUsersOf(users),
        iamToken: iamTokenOf(users, [cache]),
        environment: (localDatabase, localCache) =>
          appliedEnvironment(
            container,
            [
              { address: str(database.address), port: Number(database.port), local: localDatabase },
              { address: str(cache.primary_endpoint_address), port: Number(cache.port), local: localCache },
            ],
            secrets,
          ),
      });
      if (!result.ok)
        throw new Error(
          result.output
            .split("\n")
            .filter((line) => !line.startsWith("ok "))
            .join("; "),
        );
    },
  },
];

let tools: Tools | undefined;
/** Installed once per run (synchronously, so concurrent stacks cannot install twice). */
function contractTools(): Tools {
  tools ??= ensureTools((line) => console.log(line));
  return tools;
}

/** A secret's JSON value; the API-keys secret, which Terraform creates empty, gets stand-ins when it has none. */
async function secretJson(stack: AppliedStack, arn: string): Promise<Record<string, string>> {
  try {
    const { SecretString } = await stack.clients.secrets.send(new GetSecretValueCommand({ SecretId: arn }));
    return JSON.parse(str(SecretString)) as Record<string, string>;
  } catch (error) {
    if (arn === str(stack.config.secrets.existingApiKeysSecretArn ?? stack.outputs.api_keys_secret_arn)) return dummyApiKeys(stack.config);
    throw error;
  }
}

/** Runs every check that applies; one line per check. */
export async function runChecks(stack: AppliedStack): Promise<{ name: string; error?: string }[]> {
  const results = [];
  for (const check of CHECKS.filter((c) => c.applies(stack))) {
    try {
      await check.run(stack);
      results.push({ name: check.name });
    } catch (error) {
      results.push({ name: check.name, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return results;
}
