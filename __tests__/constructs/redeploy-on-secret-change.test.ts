import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { SfnStateMachine } from "@cdktf/provider-aws/lib/sfn-state-machine";
import { RedeployOnSecretChange } from "../../src/constructs/redeploy-on-secret-change";
import { bodies, ENV, synthConstruct } from "./synth";

const SECRET = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:keys-AbCdEf";
const SERVICE = "arn:aws:ecs:eu-west-1:111122223333:service/tw-test/tw-test-api";

describe("RedeployOnSecretChange", () => {
  const { text, resources, data } = synthConstruct(
    (scope) =>
      new RedeployOnSecretChange(scope, "redeploy", {
        namePrefix: "tw-test",
        env: ENV,
        secretArns: [SECRET],
        clusterArn: "arn:aws:ecs:eu-west-1:111122223333:cluster/tw-test",
        serviceName: "tw-test-api",
        serviceArn: SERVICE,
        kmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/k",
        logRetentionDays: 30,
      }),
  );

  it("fires when one of the secrets gets a new current value", () => {
    expect(text).toHaveResourceWithProperties(CloudwatchEventRule, { name: "tw-test-secret-changed" });
    expect(JSON.parse(bodies(resources, "aws_cloudwatch_event_rule")[0].event_pattern)).toEqual({
      source: ["aws.secretsmanager"],
      "detail-type": ["Secret Label Updated"],
      resources: [SECRET],
      detail: { labelUpdated: ["AWSCURRENT"] },
    });
  });

  it("forces a new deployment of the service, retrying, traced, with errors logged", () => {
    expect(text).toHaveResourceWithProperties(SfnStateMachine, { tracing_configuration: { enabled: true }, logging_configuration: expect.objectContaining({ level: "ERROR" }) });
    const definition = JSON.parse(bodies(resources, "aws_sfn_state_machine")[0].definition);
    expect(definition.States.ForceNewDeployment).toMatchObject({
      Resource: "arn:aws:states:::aws-sdk:ecs:updateService",
      Parameters: { Service: "tw-test-api", ForceNewDeployment: true },
      Retry: [expect.objectContaining({ MaxAttempts: 3 })],
    });
  });

  it("may update that service only, and EventBridge may start this state machine only", () => {
    const statements = bodies(data, "aws_iam_policy_document").flatMap((d) => d.statement);
    expect(statements.find((s: any) => s.sid === "RedeployService").resources).toEqual([SERVICE]);
    expect(statements.find((s: any) => s.sid === "StartRedeploy").resources).toEqual([expect.stringMatching(/^\$\{aws_sfn_state_machine\..+\.arn\}$/)]);
  });
});
