import { DataAwsKmsKey } from "@cdktf/provider-aws/lib/data-aws-kms-key";
import { TerraformOutput } from "cdktf";
import { ExistingEncryptionKey } from "../../src/constructs/existing-encryption-key";
import { synthConstruct } from "./synth";

const KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("ExistingEncryptionKey", () => {
  it("looks the user's key up by ARN (the plan fails if it is missing), creates no key, and hands on the looked-up ARN", () => {
    const { text, resources, data } = synthConstruct((scope) => {
      const key = new ExistingEncryptionKey(scope, "key", { keyArn: KEY });
      new TerraformOutput(scope, "arn", { value: key.arn });
    });
    expect(text).toHaveDataSourceWithProperties(DataAwsKmsKey, { key_id: KEY });
    expect(resources).toEqual({});
    const [id] = Object.keys(data.aws_kms_key);
    expect(JSON.parse(text).output.arn.value).toBe(`\${data.aws_kms_key.${id}.arn}`);
  });
});
