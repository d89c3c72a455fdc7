// npm run contract: does the guide's app connect with what the stack gives its container?
// For the default configuration and for cache.auth iam: synthesizes the stack, starts a local
// PostgreSQL and Redis (TLS only, throwaway CA) as RDS and ElastiCache would serve them, builds the
// container's environment from the synthesized task definition with its references resolved to
// them (scripts/contract/environment.ts), and runs scripts/contract/app_contract.py, which opens
// both with the guide's variables alone. Installs what it needs (scripts/contract/tools.ts).
// Prints each check and exits 1 when any failed.
import { randomBytes } from "node:crypto";
import { parseConfig } from "../src/config/load";
import { TrustWrapperConfig, TrustWrapperConfigInput } from "../src/config/schema";
import { synthesize, TerraformDocument } from "../src/terraform/synthesized";
import { containerEnvironment } from "./contract/environment";
import { cacheUsersOf, dummyApiKeys, iamTokenOf, runApp } from "./contract/run-app";
import { ensureTools, Tools } from "./contract/tools";

const CASES: { name: string; input: TrustWrapperConfigInput }[] = [
  { name: "default configuration (cache.auth tls)", input: {} },
  { name: "cache.auth iam", input: { cache: { auth: "iam" } } },
];

async function main(): Promise<number> {
  const started = Date.now();
  const tools = ensureTools((line) => console.log(line));
  let failed = 0;
  for (const { name, input } of CASES) {
    console.log(`== ${name}`);
    try {
      failed += (await runCase(tools, input)) ? 0 : 1;
    } catch (error) {
      console.log(`FAIL ${error instanceof Error ? error.message : String(error)}`);
      failed += 1;
    }
  }
  console.log(`contract: ${failed === 0 ? "passed" : "FAILED"} in ${Math.round((Date.now() - started) / 1000)} s`);
  return failed === 0 ? 0 : 1;
}

/** One configuration against fresh local servers; true when the app connected. */
async function runCase(tools: Tools, input: TrustWrapperConfigInput): Promise<boolean> {
  const parsed = parseConfig(input);
  if (!parsed.ok) throw new Error(parsed.errors.join("; "));
  const config = parsed.config;
  const document = synthesize(config);
  const login = { user: config.database.masterUsername, password: randomBytes(16).toString("hex"), database: config.database.name };
  const users = Object.values(document.resource?.aws_elasticache_user ?? {});
  const result = await runApp(tools, {
    login,
    cacheUsers: cacheUsersOf(users),
    iamToken: iamTokenOf(users, Object.values(document.resource?.aws_elasticache_replication_group ?? {})),
    environment: (database, cache) =>
      containerEnvironment(document, {
        endpoints: {
          aws_db_instance: { attribute: "address", local: database },
          aws_elasticache_replication_group: { attribute: "primary_endpoint_address", local: cache },
        },
        computed: { "aws_s3_bucket.bucket": (bucket) => `${String(bucket.bucket_prefix)}contract` },
        secrets: testSecrets(document, config, login),
      }),
  });
  console.log(result.output);
  return result.ok;
}

/** Test values for every secret the stack may inject: the local login for the RDS-managed secret, dummies for the API keys. */
function testSecrets(document: TerraformDocument, config: TrustWrapperConfig, login: { user: string; password: string }): Record<string, Record<string, string>> {
  const secrets: Record<string, Record<string, string>> = {};
  for (const name of Object.keys(document.resource?.aws_db_instance ?? {})) secrets[`aws_db_instance.${name}`] = { username: login.user, password: login.password };
  for (const name of Object.keys(document.resource?.aws_secretsmanager_secret ?? {})) secrets[`aws_secretsmanager_secret.${name}`] = dummyApiKeys(config);
  return secrets;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
