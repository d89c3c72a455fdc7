// One run of scripts/contract/app_contract.py against fresh local servers: a throwaway CA, a
// PostgreSQL with the given login and a redis-server with the given users, both TLS only, in a
// temporary directory that is removed afterwards (servers stopped also on failure).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { TrustWrapperConfig } from "../../src/config/schema";
import { makeCertificates } from "./certificates";
import { LocalEndpoint } from "./environment";
import { CacheUser, DatabaseLogin, Server, startPostgres, startRedis } from "./servers";
import { Tools } from "./tools";

const PROGRAM = resolve(__dirname, "app_contract.py");

export interface AppRun {
  readonly login: DatabaseLogin;
  readonly cacheUsers: readonly CacheUser[];
  /** The container's environment, given where the local PostgreSQL and Redis listen. */
  environment(database: LocalEndpoint, cache: LocalEndpoint): Record<string, string>;
  /** With cache.auth iam: the replication group and user the IAM token must be signed for. */
  readonly iamToken?: readonly [string, string];
}

/** The local users of ElastiCache users, from their Terraform configuration or state (authentication_mode a block or a list of one). */
export function cacheUsersOf(users: readonly Record<string, any>[]): CacheUser[] {
  return users.map((user) => ({
    name: user.user_name,
    accessString: user.access_string,
    authentication: [user.authentication_mode].flat()[0].type,
  }));
}

/** With an IAM-authenticated user: the replication group (its ID) and user an IAM token must be signed for. */
export function iamTokenOf(users: readonly Record<string, any>[], replicationGroups: readonly Record<string, any>[]): [string, string] | undefined {
  const user = users.find((u) => [u.authentication_mode].flat()[0].type === "iam");
  if (!user) return undefined;
  if (replicationGroups.length !== 1) throw new Error(`expected one aws_elasticache_replication_group, found ${replicationGroups.length}`);
  return [replicationGroups[0].replication_group_id, user.user_name];
}

/** Stand-ins for the API keys, which the app does not use to connect. */
export function dummyApiKeys(config: TrustWrapperConfig): Record<string, string> {
  return Object.fromEntries(config.secrets.apiKeys.map((key) => [key, `dummy-${key.toLowerCase()}`]));
}

/** Runs the app's checks; returns their output and whether all passed. */
export async function runApp(tools: Tools, app: AppRun): Promise<{ ok: boolean; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), "contract-"));
  const servers: Server[] = [];
  try {
    const certs = makeCertificates(dir);
    servers.push(await startPostgres(tools.postgresBin, dir, certs, app.login));
    servers.push(await startRedis(tools.redisServer, dir, certs, app.cacheUsers));
    const [postgres, redis] = servers;
    const environment = app.environment({ host: "localhost", port: postgres.port }, { host: "localhost", port: redis.port });
    const run = spawnSync(tools.python, [PROGRAM, ...(app.iamToken ? ["--expect-token-for", ...app.iamToken] : [])], {
      encoding: "utf8",
      timeout: 60_000,
      env: {
        ...environment,
        PATH: process.env.PATH,
        // No ~/.pgpass or ~/.postgresql of the developer's; on AWS the cache's certificate chains to
        // a public CA in the OS store, here the throwaway CA stands in for it.
        HOME: dir,
        SSL_CERT_FILE: certs.caFile,
        // The task role's credentials come from ECS; fake ones sign the IAM token here.
        ...(app.iamToken ? { AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE", AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" } : {}),
      },
    });
    return { ok: run.status === 0, output: `${run.stdout}${run.stderr}`.trimEnd() };
  } finally {
    for (const server of servers.reverse()) await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
