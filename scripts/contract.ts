// npm run contract: does the guide's app connect with what the stack gives its container?
// For the default configuration and for cache.auth iam: synthesizes the stack, starts a local
// PostgreSQL and Redis (TLS only, throwaway CA) as RDS and ElastiCache would serve them, builds the
// container's environment from the synthesized task definition with its references resolved to
// them (scripts/contract/environment.ts), and runs scripts/contract/app_contract.py, which opens
// both with the guide's variables alone. Installs what it needs (scripts/contract/tools.ts).
// Prints each check and exits 1 when any failed.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseConfig } from "../src/config/load";
import { TrustWrapperConfig, TrustWrapperConfigInput } from "../src/config/schema";
import { synthesize, TerraformDocument } from "../src/synthesized";
import { makeCertificates } from "./contract/certificates";
import { containerEnvironment } from "./contract/environment";
import { CacheUser, Server, startPostgres, startRedis } from "./contract/servers";
import { ensureTools, Tools } from "./contract/tools";

const PROGRAM = resolve(__dirname, "contract", "app_contract.py");
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
      failed += await runCase(tools, input);
    } catch (error) {
      console.log(`FAIL ${error instanceof Error ? error.message : String(error)}`);
      failed += 1;
    }
  }
  console.log(`contract: ${failed === 0 ? "passed" : "FAILED"} in ${Math.round((Date.now() - started) / 1000)} s`);
  return failed === 0 ? 0 : 1;
}

/** One configuration against fresh local servers; returns 1 when the app could not connect. */
async function runCase(tools: Tools, input: TrustWrapperConfigInput): Promise<number> {
  const parsed = parseConfig(input);
  if (!parsed.ok) throw new Error(parsed.errors.join("; "));
  const config = parsed.config;
  const document = synthesize(config);
  const dir = mkdtempSync(join(tmpdir(), "contract-"));
  const servers: Server[] = [];
  try {
    const certs = makeCertificates(dir);
    const login = { user: config.database.masterUsername, password: randomBytes(16).toString("hex"), database: config.database.name };
    const postgres = await startPostgres(tools.postgresBin, dir, certs, login);
    servers.push(postgres);
    const redis = await startRedis(tools.redisServer, dir, certs, cacheUsers(document));
    servers.push(redis);
    const environment = containerEnvironment(document, {
      endpoints: {
        aws_db_instance: { attribute: "address", local: { host: "localhost", port: postgres.port } },
        aws_elasticache_replication_group: { attribute: "primary_endpoint_address", local: { host: "localhost", port: redis.port } },
      },
      computed: { "aws_s3_bucket.bucket": (bucket) => `${String(bucket.bucket_prefix)}contract` },
      secrets: testSecrets(document, config, login),
    });
    const iamToken = iamTokenExpectation(document);
    const run = spawnSync(tools.python, [PROGRAM, ...(iamToken ? ["--expect-token-for", ...iamToken] : [])], {
      encoding: "utf8",
      stdio: ["ignore", "inherit", "inherit"],
      timeout: 60_000,
      env: {
        ...environment,
        PATH: process.env.PATH,
        // No ~/.pgpass or ~/.postgresql of the developer's; on AWS the cache's certificate chains to
        // a public CA in the OS store, here the throwaway CA stands in for it.
        HOME: dir,
        SSL_CERT_FILE: certs.caFile,
        // The task role's credentials come from ECS; fake ones sign the IAM token here.
        ...(iamToken ? { AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE", AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" } : {}),
      },
    });
    return run.status === 0 ? 0 : 1;
  } finally {
    for (const server of servers.reverse()) await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The ElastiCache users of the stack's user group, as the local Redis gets them. */
function cacheUsers(document: TerraformDocument): CacheUser[] {
  return Object.values(document.resource?.aws_elasticache_user ?? {}).map((user) => ({
    name: user.user_name,
    accessString: user.access_string,
    authentication: user.authentication_mode.type,
  }));
}

/** Test values for every secret the stack may inject: the local login for the RDS-managed secret, dummies for the API keys. */
function testSecrets(document: TerraformDocument, config: TrustWrapperConfig, login: { user: string; password: string }): Record<string, Record<string, string>> {
  const secrets: Record<string, Record<string, string>> = {};
  for (const name of Object.keys(document.resource?.aws_db_instance ?? {})) secrets[`aws_db_instance.${name}`] = { username: login.user, password: login.password };
  const apiKeys = Object.fromEntries(config.secrets.apiKeys.map((key) => [key, `dummy-${key.toLowerCase()}`]));
  for (const name of Object.keys(document.resource?.aws_secretsmanager_secret ?? {})) secrets[`aws_secretsmanager_secret.${name}`] = apiKeys;
  return secrets;
}

/** With an IAM-authenticated cache user: the replication group and user its token must be signed for. */
function iamTokenExpectation(document: TerraformDocument): [string, string] | undefined {
  const user = Object.values(document.resource?.aws_elasticache_user ?? {}).find((u) => u.authentication_mode.type === "iam");
  if (!user) return undefined;
  const groups = Object.values(document.resource?.aws_elasticache_replication_group ?? {});
  if (groups.length !== 1) throw new Error(`expected one aws_elasticache_replication_group, found ${groups.length}`);
  return [groups[0].replication_group_id, user.user_name];
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
