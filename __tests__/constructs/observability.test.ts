import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { MonitoringSection, Observability, ObservabilityProps } from "../../src/constructs/observability";
import { bodies, synthConstruct } from "./synth";

const KEY = "arn:aws:kms:eu-west-1:111122223333:key/k";
const ERRORS = { namespace: "AWS/Lambda", metricName: "Errors", dimensions: { FunctionName: "fn" }, stat: "Sum" };
const LATENCY = { namespace: "AWS/ApiGateway", metricName: "Latency", stat: "p95", label: "p95 latency" };

const SECTIONS: MonitoringSection[] = [
  {
    widgets: [
      { title: "Function", metrics: [ERRORS] },
      { title: "API", metrics: [LATENCY] },
      { title: "Edge", metrics: [ERRORS], region: "us-east-1" },
    ],
    alarms: [
      { id: "errors", description: "function errors", metric: ERRORS, comparison: "GreaterThanThreshold", threshold: 5 },
      {
        id: "latency",
        description: "slow",
        metric: LATENCY,
        comparison: "GreaterThanOrEqualToThreshold",
        threshold: 3000,
        periodSeconds: 60,
        evaluationPeriods: 5,
        treatMissingData: "breaching",
      },
    ],
  },
];

function synth(props: Partial<ObservabilityProps> = {}) {
  return synthConstruct((scope) => new Observability(scope, "observability", { namePrefix: "tw-test", region: "eu-west-1", kmsKeyArn: KEY, sections: SECTIONS, ...props }));
}

describe("Observability", () => {
  it("sends every alarm, and its recovery, to one topic encrypted with the stack's key", () => {
    const { text, resources } = synth();
    expect(text).toHaveResourceWithProperties(SnsTopic, { name: "tw-test-alarms", kms_master_key_id: KEY });
    const alarms = bodies(resources, "aws_cloudwatch_metric_alarm");
    expect(alarms.map((a) => a.alarm_name)).toEqual(["tw-test-errors", "tw-test-latency"]);
    for (const alarm of alarms) {
      expect(alarm.alarm_actions).toEqual(alarm.ok_actions);
      expect(alarm.alarm_actions).toEqual([expect.stringMatching(/^\$\{aws_sns_topic\..+\.arn\}$/)]);
    }
  });

  it("alarms over 3 periods of 300 s, silence not breaching, unless the alarm says otherwise", () => {
    const { text } = synth();
    expect(text).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: "tw-test-errors",
      statistic: "Sum",
      period: 300,
      evaluation_periods: 3,
      treat_missing_data: "notBreaching",
      dimensions: { FunctionName: "fn" },
    });
    expect(text).toHaveResourceWithProperties(CloudwatchMetricAlarm, { alarm_name: "tw-test-latency", period: 60, evaluation_periods: 5, treat_missing_data: "breaching" });
  });

  it("puts a percentile in extended_statistic, where CloudWatch takes it", () => {
    const latency = bodies(synth().resources, "aws_cloudwatch_metric_alarm").find((a) => a.alarm_name === "tw-test-latency")!;
    expect([latency.extended_statistic, latency.statistic]).toEqual(["p95", undefined]);
  });

  it("subscribes alarmEmail, and no one without it", () => {
    expect(synth({ alarmEmail: "ops@example.com" }).text).toHaveResourceWithProperties(SnsTopicSubscription, { protocol: "email", endpoint: "ops@example.com" });
    expect(synth().text).not.toHaveResource(SnsTopicSubscription);
  });

  it("lays the widgets out two a row in the stack's region unless a widget names its own, with the alarms below", () => {
    const [dashboard] = bodies(synth().resources, "aws_cloudwatch_dashboard");
    expect(dashboard.dashboard_name).toBe("tw-test");
    const { widgets } = JSON.parse(dashboard.dashboard_body);
    expect(widgets.map((w: any) => [w.type, w.x, w.y, w.width, w.properties.region])).toEqual([
      ["metric", 0, 0, 12, "eu-west-1"],
      ["metric", 12, 0, 12, "eu-west-1"],
      ["metric", 0, 6, 12, "us-east-1"],
      ["alarm", 0, 12, 24, undefined],
    ]);
    expect(widgets[0].properties.metrics).toEqual([["AWS/Lambda", "Errors", "FunctionName", "fn", { stat: "Sum" }]]);
    expect(widgets[1].properties.metrics).toEqual([["AWS/ApiGateway", "Latency", { stat: "p95", label: "p95 latency" }]]);
    expect(widgets[3].properties.alarms).toHaveLength(2);
  });
});
