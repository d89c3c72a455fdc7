import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { DeploymentFailureAlert } from "../../src/constructs/deployment-failure-alert";
import { bodies, ENV, synthConstruct } from "./synth";

const SERVICE = "arn:aws:ecs:eu-west-1:111122223333:service/tw-test/tw-test";

function synth() {
  return synthConstruct((scope) => {
    const topic = new SnsTopic(scope, "alarms", { name: "tw-test-alarms" });
    new DeploymentFailureAlert(scope, "deployment-failed", { namePrefix: "tw-test", env: ENV, serviceArn: SERVICE, topic });
  });
}

describe("DeploymentFailureAlert", () => {
  it("matches only the service's SERVICE_DEPLOYMENT_FAILED events and sends them to the alarm topic", () => {
    const { text, resources } = synth();
    expect(text).toHaveResourceWithProperties(CloudwatchEventRule, { name: "tw-test-deployment-failed" });
    const [rule] = bodies(resources, "aws_cloudwatch_event_rule");
    expect(JSON.parse(rule.event_pattern)).toEqual({
      source: ["aws.ecs"],
      "detail-type": ["ECS Deployment State Change"],
      resources: [SERVICE],
      detail: { eventName: ["SERVICE_DEPLOYMENT_FAILED"] },
    });
    const [ruleId] = Object.keys(resources.aws_cloudwatch_event_rule);
    const [topic] = Object.keys(resources.aws_sns_topic);
    expect(bodies(resources, "aws_cloudwatch_event_target")).toEqual([
      expect.objectContaining({ rule: `\${aws_cloudwatch_event_rule.${ruleId}.name}`, arn: `\${aws_sns_topic.${topic}.arn}` }),
    ]);
  });

  it("sets the topic's policy: the owner account's default rights, the account's alarms, and this rule alone among EventBridge rules", () => {
    const { resources, data } = synth();
    const [topic] = Object.keys(resources.aws_sns_topic);
    const [ruleId] = Object.keys(resources.aws_cloudwatch_event_rule);
    const [documentId] = Object.keys(data.aws_iam_policy_document);
    const topicArn = `\${aws_sns_topic.${topic}.arn}`;
    expect(bodies(resources, "aws_sns_topic_policy")).toEqual([{ arn: topicArn, policy: `\${data.aws_iam_policy_document.${documentId}.json}` }]);
    const statements = Object.fromEntries(data.aws_iam_policy_document[documentId].statement.map((s: any) => [s.sid, s]));
    expect(Object.keys(statements)).toEqual(["OwnerAccount", "AccountAlarms", "DeploymentFailedEvents"]);
    for (const statement of Object.values<any>(statements)) expect([statement.effect, statement.resources]).toEqual([undefined, [topicArn]]);
    expect(statements.OwnerAccount.principals).toEqual([{ type: "AWS", identifiers: [`arn:aws:iam::${ENV.accountId}:root`] }]);
    expect(statements.OwnerAccount.actions).toContain("sns:Publish");
    expect(statements.AccountAlarms).toMatchObject({
      principals: [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com"] }],
      actions: ["sns:Publish"],
      condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [ENV.accountId] }],
    });
    expect(statements.DeploymentFailedEvents).toMatchObject({
      principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }],
      actions: ["sns:Publish"],
      condition: [{ test: "ArnEquals", variable: "aws:SourceArn", values: [`\${aws_cloudwatch_event_rule.${ruleId}.arn}`] }],
    });
  });
});
