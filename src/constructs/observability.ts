import { Construct } from "constructs";
import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";

/** One CloudWatch metric. */
export interface MetricSpec {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions?: Readonly<Record<string, string>>;
  /** `Sum`, `Average`, `Maximum`, `p95`, ... */
  readonly stat: string;
  readonly label?: string;
}

/** An alarm on one metric, sent to the alarm topic. */
export interface AlarmSpec {
  /** Construct ID and alarm name suffix, e.g. `alb-5xx`. */
  readonly id: string;
  readonly description: string;
  readonly metric: MetricSpec;
  readonly comparison: "GreaterThanThreshold" | "GreaterThanOrEqualToThreshold" | "LessThanThreshold";
  readonly threshold: number;
  /** Seconds per evaluated period. Default 300. */
  readonly periodSeconds?: number;
  /** Periods that must breach. Default 3. */
  readonly evaluationPeriods?: number;
  /**
   * How a period without data counts. Default `notBreaching`: most metrics report nothing when
   * nothing happens; `breaching` where silence itself is the fault.
   */
  readonly treatMissingData?: "breaching" | "notBreaching";
}

/** A row of the dashboard and its alarms: what one part of the architecture reports. */
export interface MonitoringSection {
  /** Each widget's metrics are in the stack's region unless it names another (CloudFront's are in us-east-1). */
  readonly widgets: ReadonlyArray<{ readonly title: string; readonly metrics: readonly MetricSpec[]; readonly region?: string }>;
  readonly alarms: readonly AlarmSpec[];
}

export interface ObservabilityProps {
  /** Prefix of the dashboard, topic and alarm names, e.g. `trustwrapper-prod`. */
  readonly namePrefix: string;
  /** Region of the dashboard's widgets that do not name their own. */
  readonly region: string;
  /** ARN of the KMS key of the alarm topic. */
  readonly kmsKeyArn: string;
  /** E-mail address subscribed to the alarm topic. Default none. */
  readonly alarmEmail?: string;
  /** The parts of the architecture to show and alarm on, in dashboard order. */
  readonly sections: readonly MonitoringSection[];
}

const WIDGET_WIDTH = 12;
const WIDGET_HEIGHT = 6;
const DEFAULT_PERIOD = 300;

/**
 * The CloudWatch dashboard and alarms of a deployment, built from the sections each part of the
 * architecture contributes, with every alarm sent to one KMS-encrypted SNS topic.
 */
export class Observability extends Construct {
  readonly dashboard: CloudwatchDashboard;
  readonly alarmTopic: SnsTopic;
  readonly alarms: CloudwatchMetricAlarm[];

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    this.alarmTopic = new SnsTopic(this, "alarm-topic", { name: `${props.namePrefix}-alarms`, kmsMasterKeyId: props.kmsKeyArn });
    if (props.alarmEmail !== undefined) {
      new SnsTopicSubscription(this, "alarm-email", { topicArn: this.alarmTopic.arn, protocol: "email", endpoint: props.alarmEmail });
    }
    this.alarms = props.sections.flatMap((section) =>
      section.alarms.map(
        (alarm) =>
          new CloudwatchMetricAlarm(this, `alarm-${alarm.id}`, {
            alarmName: `${props.namePrefix}-${alarm.id}`,
            alarmDescription: alarm.description,
            namespace: alarm.metric.namespace,
            metricName: alarm.metric.metricName,
            dimensions: alarm.metric.dimensions,
            ...statistic(alarm.metric.stat),
            comparisonOperator: alarm.comparison,
            threshold: alarm.threshold,
            period: alarm.periodSeconds ?? DEFAULT_PERIOD,
            evaluationPeriods: alarm.evaluationPeriods ?? 3,
            treatMissingData: alarm.treatMissingData ?? "notBreaching",
            alarmActions: [this.alarmTopic.arn],
            okActions: [this.alarmTopic.arn],
          }),
      ),
    );
    const widgets = props.sections.flatMap((section) => section.widgets);
    this.dashboard = new CloudwatchDashboard(this, "dashboard", {
      dashboardName: props.namePrefix,
      dashboardBody: JSON.stringify({
        widgets: [
          ...widgets.map((widget, index) => ({
            type: "metric",
            x: (index % 2) * WIDGET_WIDTH,
            y: Math.floor(index / 2) * WIDGET_HEIGHT,
            width: WIDGET_WIDTH,
            height: WIDGET_HEIGHT,
            properties: {
              title: widget.title,
              region: widget.region ?? props.region,
              view: "timeSeries",
              stat: "Average",
              period: DEFAULT_PERIOD,
              metrics: widget.metrics.map(dashboardMetric),
            },
          })),
          {
            type: "alarm",
            x: 0,
            y: Math.ceil(widgets.length / 2) * WIDGET_HEIGHT,
            width: 2 * WIDGET_WIDTH,
            height: WIDGET_HEIGHT,
            properties: { title: "Alarms", alarms: this.alarms.map((alarm) => alarm.arn) },
          },
        ],
      }),
    });
  }
}

/** A metric in the dashboard's array form: namespace, name, dimension pairs, options. */
function dashboardMetric(metric: MetricSpec): unknown[] {
  const dimensions = Object.entries(metric.dimensions ?? {}).flat();
  const options = metric.label === undefined ? { stat: metric.stat } : { stat: metric.stat, label: metric.label };
  return [metric.namespace, metric.metricName, ...dimensions, options];
}

/** Alarms take plain statistics and percentiles in different fields. */
function statistic(stat: string): { statistic: string } | { extendedStatistic: string } {
  return /^p\d/.test(stat) ? { extendedStatistic: stat } : { statistic: stat };
}
