import { DataAwsSecretsmanagerSecret } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-secret";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { ApiKeysSecret, ApiKeysSecretProps } from "../../src/constructs/api-keys-secret";
import { synthConstruct } from "./synth";

const KEY = "arn:aws:kms:eu-west-1:111122223333:key/k";
const KEYS = ["ANTHROPIC_API_KEY", "GOOGLE_API_KEY"];

function synth(props: Partial<ApiKeysSecretProps> = {}) {
  let secret: ApiKeysSecret | undefined;
  const out = synthConstruct((scope) => {
    secret = new ApiKeysSecret(scope, "api-keys", { name: "tw/test/api-keys", keys: KEYS, kmsKeyArn: KEY, ...props });
  });
  return { ...out, secret: secret! };
}

describe("ApiKeysSecret", () => {
  it("creates only the encrypted container, restorable for 30 days: the value is set outside Terraform", () => {
    const { text } = synth();
    expect(text).toHaveResourceWithProperties(SecretsmanagerSecret, { name: "tw/test/api-keys", kms_key_id: KEY, recovery_window_in_days: 30 });
    expect(text).not.toHaveResource(SecretsmanagerSecretVersion);
    expect(synth({ recoveryWindowDays: 7 }).text).toHaveResourceWithProperties(SecretsmanagerSecret, { recovery_window_in_days: 7 });
  });

  it("adopts an existing secret by ARN instead of creating one", () => {
    const arn = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:shared-AbCdEf";
    const { text, secret } = synth({ existingSecretArn: arn });
    expect(text).not.toHaveResource(SecretsmanagerSecret);
    expect(text).toHaveDataSourceWithProperties(DataAwsSecretsmanagerSecret, { arn });
    expect(secret.secret).toBeUndefined();
  });

  it("injects each JSON key as the environment variable of the same name", () => {
    expect(
      synth()
        .secret.containerSecrets()
        .map(({ name, jsonKey }) => [name, jsonKey]),
    ).toEqual([
      ["ANTHROPIC_API_KEY", "ANTHROPIC_API_KEY"],
      ["GOOGLE_API_KEY", "GOOGLE_API_KEY"],
    ]);
  });
});
