import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { EncryptionKey, EncryptionKeyProps } from "../../src/constructs/encryption-key";
import { bodies, ENV, synthConstruct } from "./synth";

function synth(props: Partial<EncryptionKeyProps> = {}) {
  return synthConstruct((scope) => new EncryptionKey(scope, "key", { alias: "tw-test", env: ENV, ...props }));
}

const sids = (data: Record<string, Record<string, any>>) => bodies(data, "aws_iam_policy_document")[0].statement.map((s: any) => s.sid);

describe("EncryptionKey", () => {
  it("rotates, waits 30 days before deletion, and has its alias", () => {
    const { text } = synth();
    expect(text).toHaveResourceWithProperties(KmsKey, { description: "Encrypts the data of tw-test", enable_key_rotation: true, deletion_window_in_days: 30 });
    expect(text).toHaveResourceWithProperties(KmsAlias, { name: "alias/tw-test" });
    expect(synth({ deletionWindowDays: 7 }).text).toHaveResourceWithProperties(KmsKey, { deletion_window_in_days: 7 });
  });

  it("names every principal: the account through IAM, CloudWatch Logs for this account's log groups, alarms and EventBridge of this account", () => {
    const [policy] = bodies(synth().data, "aws_iam_policy_document");
    expect(policy.statement.map((s: any) => [s.sid, s.principals[0].identifiers])).toEqual([
      ["AccountAdministersKeyThroughIam", ["arn:aws:iam::111122223333:root"]],
      ["CloudWatchLogsEncryptsThisAccountsLogGroups", ["logs.eu-west-1.amazonaws.com"]],
      ["AlarmsPublishToEncryptedTopics", ["cloudwatch.amazonaws.com", "events.amazonaws.com"]],
    ]);
    expect(policy.statement[1].condition).toEqual([
      { test: "ArnLike", variable: "kms:EncryptionContext:aws:logs:arn", values: ["arn:aws:logs:eu-west-1:111122223333:log-group:*"] },
    ]);
    expect(policy.statement[2].condition).toEqual([{ test: "StringEquals", variable: "aws:SourceAccount", values: ["111122223333"] }]);
  });

  it("lets CloudFront's log delivery generate data keys only when asked", () => {
    expect(sids(synth().data)).not.toContain("CloudFrontDeliversAccessLogs");
    expect(sids(synth({ allowCloudFrontLogDelivery: true }).data)).toContain("CloudFrontDeliversAccessLogs");
  });

  it("kept on destroy: the key and its alias refuse terraform destroy", () => {
    const { text } = synth({ keepOnDestroy: true });
    expect(text).toHaveResourceWithProperties(KmsKey, { lifecycle: { prevent_destroy: true } });
    expect(text).toHaveResourceWithProperties(KmsAlias, { lifecycle: { prevent_destroy: true } });
    expect(bodies(synth().resources, "aws_kms_key")[0].lifecycle).toBeUndefined();
  });
});
