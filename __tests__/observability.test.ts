import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { bodyOf, ref, resourcesOf, synthContainer, Synthesized, stackKey } from "./helpers";

describe("dashboard and alarms (defaults)", () => {
  let s: Synthesized;
  let widgets: any[];
  beforeAll(() => {
    s = synthContainer();
    widgets = JSON.parse(bodyOf(s.json, s.stack.observability.dashboard).dashboard_body).widgets;
  });

  it("shows the guide's TrustWrapper Performance widget", () => {
    expect(s.text).toHaveResourceWithProperties(CloudwatchDashboard, { dashboard_name: "trustwrapper-prod" });
    const performance = widgets.find((w) => w.properties.title === "TrustWrapper Performance");
    const service = { cluster: ref(s.stack.tier.service.cluster, "name"), service: ref(s.stack.tier.service.service, "name") };
    expect(performance.properties.metrics).toEqual([
      ["TrustWrapper", "VerificationRequests", { stat: "Sum" }],
      ["TrustWrapper", "VerificationLatency", { stat: "Average" }],
      ["AWS/ECS", "CPUUtilization", "ClusterName", service.cluster, "ServiceName", service.service, { stat: "Average" }],
      ["AWS/ECS", "MemoryUtilization", "ClusterName", service.cluster, "ServiceName", service.service, { stat: "Average" }],
    ]);
    expect(performance.properties.region).toBe("us-east-1");
  });

  it("adds load balancer, database and Redis health, and an alarm overview", () => {
    const metricNames = widgets.flatMap((w) => (w.properties.metrics ?? []).map((m: any[]) => `${m[0]} ${m[1]}`));
    expect(metricNames).toEqual(
      expect.arrayContaining([
        "AWS/ApplicationELB HTTPCode_ELB_5XX_Count",
        "AWS/ApplicationELB HTTPCode_Target_5XX_Count",
        "AWS/ApplicationELB TargetResponseTime",
        "AWS/RDS CPUUtilization",
        "AWS/RDS FreeStorageSpace",
        "AWS/ElastiCache EngineCPUUtilization",
        "AWS/ElastiCache DatabaseMemoryUsagePercentage",
      ]),
    );
    const overview = widgets.find((w) => w.type === "alarm");
    expect(overview.properties.alarms).toHaveLength(s.stack.observability.alarms.length);
  });

  it("alarms on those metrics to the encrypted topic", () => {
    const alarms = Object.values(resourcesOf(s.json, "aws_cloudwatch_metric_alarm"));
    expect(alarms.map((a) => a.alarm_name).sort()).toEqual(
      [
        "alb-5xx",
        "alb-latency-p95",
        "cache-cpu-high",
        "cache-memory-high",
        "database-cpu-high",
        "database-memory-low",
        "database-storage-low",
        "no-healthy-targets",
        "redeploy-failed",
        "service-cpu-high",
        "service-memory-high",
        "target-5xx",
        "unhealthy-targets",
      ].map((name) => `trustwrapper-prod-${name}`),
    );
    const topic = ref(s.stack.observability.alarmTopic, "arn");
    for (const alarm of alarms) expect(alarm.alarm_actions).toEqual([topic]);
    expect(bodyOf(s.json, s.stack.observability.alarmTopic).kms_master_key_id).toBe(ref(stackKey(s.stack), "arn"));
    const latency = alarms.find((a) => a.alarm_name.endsWith("alb-latency-p95"));
    expect(latency).toMatchObject({ extended_statistic: "p95", dimensions: { LoadBalancer: ref(s.stack.tier.loadBalancer.loadBalancer, "arn_suffix") } });
    const redis = alarms.find((a) => a.alarm_name.endsWith("cache-cpu-high"));
    expect(redis?.dimensions).toEqual({ CacheClusterId: `${ref(s.stack.tier.cache.replicationGroup, "id")}-001` });
  });

  it("alarms on the failures that otherwise stay silent: no healthy target, a failed redeploy", () => {
    const byName = Object.fromEntries(Object.values(resourcesOf(s.json, "aws_cloudwatch_metric_alarm")).map((a) => [a.alarm_name, a]));
    const lb = s.stack.tier.loadBalancer;
    expect(byName["trustwrapper-prod-no-healthy-targets"]).toMatchObject({
      namespace: "AWS/ApplicationELB",
      metric_name: "HealthyHostCount",
      dimensions: { LoadBalancer: ref(lb.loadBalancer, "arn_suffix"), TargetGroup: ref(lb.targetGroup, "arn_suffix") },
      statistic: "Minimum",
      comparison_operator: "LessThanThreshold",
      threshold: 1,
      period: 60,
      // A target group that reports nothing serves nothing.
      treat_missing_data: "breaching",
    });
    expect(byName["trustwrapper-prod-redeploy-failed"]).toMatchObject({
      namespace: "AWS/States",
      metric_name: "ExecutionsFailed",
      dimensions: { StateMachineArn: ref(s.stack.tier.redeploy.stateMachine, "arn") },
      statistic: "Sum",
      comparison_operator: "GreaterThanThreshold",
      threshold: 0,
      evaluation_periods: 1,
      treat_missing_data: "notBreaching",
    });
    const redeploys = widgets.find((w) => w.properties.title === "Redeploys after secret changes");
    expect(redeploys.properties.metrics.map((m: any[]) => m[1])).toEqual(["ExecutionsStarted", "ExecutionsFailed", "ExecutionsTimedOut", "ExecutionsAborted"]);
  });

  it("subscribes no e-mail unless configured", () => {
    expect(s.json.resource.aws_sns_topic_subscription).toBeUndefined();
    const withEmail = synthContainer({ observability: { alarmEmail: "ops@example.com" } });
    expect(withEmail.text).toHaveResourceWithProperties(SnsTopicSubscription, { protocol: "email", endpoint: "ops@example.com" });
  });
});

describe("outputs and provider", () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthContainer();
  });

  it("exposes the documented outputs under stable names", () => {
    expect(Object.keys(s.json.output).sort()).toEqual(
      [
        "alarm_topic_arn",
        "alb_dns_name",
        "api_keys_secret_arn",
        "artifacts_bucket",
        "cluster_name",
        "dashboard_name",
        "database_endpoint",
        "database_secret_arn",
        "describe_service_command",
        "describe_task_definition_command",
        "image",
        "redis_endpoint",
        "service_logs_command",
        "service_name",
        "url",
        "verify_command",
      ].sort(),
    );
    expect(s.json.output.url.value).toBe("https://trustwrapper.yourdomain.com");
    expect(s.json.output.database_endpoint.value).toBe(ref(s.stack.tier.database.instance, "endpoint"));
    expect(s.json.output.redis_endpoint.value).toBe(ref(s.stack.tier.cache.replicationGroup, "primary_endpoint_address"));
  });

  it("deploys to the configured region with default tags", () => {
    const s2 = synthContainer({ region: "eu-west-1", environment: "staging", tags: { CostCenter: "ai-42" } });
    expect(s2.json.provider.aws[0]).toMatchObject({
      region: "eu-west-1",
      default_tags: [{ tags: { Project: "trustwrapper", Environment: "staging", ManagedBy: "cdktf", CostCenter: "ai-42" } }],
    });
    expect(s2.stack.node.id).toBe("trustwrapper-staging-eu-west-1");
  });

  it("keeps state beside the project, never at an absolute path", () => {
    expect(s.json.terraform.backend).toEqual({ local: { path: "../../../terraform.trustwrapper-prod-us-east-1.tfstate" } });
  });
});
