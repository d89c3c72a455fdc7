import { Construct } from "constructs";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";

export interface WarmupScheduleProps {
  /** Rule name, e.g. `trustwrapper-prod-api-warmup`. */
  readonly name: string;
  /** EventBridge schedule expression, e.g. `rate(5 minutes)`. */
  readonly schedule: string;
  /** Name of the function to keep warm (its invoke permission). */
  readonly functionName: string;
  /** ARN of that function (the rule's target). */
  readonly functionArn: string;
}

/** The event the guide's `lambda_handler` answers without running the app. */
export const WARMUP_EVENT = { warmup: true } as const;

/**
 * Keeps the function's instances warm: an EventBridge schedule invokes it with
 * `{"warmup": true}`, which the guide's handler answers at once.
 */
export class WarmupSchedule extends Construct {
  readonly rule: CloudwatchEventRule;

  constructor(scope: Construct, id: string, props: WarmupScheduleProps) {
    super(scope, id);
    this.rule = new CloudwatchEventRule(this, "rule", {
      name: props.name,
      description: 'Invokes the TrustWrapper function with {"warmup": true}',
      scheduleExpression: props.schedule,
    });
    new CloudwatchEventTarget(this, "target", { rule: this.rule.name, arn: props.functionArn, input: JSON.stringify(WARMUP_EVENT) });
    new LambdaPermission(this, "permission", {
      statementId: "AllowWarmupSchedule",
      action: "lambda:InvokeFunction",
      functionName: props.functionName,
      principal: "events.amazonaws.com",
      sourceArn: this.rule.arn,
    });
  }
}
