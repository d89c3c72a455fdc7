import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { TerraformOutput } from "cdktf";
import { ORIGIN_VERIFY_HEADER, OriginVerifySecret, OriginVerifySecretProps } from "../../src/constructs/origin-verify-secret";
import { bodies, synthConstruct } from "./synth";

const KEY = "arn:aws:kms:eu-west-1:111122223333:key/k";
const PROPS: OriginVerifySecretProps = { name: "trustwrapper/test/origin-verify-token", kmsKeyArn: KEY, version: 1 };

function synth(props: Partial<OriginVerifySecretProps> = {}) {
  let header = "";
  const out = synthConstruct((scope) => {
    const secret = new OriginVerifySecret(scope, "origin-verify", { ...PROPS, ...props });
    header = secret.headerName;
    new TerraformOutput(scope, "value", { value: secret.value, sensitive: true });
  });
  return { ...out, json: JSON.parse(out.text), header };
}

describe("OriginVerifySecret", () => {
  it("is a KMS-encrypted secret with no recovery window (nothing to restore, the name is free again at once)", () => {
    const { text, header } = synth();
    expect(text).toHaveResourceWithProperties(SecretsmanagerSecret, { name: PROPS.name, kms_key_id: KEY, recovery_window_in_days: 0 });
    expect(header).toBe(ORIGIN_VERIFY_HEADER);
  });

  it("generates the value in an ephemeral resource (letters and digits, 64 characters) and writes it only through the write-only attribute", () => {
    const { json, resources } = synth();
    const [generated] = Object.keys(json.ephemeral.aws_secretsmanager_random_password);
    expect(json.ephemeral.aws_secretsmanager_random_password[generated]).toEqual({ password_length: 64, exclude_punctuation: true });
    const [secret] = Object.keys(resources.aws_secretsmanager_secret);
    const [version] = bodies(resources, "aws_secretsmanager_secret_version");
    expect(version).toEqual(
      expect.objectContaining({
        secret_id: `\${aws_secretsmanager_secret.${secret}.id}`,
        secret_string_wo: `\${ephemeral.aws_secretsmanager_random_password.${generated}.random_password}`,
        secret_string_wo_version: 1,
      }),
    );
    expect(version.secret_string).toBeUndefined();
    expect(json.terraform.required_version).toBe(">= 1.11.0");
  });

  it("writes a new value when the version is raised (rotation)", () => {
    expect(bodies(synth({ version: 2 }).resources, "aws_secretsmanager_secret_version")[0].secret_string_wo_version).toBe(2);
  });

  it("reads the current value back after the write, so a rotation plans with the new value", () => {
    const { json, resources, data } = synth();
    const [version] = Object.keys(resources.aws_secretsmanager_secret_version);
    const [current] = Object.keys(data.aws_secretsmanager_secret_version);
    expect(data.aws_secretsmanager_secret_version[current].depends_on).toEqual([`aws_secretsmanager_secret_version.${version}`]);
    expect(json.output.value.value).toBe(`\${data.aws_secretsmanager_secret_version.${current}.secret_string}`);
  });
});
