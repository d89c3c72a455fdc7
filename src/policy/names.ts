/**
 * Rule ids of the synth-time policy checks (src/policy/rules.ts), which configuration exceptions
 * (`policy.exceptions`) name, and the pattern of secret-looking variable names, shared with the
 * configuration schema so that bad input is refused field by field before synth.
 */
export const POLICY_RULE_IDS = [
  "TW-SG1",
  "TW-ENC1",
  "TW-ENC2",
  "TW-IAM1",
  "TW-IAM2",
  "TW-NET1",
  "TW-PROD1",
  "TW-ECS1",
  "TW-ECS2",
  "TW-ENV1",
  "TW-ENV2",
  "TW-KMS1",
  "TW-NAME1",
  "TW-ACL1",
  "TW-EDGE1",
  "TW-DNS1",
] as const;
export type PolicyRuleId = (typeof POLICY_RULE_IDS)[number];

/**
 * Names that say "secret": such values belong in Secrets Manager, injected at start, never in
 * plain environment variables. A name ending in `_ARN` says where a secret is (e.g. the Lambda
 * function's `API_KEYS_SECRET_ARN`), not what it is, and is allowed.
 */
/** A URL with a password in it (`scheme://user:password@host`), whatever the variable is called. */
export const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/?#@\s]*:[^/?#@\s]+@/i;

export const SECRET_LOOKING_NAME = /^(?!.*_ARN$).*(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL)/i;

/**
 * Key formats of the providers the guide's app calls (and AWS's own): a value of one of these
 * is a secret whatever its variable is called. Anthropic's come first: they also start with `sk-`.
 */
const SECRET_VALUE_FORMATS: ReadonlyArray<readonly [string, RegExp]> = [
  ["an Anthropic API key (sk-ant-...)", /sk-ant-[A-Za-z0-9_-]{20,}/],
  ["an OpenAI API key (sk-...)", /sk-[A-Za-z0-9_-]{20,}/],
  ["a Google API key (AIza...)", /AIza[0-9A-Za-z_-]{35}/],
  ["an AWS access key ID (AKIA...)", /\b(AKIA|ASIA)[0-9A-Z]{16}\b/],
  ["an Aleo private key (APrivateKey1...)", /APrivateKey1[1-9A-HJ-NP-Za-km-z]{20,}/],
  ["a private key (-----BEGIN ... PRIVATE KEY-----)", /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
];

/** What kind of key `value` looks like (e.g. "an Anthropic API key (sk-ant-...)"), or undefined. */
export function secretValueKind(value: string): string | undefined {
  return SECRET_VALUE_FORMATS.find(([, format]) => format.test(value))?.[0];
}
