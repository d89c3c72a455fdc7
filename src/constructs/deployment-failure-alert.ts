import { Construct } from "constructs";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { AwsEnvironment } from "../config/aws-environment";
import { policyDocument } from "./policy-document";

export interface DeploymentFailureAlertProps {
  /** Prefix of the rule's name, e.g. `trustwrapper-prod`. */
  readonly namePrefix: string;
  /** Region, partition and account of the stack. */
  readonly env: AwsEnvironment;
  /** ARN of the ECS service whose failed deployments are reported. */
  readonly serviceArn: string;
  /** The alarm topic (KMS-encrypted with a key EventBridge may use) that receives the event. */
  readonly topic: SnsTopic;
}

/** What the topic's owner account may do: the actions of SNS's default topic policy. */
const OWNER_ACTIONS = [
  "sns:AddPermission",
  "sns:DeleteTopic",
  "sns:GetTopicAttributes",
  "sns:ListSubscriptionsByTopic",
  "sns:Publish",
  "sns:RemovePermission",
  "sns:SetTopicAttributes",
  "sns:Subscribe",
];

/**
 * Makes a rolled-back release visible: the service's deployment circuit breaker rolls back a
 * release whose tasks do not become healthy, and ECS then emits SERVICE_DEPLOYMENT_FAILED; an
 * EventBridge rule sends that event to the alarm topic (and its e-mail). The topic's policy keeps
 * SNS's default rights of the owner account and lets CloudWatch alarms of the account and this
 * rule publish.
 */
export class DeploymentFailureAlert extends Construct {
  readonly rule: CloudwatchEventRule;

  constructor(scope: Construct, id: string, props: DeploymentFailureAlertProps) {
    super(scope, id);
    const { env, topic } = props;
    this.rule = new CloudwatchEventRule(this, "rule", {
      name: `${props.namePrefix}-deployment-failed`,
      description: "A deployment of the TrustWrapper service failed and the circuit breaker rolled it back",
      eventPattern: JSON.stringify({
        source: ["aws.ecs"],
        "detail-type": ["ECS Deployment State Change"],
        resources: [props.serviceArn],
        detail: { eventName: ["SERVICE_DEPLOYMENT_FAILED"] },
      }),
    });
    new CloudwatchEventTarget(this, "target", { rule: this.rule.name, arn: topic.arn });
    const policy = policyDocument(this, "topic-policy-document", [
      {
        sid: "OwnerAccount",
        principals: [{ type: "AWS", identifiers: [`arn:${env.partition}:iam::${env.accountId}:root`] }],
        actions: OWNER_ACTIONS,
        resources: [topic.arn],
      },
      {
        sid: "AccountAlarms",
        principals: [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com"] }],
        actions: ["sns:Publish"],
        resources: [topic.arn],
        condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [env.accountId] }],
      },
      {
        sid: "DeploymentFailedEvents",
        principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }],
        actions: ["sns:Publish"],
        resources: [topic.arn],
        condition: [{ test: "ArnEquals", variable: "aws:SourceArn", values: [this.rule.arn] }],
      },
    ]);
    new SnsTopicPolicy(this, "topic-policy", { arn: topic.arn, policy: policy.json });
  }
}
