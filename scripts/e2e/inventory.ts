// Lists every resource of the kinds the stacks create that exists in the emulator, as
// "<kind> <id>" lines. The run lists before apply and after destroy; whatever is in the second
// list and not the first was left behind. Resources AWS keeps by design after a delete are not
// "existing": KMS keys pending deletion and secrets scheduled for deletion.
import { ListCertificatesCommand } from "@aws-sdk/client-acm";
import { GetDomainNamesCommand, GetRestApisCommand } from "@aws-sdk/client-api-gateway";
import { ListDistributionsCommand, ListResponseHeadersPoliciesCommand } from "@aws-sdk/client-cloudfront";
import { ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { ListFunctionsCommand } from "@aws-sdk/client-lambda";
import { ListQueuesCommand } from "@aws-sdk/client-sqs";
import { ListWebACLsCommand } from "@aws-sdk/client-wafv2";
import { DescribeScalableTargetsCommand, DescribeScalingPoliciesCommand } from "@aws-sdk/client-application-auto-scaling";
import { DescribeAlarmsCommand, ListDashboardsCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
  DescribeAddressesCommand,
  DescribeFlowLogsCommand,
  DescribeInternetGatewaysCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
} from "@aws-sdk/client-ec2";
import { DescribeClustersCommand, DescribeServicesCommand, ListClustersCommand, ListServicesCommand, ListTaskDefinitionsCommand } from "@aws-sdk/client-ecs";
import {
  DescribeCacheClustersCommand,
  DescribeCacheSubnetGroupsCommand,
  DescribeReplicationGroupsCommand,
  DescribeUserGroupsCommand,
  DescribeUsersCommand,
} from "@aws-sdk/client-elasticache";
import { DescribeListenersCommand, DescribeLoadBalancersCommand, DescribeTargetGroupsCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import { ListRulesCommand, ListTargetsByRuleCommand } from "@aws-sdk/client-eventbridge";
import { ListPoliciesCommand, ListRolePoliciesCommand, ListRolesCommand, ListAttachedRolePoliciesCommand } from "@aws-sdk/client-iam";
import { DescribeKeyCommand, ListAliasesCommand, ListKeysCommand } from "@aws-sdk/client-kms";
import { DescribeDBInstancesCommand, DescribeDBParameterGroupsCommand, DescribeDBSnapshotsCommand, DescribeDBSubnetGroupsCommand } from "@aws-sdk/client-rds";
import { ListHostedZonesCommand, ListResourceRecordSetsCommand } from "@aws-sdk/client-route-53";
import { ListBucketsCommand } from "@aws-sdk/client-s3";
import { ListSecretsCommand } from "@aws-sdk/client-secrets-manager";
import { ListStateMachinesCommand } from "@aws-sdk/client-sfn";
import { ListSubscriptionsCommand, ListTopicsCommand } from "@aws-sdk/client-sns";
import { Clients } from "./clients";

type Lister = (c: Clients) => Promise<string[]>;

const ids = (kind: string, values: (string | undefined)[] | undefined) => (values ?? []).map((v) => `${kind} ${v ?? "?"}`);

const LISTERS: Lister[] = [
  async ({ ec2 }) =>
    ids(
      "ec2 vpc",
      (await ec2.send(new DescribeVpcsCommand({}))).Vpcs?.map((v) => v.VpcId),
    ),
  async ({ ec2 }) =>
    ids(
      "ec2 subnet",
      (await ec2.send(new DescribeSubnetsCommand({}))).Subnets?.map((s) => s.SubnetId),
    ),
  async ({ ec2 }) =>
    ids(
      "ec2 security-group",
      (await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups?.map((g) => g.GroupId),
    ),
  async ({ ec2 }) =>
    ids(
      "ec2 security-group-rule",
      (await ec2.send(new DescribeSecurityGroupRulesCommand({}))).SecurityGroupRules?.map((r) => r.SecurityGroupRuleId),
    ),
  async ({ ec2 }) =>
    ids(
      "ec2 internet-gateway",
      (await ec2.send(new DescribeInternetGatewaysCommand({}))).InternetGateways?.map((g) => g.InternetGatewayId),
    ),
  async ({ ec2 }) =>
    ids(
      "ec2 nat-gateway",
      (await ec2.send(new DescribeNatGatewaysCommand({}))).NatGateways?.filter((n) => n.State !== "deleted").map((n) => n.NatGatewayId),
    ),
  async ({ ec2 }) =>
    ids(
      "ec2 elastic-ip",
      (await ec2.send(new DescribeAddressesCommand({}))).Addresses?.map((a) => a.AllocationId),
    ),
  async ({ ec2 }) =>
    ids(
      "ec2 route-table",
      (await ec2.send(new DescribeRouteTablesCommand({}))).RouteTables?.map((t) => t.RouteTableId),
    ),
  async ({ ec2 }) =>
    ids(
      "ec2 vpc-endpoint",
      (await ec2.send(new DescribeVpcEndpointsCommand({}))).VpcEndpoints?.filter((e) => e.State?.toLowerCase() !== "deleted").map((e) => e.VpcEndpointId),
    ),
  async ({ ec2 }) =>
    ids(
      "ec2 flow-log",
      (await ec2.send(new DescribeFlowLogsCommand({}))).FlowLogs?.map((f) => f.FlowLogId),
    ),
  async ({ elbv2 }) =>
    ids(
      "elbv2 load-balancer",
      (await elbv2.send(new DescribeLoadBalancersCommand({}))).LoadBalancers?.map((l) => l.LoadBalancerArn),
    ),
  async ({ elbv2 }) => {
    const balancers = (await elbv2.send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? [];
    const listeners = await Promise.all(balancers.map((b) => elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: b.LoadBalancerArn }))));
    return ids(
      "elbv2 listener",
      listeners.flatMap((l) => l.Listeners?.map((x) => x.ListenerArn) ?? []),
    );
  },
  async ({ elbv2 }) =>
    ids(
      "elbv2 target-group",
      (await elbv2.send(new DescribeTargetGroupsCommand({}))).TargetGroups?.map((t) => t.TargetGroupArn),
    ),
  // A deleted cluster or service stays listed as INACTIVE for a while, in AWS as in the emulator.
  async ({ ecs }) => {
    const arns = (await ecs.send(new ListClustersCommand({}))).clusterArns ?? [];
    const clusters = arns.length === 0 ? [] : ((await ecs.send(new DescribeClustersCommand({ clusters: arns }))).clusters ?? []);
    const active = clusters.filter((c) => c.status !== "INACTIVE").map((c) => String(c.clusterArn));
    const services = await Promise.all(
      active.map(async (cluster) => {
        const serviceArns = (await ecs.send(new ListServicesCommand({ cluster }))).serviceArns ?? [];
        if (serviceArns.length === 0) return [];
        return ((await ecs.send(new DescribeServicesCommand({ cluster, services: serviceArns }))).services ?? []).filter((s) => s.status !== "INACTIVE");
      }),
    );
    return [
      ...ids("ecs cluster", active),
      ...ids(
        "ecs service",
        services.flat().map((s) => s.serviceArn),
      ),
    ];
  },
  async ({ ecs }) => ids("ecs task-definition", (await ecs.send(new ListTaskDefinitionsCommand({ status: "ACTIVE" }))).taskDefinitionArns),
  async ({ rds }) =>
    ids(
      "rds db-instance",
      (await rds.send(new DescribeDBInstancesCommand({}))).DBInstances?.map((d) => d.DBInstanceIdentifier),
    ),
  async ({ rds }) =>
    ids(
      "rds db-subnet-group",
      (await rds.send(new DescribeDBSubnetGroupsCommand({}))).DBSubnetGroups?.map((g) => g.DBSubnetGroupName),
    ),
  async ({ rds }) =>
    ids(
      "rds db-parameter-group",
      (await rds.send(new DescribeDBParameterGroupsCommand({}))).DBParameterGroups?.map((g) => g.DBParameterGroupName),
    ),
  async ({ rds }) =>
    ids(
      "rds db-snapshot",
      (await rds.send(new DescribeDBSnapshotsCommand({}))).DBSnapshots?.map((s) => s.DBSnapshotIdentifier),
    ),
  async ({ elasticache }) =>
    ids(
      "elasticache replication-group",
      (await elasticache.send(new DescribeReplicationGroupsCommand({}))).ReplicationGroups?.map((g) => g.ReplicationGroupId),
    ),
  async ({ elasticache }) =>
    ids(
      "elasticache cluster",
      (await elasticache.send(new DescribeCacheClustersCommand({}))).CacheClusters?.map((c) => c.CacheClusterId),
    ),
  async ({ elasticache }) =>
    ids(
      "elasticache subnet-group",
      (await elasticache.send(new DescribeCacheSubnetGroupsCommand({}))).CacheSubnetGroups?.map((g) => g.CacheSubnetGroupName),
    ),
  async ({ elasticache }) =>
    ids(
      "elasticache user",
      (await elasticache.send(new DescribeUsersCommand({}))).Users?.map((u) => u.UserId),
    ),
  async ({ elasticache }) =>
    ids(
      "elasticache user-group",
      (await elasticache.send(new DescribeUserGroupsCommand({}))).UserGroups?.map((g) => g.UserGroupId),
    ),
  async ({ iam }) => {
    const roles = (await iam.send(new ListRolesCommand({ MaxItems: 1000 }))).Roles ?? [];
    const details = await Promise.all(
      roles.map(async (role) => [
        ...ids(
          "iam role-policy",
          (await iam.send(new ListRolePoliciesCommand({ RoleName: role.RoleName }))).PolicyNames?.map((p) => `${role.RoleName}/${p}`),
        ),
        ...ids(
          "iam role-policy-attachment",
          (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: role.RoleName }))).AttachedPolicies?.map((p) => `${role.RoleName}/${p.PolicyArn}`),
        ),
      ]),
    );
    return [
      ...ids(
        "iam role",
        roles.map((r) => r.RoleName),
      ),
      ...details.flat(),
    ];
  },
  async ({ iam }) =>
    ids(
      "iam policy",
      (await iam.send(new ListPoliciesCommand({ Scope: "Local", MaxItems: 1000 }))).Policies?.map((p) => p.Arn),
    ),
  async ({ kms }) => {
    const keys = (await kms.send(new ListKeysCommand({}))).Keys ?? [];
    const described = await Promise.all(keys.map((k) => kms.send(new DescribeKeyCommand({ KeyId: k.KeyId }))));
    // AWS-managed keys (alias/aws/dynamodb, ...) are made on first use and belong to the account, not
    // the stack; moto marks them only by their alias.
    const aliases = (await kms.send(new ListAliasesCommand({}))).Aliases ?? [];
    const awsManaged = new Set(aliases.filter((a) => a.AliasName?.startsWith("alias/aws/")).map((a) => a.TargetKeyId));
    const customer = described.filter((d) => d.KeyMetadata?.KeyManager !== "AWS" && !awsManaged.has(d.KeyMetadata?.KeyId));
    return ids(
      "kms key",
      customer.filter((d) => d.KeyMetadata?.KeyState !== "PendingDeletion").map((d) => d.KeyMetadata?.KeyId),
    );
  },
  async ({ kms }) =>
    ids(
      "kms alias",
      (await kms.send(new ListAliasesCommand({}))).Aliases?.filter((a) => !a.AliasName?.startsWith("alias/aws/")).map((a) => a.AliasName),
    ),
  async ({ secrets }) =>
    ids(
      "secretsmanager secret",
      (await secrets.send(new ListSecretsCommand({}))).SecretList?.filter((s) => s.DeletedDate === undefined).map((s) => s.Name),
    ),
  async ({ s3 }) =>
    ids(
      "s3 bucket",
      (await s3.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name),
    ),
  async ({ sns }) =>
    ids(
      "sns topic",
      (await sns.send(new ListTopicsCommand({}))).Topics?.map((t) => t.TopicArn),
    ),
  async ({ sns }) =>
    ids(
      "sns subscription",
      (await sns.send(new ListSubscriptionsCommand({}))).Subscriptions?.map((s) => s.SubscriptionArn),
    ),
  async ({ cloudwatch }) =>
    ids(
      "cloudwatch alarm",
      (await cloudwatch.send(new DescribeAlarmsCommand({ MaxRecords: 100 }))).MetricAlarms?.map((a) => a.AlarmName),
    ),
  async ({ cloudwatch }) =>
    ids(
      "cloudwatch dashboard",
      (await cloudwatch.send(new ListDashboardsCommand({}))).DashboardEntries?.map((d) => d.DashboardName),
    ),
  async ({ logs }) =>
    ids(
      "logs log-group",
      (await logs.send(new DescribeLogGroupsCommand({}))).logGroups?.map((g) => g.logGroupName),
    ),
  async ({ events }) => {
    const rules = (await events.send(new ListRulesCommand({}))).Rules ?? [];
    const targets = await Promise.all(rules.map((r) => events.send(new ListTargetsByRuleCommand({ Rule: r.Name }))));
    return [
      ...ids(
        "events rule",
        rules.map((r) => r.Name),
      ),
      ...ids(
        "events target",
        targets.flatMap((t) => t.Targets?.map((x) => x.Id) ?? []),
      ),
    ];
  },
  async ({ sfn }) =>
    ids(
      "sfn state-machine",
      (await sfn.send(new ListStateMachinesCommand({}))).stateMachines?.map((m) => m.stateMachineArn),
    ),
  async ({ autoscaling }) =>
    ids(
      "application-autoscaling target",
      (await autoscaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: "ecs" }))).ScalableTargets?.map((t) => t.ResourceId),
    ),
  async ({ autoscaling }) =>
    ids(
      "application-autoscaling policy",
      (await autoscaling.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: "ecs" }))).ScalingPolicies?.map((p) => p.PolicyName),
    ),
  async ({ lambda }) =>
    ids(
      "lambda function",
      (await lambda.send(new ListFunctionsCommand({}))).Functions?.map((f) => f.FunctionName),
    ),
  async ({ dynamodb }) => ids("dynamodb table", (await dynamodb.send(new ListTablesCommand({}))).TableNames),
  async ({ sqs }) => ids("sqs queue", (await sqs.send(new ListQueuesCommand({}))).QueueUrls),
  async ({ apigateway }) =>
    ids(
      "apigateway rest-api",
      (await apigateway.send(new GetRestApisCommand({}))).items?.map((a) => `${a.name} ${a.id}`),
    ),
  async ({ apigateway }) =>
    ids(
      "apigateway domain-name",
      (await apigateway.send(new GetDomainNamesCommand({}))).items?.map((d) => d.domainName),
    ),
  async ({ cloudfront }) =>
    ids(
      "cloudfront distribution",
      (await cloudfront.send(new ListDistributionsCommand({}))).DistributionList?.Items?.map((d) => d.Id),
    ),
  async ({ cloudfront }) =>
    ids(
      "cloudfront response-headers-policy",
      (await cloudfront.send(new ListResponseHeadersPoliciesCommand({ Type: "custom" }))).ResponseHeadersPolicyList?.Items?.map((p) => p.ResponseHeadersPolicy?.Id),
    ),
  async ({ wafv2 }) =>
    ids(
      "wafv2 web-acl",
      (await wafv2.send(new ListWebACLsCommand({ Scope: "CLOUDFRONT" }))).WebACLs?.map((w) => w.Name),
    ),
  async ({ acm }) =>
    ids(
      "acm certificate",
      (await acm.send(new ListCertificatesCommand({}))).CertificateSummaryList?.map((c) => c.CertificateArn),
    ),
  async ({ route53 }) => {
    const zones = (await route53.send(new ListHostedZonesCommand({}))).HostedZones ?? [];
    const records = await Promise.all(
      zones.map(async (zone) =>
        ((await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone.Id }))).ResourceRecordSets ?? []).map((r) => `${zone.Name} ${r.Type} ${r.Name}`),
      ),
    );
    return [
      ...ids(
        "route53 zone",
        zones.map((z) => z.Name),
      ),
      ...ids("route53 record", records.flat()),
    ];
  },
];

/** Every resource in the emulator, sorted. */
export async function inventory(clients: Clients): Promise<string[]> {
  const lists = await Promise.all(LISTERS.map((list) => list(clients)));
  return lists.flat().sort();
}
