import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { stackJson, synth } from "../app-command";

/** Random characters from an alphabet, so that no value can appear in the output by chance. */
function random(alphabet: string, length: number): string {
  return [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join("");
}
const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const UPPER_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** Values shaped like the real keys the app and a deployer hold. */
const SECRETS: Record<string, string> = {
  ANTHROPIC_API_KEY: `sk-ant-api03-${random(BASE64URL, 93)}AA`,
  GOOGLE_API_KEY: `AIza${random(BASE64URL, 35)}`,
  ALEO_PRIVATE_KEY: `APrivateKey1zkp${random(BASE58, 44)}`,
  AWS_ACCESS_KEY_ID: `AKIA${random(UPPER_DIGITS, 16)}`,
  AWS_SECRET_ACCESS_KEY: random(`${BASE64URL}/+`, 40),
  AWS_SESSION_TOKEN: `IQoJb3JpZ2luX2Vj${random(BASE64URL, 300)}`,
  DB_PASSWORD: random(BASE64URL, 32),
  DATABASE_URL: `postgresql://trustwrapper:${random(BASE64URL, 24)}@db.internal:5432/trustwrapper`,
  TF_VAR_db_password: random(BASE64URL, 32),
};

/** Every file under a directory, recursively. */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** The secret names whose values appear in a text. */
const leaked = (text: string) =>
  Object.entries(SECRETS)
    .filter(([, value]) => text.includes(value))
    .map(([name]) => name);

describe("no secret value reaches cdktf.out", () => {
  // The key names as the app's configuration knows them, an existing secret adopted by ARN,
  // and every option that takes free text set, with the secrets in the synth's environment.
  const config = [
    "secrets:",
    "  apiKeys: [ANTHROPIC_API_KEY, GOOGLE_API_KEY, ALEO_PRIVATE_KEY]",
    "service:",
    "  environment: {FEATURE_FLAGS: verify-v2, SENTRY_ENVIRONMENT: prod}",
    "domain: {name: api.example.com, hostedZoneName: example.com}",
    "tags: {Owner: platform-team}",
    "costCenter: cc-1234",
    "deployments:",
    "  - environment: staging",
    "    overrides: {domain: {name: staging.api.example.com}, secrets: {apiKeysSecretName: trustwrapper/staging/api-keys}}",
    "  - environment: prod",
    "",
  ].join("\n");

  let container: ReturnType<typeof synth>;
  beforeAll(() => {
    container = synth(config, SECRETS);
  });

  it("synthesizes with key-shaped values in the environment, and no output file contains any of them", () => {
    const result = container;
    expect(result.status).toBe(0);
    expect(result.stacks).toEqual(["trustwrapper-prod-us-east-1", "trustwrapper-staging-us-east-1"]);
    const written = files(result.outdir);
    expect(written.length).toBeGreaterThanOrEqual(3); // manifest and one cdk.tf.json per stack
    expect(written.flatMap((file) => leaked(readFileSync(file, "utf8")).map((name) => `${name} in ${file}`))).toEqual([]);
    expect(leaked(result.stdout + result.stderr)).toEqual([]);
  });

  it("creates no resource that would put a secret value into Terraform state", () => {
    const result = container;
    expect(result.stacks).toHaveLength(2);
    for (const stack of result.stacks) {
      const json = stackJson(result.outdir, stack);
      // A secret version, a literal master password or a Redis AUTH token would be stored in state.
      expect(json.resource.aws_secretsmanager_secret_version).toBeUndefined();
      const secretAttributes = Object.entries<Record<string, any>>(json.resource).flatMap(([type, byName]) =>
        Object.entries(byName).flatMap(([name, body]) =>
          ["password", "master_password", "auth_token", "secret_string", "passwords"].filter((a) => a in body).map((a) => `${type}.${name}.${a}`),
        ),
      );
      expect(secretAttributes).toEqual([]);
      const database = Object.values<any>(json.resource.aws_db_instance)[0];
      expect(database.manage_master_user_password).toBe(true);
    }
  });

  it.each(["serverless", "hybrid"])("holds for the %s architecture too (Lambda function, API Gateway, CloudFront)", (architecture) => {
    const result = synth(
      [
        `architecture: ${architecture}`,
        "domain: {name: api.example.com, hostedZoneName: example.com}",
        "serverless:",
        "  function:",
        "    code: {s3Bucket: code-bucket, s3Key: trustwrapper/lambda.zip}",
        "    environment: {FEATURE_FLAGS: verify-v2}",
        "",
      ].join("\n"),
      SECRETS,
    );
    expect(result.status).toBe(0);
    expect(result.stacks).toEqual(["trustwrapper-prod-us-east-1"]);
    expect(files(result.outdir).flatMap((file) => leaked(readFileSync(file, "utf8")).map((name) => `${name} in ${file}`))).toEqual([]);
    expect(leaked(result.stdout + result.stderr)).toEqual([]);
    const json = stackJson(result.outdir, result.stacks[0]);
    // The one secret version is the generated origin header's: write-only, from an ephemeral value.
    expect(Object.values<any>(json.resource.aws_secretsmanager_secret_version ?? {}).map(({ secret_string, secret_string_wo }) => ({ secret_string, secret_string_wo }))).toEqual(
      architecture === "hybrid" ? [{ secret_string: undefined, secret_string_wo: "${ephemeral.aws_secretsmanager_random_password.origin-verify.random_password}" }] : [],
    );
    const fn = Object.values<any>(json.resource.aws_lambda_function)[0];
    expect(Object.keys(fn.environment.variables).filter((name) => /KEY|SECRET|TOKEN|PASSWORD/.test(name) && !name.endsWith("_ARN"))).toEqual([]);
  });

  it("refuses a key-shaped value put into the configuration as a plain variable, without echoing it", () => {
    const result = synth(`service:\n  environment:\n    ANTHROPIC_API_KEY: ${SECRETS.ANTHROPIC_API_KEY}\n`, SECRETS);
    expect(result.status).toBe(1);
    expect(result.stacks).toEqual([]);
    expect(result.stderr).toContain("config error: service.environment.ANTHROPIC_API_KEY: ANTHROPIC_API_KEY looks like a secret");
    expect(leaked(result.stdout + result.stderr)).toEqual([]);
  });
});
