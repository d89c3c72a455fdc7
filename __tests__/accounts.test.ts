import { parseDeployments } from "../src/config/deployments";
import { parseConfig } from "../src/config/load";
import { TrustWrapperConfigInput } from "../src/config/schema";
import { HybridStack } from "../src/stacks/hybrid-stack";
import { synthContainer, synthStack } from "./helpers";

const STAGING = "111122223333";
const PROD = "444455556666";
const role = (account: string, name = "terraform") => `arn:aws:iam::${account}:role/${name}`;
const hybridCode = { serverless: { function: { code: { s3Bucket: "code-bucket", s3Key: "app.zip" } } } };

describe("one account per stack", () => {
  it("pins every AWS provider of the stack, the us-east-1 alias too, to the account, and assumes the role in it", () => {
    const account = { id: PROD, roleArn: role(PROD), externalId: "ci-pipeline", sessionName: "trustwrapper-deploy" };
    const { json } = synthStack(HybridStack, { architecture: "hybrid", ...hybridCode, account });
    expect(json.provider.aws).toHaveLength(2);
    for (const provider of json.provider.aws) {
      expect(provider.allowed_account_ids).toEqual([PROD]);
      expect(provider.assume_role).toEqual([{ role_arn: role(PROD), external_id: "ci-pipeline", session_name: "trustwrapper-deploy" }]);
    }
  });

  it("uses the shell's credentials in the account when no role is given, and pins nothing without an account", () => {
    const pinned = synthContainer({ account: { id: PROD } }).json.provider.aws[0];
    expect([pinned.allowed_account_ids, pinned.assume_role]).toEqual([[PROD], undefined]);
    const unpinned = synthContainer().json.provider.aws[0];
    expect([unpinned.allowed_account_ids, unpinned.assume_role]).toEqual([undefined, undefined]);
  });

  it.each<[string, TrustWrapperConfigInput, string]>([
    ["an ID that is not 12 digits", { account: { id: "12345" } }, 'account.id: expected an AWS account ID of 12 digits, in quotes (such as "111122223333")'],
    // YAML reads an unquoted ID as a number (and drops leading zeros).
    [
      "an unquoted ID",
      { account: { id: 111122223333 as unknown as string } },
      'account.id: expected an AWS account ID of 12 digits, in quotes (such as "111122223333"), got 111122223333',
    ],
    ["a role ARN that is not one", { account: { id: PROD, roleArn: "terraform" } }, "account.roleArn: expected an IAM role ARN such as arn:aws:iam::111122223333:role/terraform"],
    [
      "a role in another account",
      { account: { id: PROD, roleArn: role(STAGING) } },
      `account.roleArn: expected a role in account ${PROD} (the assumed role's account is the one allowed), got one in ${STAGING}`,
    ],
    [
      "an external ID without a role",
      { account: { id: PROD, externalId: "ci-pipeline" } },
      "account.externalId: externalId applies to an assumed role: set roleArn too, or remove externalId",
    ],
    [
      "a session name with a space",
      { account: { id: PROD, roleArn: role(PROD), sessionName: "ci run" } },
      "account.sessionName: expected a session name: 2-64 letters, digits or _+=,.@-",
    ],
    ["an unknown option", { account: { id: PROD, role: role(PROD) } as never }, "account.role: unknown option (expected one of: id, roleArn, externalId, sessionName)"],
  ])("refuses %s, naming the field", (_what, input, error) => {
    expect(parseConfig(input)).toEqual({ ok: false, errors: [error] });
  });
});

describe("deployments in several accounts", () => {
  const domain = (name: string) => ({ domain: { name, hostedZoneName: "example.com" } });

  it("take the entry's account in place of the file's, whole", () => {
    const result = parseDeployments({
      account: { id: STAGING, roleArn: role(STAGING), externalId: "staging-only" },
      deployments: [
        { environment: "staging", overrides: domain("staging.example.com") },
        { environment: "prod", account: { id: PROD }, overrides: domain("api.example.com") },
      ],
    });
    if (!result.ok) throw new Error(result.errors.join("\n"));
    expect(result.configs.map((c) => c.account)).toEqual([{ id: STAGING, roleArn: role(STAGING), externalId: "staging-only" }, { id: PROD }]);
  });

  it("name the entry and field of a bad account", () => {
    expect(parseDeployments({ deployments: [{ environment: "prod", account: { id: "prod" } }] })).toEqual({
      ok: false,
      errors: ['deployments.0.account.id: expected an AWS account ID of 12 digits, in quotes (such as "111122223333")'],
    });
  });

  it("may share a secret name when pinned to different accounts, not when one of them could be in the other's", () => {
    const entries = (first: object, second: object) => ({
      deployments: [
        { environment: "prod", ...first, overrides: { ...domain("api.example.com"), secrets: { apiKeysSecretName: "shared/api-keys" } } },
        { environment: "staging", ...second, overrides: { ...domain("staging.example.com"), secrets: { apiKeysSecretName: "shared/api-keys" } } },
      ],
    });
    expect(parseDeployments(entries({ account: { id: PROD } }, { account: { id: STAGING } })).ok).toBe(true);
    const clash = ["deployments.1: secrets.apiKeysSecretName: us-east-1/shared/api-keys is already used by deployments.0; give each deployment its own"];
    expect(parseDeployments(entries({ account: { id: PROD } }, { account: { id: PROD } }))).toEqual({ ok: false, errors: clash });
    expect(parseDeployments(entries({ account: { id: PROD } }, {}))).toEqual({ ok: false, errors: clash });
  });

  it("never share a state, whatever their accounts: the stack name and the backend key are one per file", () => {
    const result = parseDeployments({
      backend: { type: "s3", bucket: "acme-central-state", key: "trustwrapper.tfstate", roleArn: role("999988887777", "state") },
      deployments: [
        { environment: "prod", account: { id: PROD }, overrides: domain("api.example.com") },
        { environment: "staging", account: { id: STAGING }, overrides: domain("staging.example.com") },
      ],
    });
    expect(result).toEqual({
      ok: false,
      errors: ["deployments.1: backend: s3:acme-central-state/trustwrapper.tfstate is already used by deployments.0; give each deployment its own"],
    });
  });
});

describe("state in a central account", () => {
  it("assumes the state role through the S3 backend's assume_role block (Terraform 1.6 or later) and takes a profile", () => {
    const backend = { type: "s3" as const, bucket: "acme-central-state", roleArn: role("999988887777", "state"), externalId: "state-ci", profile: "central", useLockfile: false };
    const { json } = synthContainer({ backend });
    expect(json.terraform.backend.s3).toMatchObject({ profile: "central", assume_role: { role_arn: role("999988887777", "state"), external_id: "state-ci" } });
    expect(json.terraform.backend.s3.role_arn).toBeUndefined();
    expect(json.terraform.required_version).toBe(">= 1.6.0");
  });

  it("refuses an external ID without a state role, naming the field", () => {
    expect(parseConfig({ backend: { type: "s3", bucket: "acme-central-state", externalId: "state-ci" } })).toEqual({
      ok: false,
      errors: ["backend.externalId: externalId applies to an assumed role: set roleArn too, or remove externalId"],
    });
  });
});
