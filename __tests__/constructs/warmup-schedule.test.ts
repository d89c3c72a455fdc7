import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { WarmupSchedule } from "../../src/constructs/warmup-schedule";
import { bodies, synthConstruct } from "./synth";

describe("WarmupSchedule", () => {
  const { text, resources } = synthConstruct(
    (scope) =>
      new WarmupSchedule(scope, "warmup", {
        name: "tw-test-warmup",
        schedule: "rate(5 minutes)",
        functionName: "tw-test-api",
        functionArn: "arn:aws:lambda:eu-west-1:111122223333:function:tw-test-api",
      }),
  );

  it("invokes the function on its schedule with the event the guide's handler answers at once", () => {
    expect(text).toHaveResourceWithProperties(CloudwatchEventRule, { name: "tw-test-warmup", schedule_expression: "rate(5 minutes)" });
    expect(text).toHaveResourceWithProperties(CloudwatchEventTarget, { arn: "arn:aws:lambda:eu-west-1:111122223333:function:tw-test-api", input: '{"warmup":true}' });
  });

  it("lets only its own rule invoke the function", () => {
    expect(text).toHaveResourceWithProperties(LambdaPermission, { function_name: "tw-test-api", principal: "events.amazonaws.com", action: "lambda:InvokeFunction" });
    expect(bodies(resources, "aws_lambda_permission")[0].source_arn).toMatch(/^\$\{aws_cloudwatch_event_rule\..+\.arn\}$/);
  });
});
