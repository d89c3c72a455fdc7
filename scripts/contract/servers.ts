// The local stand-ins for RDS and ElastiCache, each its own process in the run's temporary
// directory on a free local port, serving TLS only with the throwaway certificate:
// PostgreSQL with password authentication over TLS only (as `rds.force_ssl`), and redis-server
// with TLS only and the users the stack gives ElastiCache.
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import { chownSync, mkdirSync, openSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { freePort } from "../e2e/emulator";
import { Certificates } from "./certificates";

export interface Server {
  readonly port: number;
  /** Stops the server (idempotent); resolves when it has exited. */
  stop(): Promise<void>;
}

export interface DatabaseLogin {
  readonly user: string;
  readonly password: string;
  readonly database: string;
}

/** A user as ElastiCache knows it: its name, access string and authentication type. */
export interface CacheUser {
  readonly name: string;
  readonly accessString: string;
  readonly authentication: string;
}

const STARTUP_MS = 30_000;

/**
 * PostgreSQL refuses to run as root: as root, the data directory is given to the `postgres` user
 * (Debian's package creates it) and the server runs as that user.
 */
export async function startPostgres(bin: string, dir: string, certs: Certificates, login: DatabaseLogin): Promise<Server> {
  const owner = process.getuid?.() === 0 ? systemUser("postgres") : undefined;
  const data = join(dir, "pgdata");
  const socketDir = join(dir, "pgsocket");
  mkdirSync(socketDir);
  if (owner) chownTree(dir, owner);
  const asOwner = { encoding: "utf8" as const, ...(owner ?? {}) };
  const initdb = spawnSync(join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth-local=trust", "--auth-host=reject", "-E", "UTF8", "--no-sync"], asOwner);
  if (initdb.status !== 0) throw new Error(`initdb failed:\n${initdb.stdout}${initdb.stderr}`);
  // TLS and a password, or no connection: the local socket (trust) is only for the setup below.
  writeFileSync(join(data, "pg_hba.conf"), "local all postgres trust\nhostssl all all 127.0.0.1/32 scram-sha-256\nhostssl all all ::1/128 scram-sha-256\n");
  if (owner) chownTree(data, owner);
  const port = await freePort();
  const settings = {
    port: String(port),
    listen_addresses: "localhost",
    unix_socket_directories: socketDir,
    ssl: "on",
    ssl_cert_file: certs.certFile,
    ssl_key_file: certs.keyFile,
    password_encryption: "scram-sha-256",
    fsync: "off",
  };
  const args = ["-D", data, ...Object.entries(settings).flatMap(([name, value]) => ["-c", `${name}=${value}`])];
  const server = startProcess(join(bin, "postgres"), args, join(dir, "postgres.log"), owner);
  try {
    const psql = (sql: string) =>
      spawnSync(join(bin, "psql"), ["-h", socketDir, "-p", String(port), "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-qAtc", sql], { encoding: "utf8" });
    await waitFor(() => psql("SELECT 1").status === 0, server, "PostgreSQL", join(dir, "postgres.log"));
    for (const sql of [`CREATE ROLE "${login.user}" LOGIN PASSWORD '${login.password}'`, `CREATE DATABASE "${login.database}" OWNER "${login.user}"`]) {
      const result = psql(sql);
      if (result.status !== 0) throw new Error(`psql ${sql}: ${result.stderr}`);
    }
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { port, stop: server.stop };
}

/**
 * redis-server on TLS only (`port 0`), with one ACL user per ElastiCache user: the same access
 * string, and `nopass` for both no-password-required and iam users (the local server cannot check
 * an IAM token, so it accepts any; the contract checks the token's shape itself).
 */
export async function startRedis(redisServer: string, dir: string, certs: Certificates, users: readonly CacheUser[]): Promise<Server> {
  const port = await freePort();
  const acl = users.map((user) => {
    if (!["no-password-required", "iam"].includes(user.authentication)) throw new Error(`cache user ${user.name}: no local stand-in for ${user.authentication} authentication`);
    return `user ${user.name} reset ${user.accessString} nopass`;
  });
  const config = join(dir, "redis.conf");
  writeFileSync(
    config,
    [
      "port 0",
      `tls-port ${port}`,
      "bind 127.0.0.1",
      `tls-cert-file ${certs.certFile}`,
      `tls-key-file ${certs.keyFile}`,
      `tls-ca-cert-file ${certs.caFile}`,
      "tls-auth-clients no",
      `dir ${dir}`,
      'save ""',
      ...acl,
      "",
    ].join("\n"),
  );
  const server = startProcess(redisServer, [config], join(dir, "redis.log"));
  try {
    await waitFor(() => listening(port), server, "redis-server (its TLS support: redis-server --tls-port)", join(dir, "redis.log"));
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { port, stop: server.stop };
}

interface Process {
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

function startProcess(command: string, args: string[], logFile: string, owner?: { uid: number; gid: number }): Process {
  const out = openSync(logFile, "a");
  const child = spawn(command, args, { stdio: ["ignore", out, out], ...(owner ?? {}) });
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  return {
    child,
    async stop() {
      // SIGINT is PostgreSQL's fast shutdown; redis-server exits on it too.
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGINT");
      const killed = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(killed);
    },
  };
}

async function waitFor(ready: () => boolean | Promise<boolean>, server: Process, name: string, logFile: string): Promise<void> {
  const deadline = Date.now() + STARTUP_MS;
  while (!(await ready())) {
    if (server.child.exitCode !== null) throw new Error(`${name} exited (code ${server.child.exitCode}); see ${logFile}`);
    if (Date.now() > deadline) throw new Error(`${name} did not start within ${STARTUP_MS / 1000} s; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function listening(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      done(true);
    });
    socket.once("error", () => done(false));
  });
}

function systemUser(name: string): { uid: number; gid: number } {
  const id = (flag: string) => {
    const result = spawnSync("id", [flag, name], { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`no user ${name} to run PostgreSQL as (PostgreSQL refuses root): ${result.stderr}`);
    return Number(result.stdout.trim());
  };
  return { uid: id("-u"), gid: id("-g") };
}

function chownTree(path: string, owner: { uid: number; gid: number }): void {
  chownSync(path, owner.uid, owner.gid);
  if (statSync(path).isDirectory()) for (const entry of readdirSync(path)) chownTree(join(path, entry), owner);
}
