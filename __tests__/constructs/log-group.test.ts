import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { encryptedLogGroup } from "../../src/constructs/log-group";
import { bodies, synthConstruct } from "./synth";

const KEY = "arn:aws:kms:eu-west-1:111122223333:key/k";
const PROPS = { name: "/ecs/tw-test", retentionDays: 30, kmsKeyArn: KEY };

describe("encryptedLogGroup", () => {
  it("is encrypted with the KMS key and expires its events after the retention, with the stack's provider by default", () => {
    const { text, resources } = synthConstruct((scope) => encryptedLogGroup(scope, "logs", PROPS));
    expect(text).toHaveResourceWithProperties(CloudwatchLogGroup, { name: "/ecs/tw-test", retention_in_days: 30, kms_key_id: KEY });
    expect(bodies(resources, "aws_cloudwatch_log_group")[0].provider).toBeUndefined();
  });

  it("takes another region's provider, e.g. us-east-1 for a CloudFront web ACL's logs", () => {
    const { resources } = synthConstruct((scope) => {
      const useast1 = new AwsProvider(scope, "us-east-1", { region: "us-east-1", alias: "us-east-1" });
      encryptedLogGroup(scope, "logs", { ...PROPS, name: "aws-waf-logs-tw-test", provider: useast1 });
    });
    expect(bodies(resources, "aws_cloudwatch_log_group")).toEqual([expect.objectContaining({ name: "aws-waf-logs-tw-test", provider: "aws.us-east-1" })]);
  });
});
