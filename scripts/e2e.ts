// npm run e2e [-- [--concurrency N (default 4)] [--keep] [--upgrade-from <ref> | none] [default | <config file> ...]]
// Deploys the default configuration and every examples/*.yaml (or the configurations given) to a
// local AWS emulator with the real Terraform and AWS provider: synthesizes each with the cdktf
// CLI, then for every stack, against its own emulator: applies the stack as the previous release
// synthesized it and plans the current one against that state (scripts/e2e/upgrade.ts: nothing
// stateful destroyed or replaced) and applies that saved plan (without upgrade safety: terraform init,
// providers from the local mirror, and apply); checks the created resources through the AWS SDK; a second
// `terraform plan -detailed-exitcode` must find no changes; `terraform destroy` must leave
// nothing behind. The first container stack also releases an image as docs/production.md does
// (scripts/e2e/image-release.ts). Prints one row per stack and exits 1 when any step of any stack failed.
// Logs: e2e.out/<config>/<stack>/{terraform,emulator}.log (removed after a green run unless --keep).
import { spawn, spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, WriteStream } from "node:fs";
import { join, relative, resolve } from "node:path";
import { DescribeDBSnapshotsCommand, ModifyDBInstanceCommand } from "@aws-sdk/client-rds";
import { DeleteRoleCommand, DeleteRolePolicyCommand, DetachRolePolicyCommand, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand } from "@aws-sdk/client-iam";
import { DeleteAliasCommand, DescribeKeyCommand, ListAliasesCommand, ScheduleKeyDeletionCommand } from "@aws-sdk/client-kms";
import { UpdateTableCommand } from "@aws-sdk/client-dynamodb";
import { DeleteObjectsCommand, ListObjectVersionsCommand } from "@aws-sdk/client-s3";
import { ModifyLoadBalancerAttributesCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import { loadDeployments, stackName } from "../src/config/deployments";
import { TrustWrapperConfig } from "../src/config/schema";
import { configurationName, configurationSources } from "../src/config/sources";
import { keptOnDestroy, runChecks } from "./e2e/checks";
import { machineReadable, pulledResources, StateResource } from "./e2e/state";
import { Clients, emulatorClients } from "./e2e/clients";
import { installEmulator, startEmulator } from "./e2e/emulator";
import { createFixtures } from "./e2e/fixtures";
import { imageRelease } from "./e2e/image-release";
import { inventory } from "./e2e/inventory";
import { recordLastRun } from "./e2e/last-run";
import { awsCliBin, followTeardownPage } from "./e2e/teardown";
import { emulatorOverride, OVERRIDE_FILE } from "./e2e/profile";
import { checkoutRelease, dependenciesDiffer, previousReleaseCommit, Release, synthesizeRelease, UPGRADE_PLAN, upgradeStack } from "./e2e/upgrade";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { terraformBinary, terraformEnv } = require("./terraform-env.js") as {
  terraformBinary(): string | undefined;
  terraformEnv(): { env: NodeJS.ProcessEnv; source: string };
};

const ROOT = resolve(__dirname, "..");
const OUT = join(ROOT, "e2e.out");
/** A terraform command still running after this long is stopped (an emulator gap makes the provider wait for its full timeout). */
const COMMAND_TIMEOUT_MS = Number(process.env.E2E_COMMAND_TIMEOUT_SECONDS ?? 600) * 1000;

interface StackRun {
  label: string;
  dir: string;
  config: TrustWrapperConfig;
  /** The stack as the previous release synthesized it, when upgrade safety runs and that release had it. */
  previous?: string;
  /** Whether the image release flow (scripts/e2e/image-release.ts) runs on this stack after its checks. */
  releasesImage?: boolean;
}

/**
 * The release flow runs on the first container stack of the run only: it exercises the `image`
 * variable and the task definition's replacement, which the container configurations share, and it
 * costs five terraform commands (about 75 CPU s on the 2-core machine) a stack.
 */
function withImageRelease(runs: StackRun[]): StackRun[] {
  const first = runs.findIndex((run) => run.config.architecture === "container");
  return runs.map((run, index) => (index === first ? { ...run, releasesImage: true } : run));
}

interface Row {
  stack: string;
  applied: string;
  checks: string;
  replan: string;
  destroyed: string;
  seconds: number;
  problems: string[];
  logs: string;
  /** The upgrade plan's actions by type. */
  upgrade?: string[];
  /** A prod stack's teardown by docs/teardown.md: its steps, where destroy stopped, what was kept. */
  teardown?: string;
}

function parseArgs(argv: string[]) {
  let concurrency = Number(process.env.E2E_CONCURRENCY ?? 4);
  let keep = false;
  let upgradeFrom: string | undefined;
  const configs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--concurrency") concurrency = Number(argv[++i]);
    else if (argv[i] === "--keep") keep = true;
    else if (argv[i] === "--upgrade-from" && argv[i + 1] !== undefined) upgradeFrom = argv[++i];
    else if (argv[i].startsWith("-")) usage(`unknown option ${argv[i]}`);
    else configs.push(argv[i]);
  }
  if (!Number.isInteger(concurrency) || concurrency < 1) usage("--concurrency expects a whole number of stacks run at once");
  const shipped = configurationSources().map((source) => source.file ?? "default");
  return { concurrency, keep, upgradeFrom, configs: configs.length > 0 ? configs : shipped };
}

function usage(problem: string): never {
  console.error(`${problem}\nusage: npm run e2e [-- [--concurrency N] [--keep] [--upgrade-from <git ref> | none] [default | <config file> ...]]`);
  process.exit(1);
}

/** Synthesizes a configuration with the cdktf CLI, as users do (and as the release to upgrade from did), and returns its stacks. */
function synthesize(configPath: string, release?: Release): StackRun[] {
  const name = configurationName(configPath);
  const outdir = join(OUT, name);
  const file = configPath === "default" ? undefined : resolve(configPath);
  const loaded = loadDeployments(file);
  if (!loaded.ok) throw new Error(`${configPath}: ${loaded.errors.join("; ")}`);
  const synth = spawnSync("npm", ["run", "--silent", "synth", "--", "--output", outdir], {
    cwd: ROOT,
    env: { ...process.env, TRUSTWRAPPER_CONFIG: file ?? "", CHECKPOINT_DISABLE: "1" },
    encoding: "utf8",
  });
  if (synth.status !== 0) throw new Error(`cdktf synth of ${configPath} failed:\n${synth.stdout}\n${synth.stderr}`);
  const previous = release && synthesizeRelease(release, configPath, join(OUT, "previous", name));
  return loaded.configs.map((config) => {
    const before = previous && join(previous, "stacks", stackName(config));
    return { label: `${name}/${stackName(config)}`, dir: join(outdir, "stacks", stackName(config)), config, previous: before && existsSync(before) ? before : undefined };
  });
}

/** Runs terraform in a stack directory, appending its output to the stack's log. */
function terraform(dir: string, args: string[], log: WriteStream, env: NodeJS.ProcessEnv, binary: string): Promise<{ code: number; stdout: string }> {
  log.write(`\n$ terraform ${args.join(" ")}\n`);
  return new Promise((done) => {
    const child = spawn(binary, args, { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    const timer = setTimeout(() => {
      log.write(`\n(stopped after ${COMMAND_TIMEOUT_MS / 1000} s)\n`);
      child.kill("SIGTERM");
    }, COMMAND_TIMEOUT_MS);
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!machineReadable(args)) log.write(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => log.write(chunk));
    child.on("close", (code) => {
      clearTimeout(timer);
      done({ code: code ?? 1, stdout });
    });
  });
}

/**
 * Lifts the deletion protection of a prod stack's database, load balancer and table through the API, as an
 * operator must before tearing prod down (Terraform cannot delete them otherwise); the state and
 * the configuration still say "protected", which the checks verified.
 */
async function releaseDeletionProtection(resources: StateResource[], clients: Clients): Promise<void> {
  for (const db of resources.filter((r) => r.type === "aws_db_instance" && r.values.deletion_protection === true)) {
    await clients.rds.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: String(db.values.identifier), DeletionProtection: false, ApplyImmediately: true }));
  }
  for (const lb of resources.filter((r) => r.type === "aws_lb" && r.values.enable_deletion_protection === true)) {
    await clients.elbv2.send(
      new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: String(lb.values.arn), Attributes: [{ Key: "deletion_protection.enabled", Value: "false" }] }),
    );
  }
  for (const table of resources.filter((r) => r.type === "aws_dynamodb_table" && r.values.deletion_protection_enabled === true)) {
    await clients.dynamodb.send(new UpdateTableCommand({ TableName: String(table.values.name), DeletionProtectionEnabled: false }));
  }
}

/**
 * A prod bucket (force_destroy off) refuses to be deleted while it holds objects, such as the
 * access logs S3 and the emulator write into the log bucket. As an operator must, the run
 * empties those that still exist (every version) before destroying again. Returns their names.
 */
async function emptyKeptBuckets(resources: StateResource[], clients: Clients): Promise<string[]> {
  const emptied: string[] = [];
  for (const bucket of resources.filter((r) => r.type === "aws_s3_bucket" && r.values.force_destroy === false)) {
    const Bucket = String(bucket.values.bucket);
    const listed = await clients.s3.send(new ListObjectVersionsCommand({ Bucket })).catch(() => undefined);
    if (listed === undefined) continue;
    const objects = [...(listed.Versions ?? []), ...(listed.DeleteMarkers ?? [])].map((o) => ({ Key: o.Key, VersionId: o.VersionId }));
    if (objects.length > 0) await clients.s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: objects } }));
    emptied.push(Bucket);
  }
  return emptied;
}

/**
 * What a destroy must leave by design: a database's final snapshot (skip_final_snapshot false) and,
 * with delete_automated_backups false (prod), its automated backups. Each must exist. Returns the
 * leftovers without them.
 */
async function keptByDesign(resources: StateResource[], clients: Clients, leftovers: string[], problems: string[]): Promise<string[]> {
  const kept: string[] = [];
  for (const db of resources.filter((r) => r.type === "aws_db_instance")) {
    const identifier = String(db.values.identifier);
    const { DBSnapshots } = await clients.rds.send(new DescribeDBSnapshotsCommand({ DBInstanceIdentifier: identifier }));
    const snapshots = DBSnapshots ?? [];
    const final = snapshots.filter((s) => s.SnapshotType === "manual" && s.DBSnapshotIdentifier === db.values.final_snapshot_identifier);
    const automated = snapshots.filter((s) => s.SnapshotType === "automated");
    if (db.values.skip_final_snapshot === false) {
      if (final.length === 0) problems.push(`destroy: the final snapshot ${String(db.values.final_snapshot_identifier)} of ${identifier} was not taken`);
      kept.push(...final.map((s) => String(s.DBSnapshotIdentifier)));
    }
    if (db.values.delete_automated_backups === false && Number(db.values.backup_retention_period) > 0) {
      if (automated.length === 0) problems.push(`destroy: the automated backups of ${identifier} were not kept`);
      kept.push(...automated.map((s) => String(s.DBSnapshotIdentifier)));
    }
  }
  return leftovers.filter((line) => !kept.some((snapshot) => line === `rds db-snapshot ${snapshot}`));
}

/**
 * After destroy, what the stack keeps on purpose must still be there: the KMS key (enabled, so the
 * kept database snapshots can be restored with it) with its alias, and the account's API Gateway
 * logging role. Then the run removes them, as an operator does once they are no longer needed
 * (the key scheduled for deletion), so that the leftover check sees only what nobody meant to keep.
 */
async function releaseKept(kept: StateResource[], clients: Clients, problems: string[]): Promise<void> {
  const aliases = (await clients.kms.send(new ListAliasesCommand({}))).Aliases ?? [];
  for (const alias of kept.filter((r) => r.type === "aws_kms_alias")) {
    const name = String(alias.values.name);
    if (!aliases.some((a) => a.AliasName === name)) problems.push(`destroy: the kept alias ${name} is gone`);
    else await clients.kms.send(new DeleteAliasCommand({ AliasName: name }));
  }
  for (const key of kept.filter((r) => r.type === "aws_kms_key")) {
    const KeyId = String(key.values.key_id);
    const state = (await clients.kms.send(new DescribeKeyCommand({ KeyId })).catch(() => undefined))?.KeyMetadata?.KeyState;
    if (state !== "Enabled") problems.push(`destroy: the kept key ${KeyId} is ${state ?? "gone"}, expected Enabled`);
    else await clients.kms.send(new ScheduleKeyDeletionCommand({ KeyId, PendingWindowInDays: 7 }));
  }
  for (const role of kept.filter((r) => r.type === "aws_iam_role")) {
    const RoleName = String(role.values.name);
    const attached = await clients.iam.send(new ListAttachedRolePoliciesCommand({ RoleName })).catch(() => undefined);
    if (attached === undefined) {
      problems.push(`destroy: the kept role ${RoleName} is gone`);
      continue;
    }
    for (const policy of attached.AttachedPolicies ?? []) await clients.iam.send(new DetachRolePolicyCommand({ RoleName, PolicyArn: policy.PolicyArn }));
    for (const PolicyName of (await clients.iam.send(new ListRolePoliciesCommand({ RoleName }))).PolicyNames ?? []) {
      await clients.iam.send(new DeleteRolePolicyCommand({ RoleName, PolicyName }));
    }
    await clients.iam.send(new DeleteRoleCommand({ RoleName }));
  }
}

/** The kept database snapshots must be encrypted with the kept key, or keeping it restores nothing. */
async function snapshotsUseKeptKey(resources: StateResource[], kept: StateResource[], clients: Clients, problems: string[]): Promise<void> {
  const keptKeys = kept.filter((r) => r.type === "aws_kms_key").map((k) => String(k.values.key_id));
  for (const db of resources.filter((r) => r.type === "aws_db_instance" && r.values.skip_final_snapshot === false)) {
    const { DBSnapshots } = await clients.rds
      .send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: String(db.values.final_snapshot_identifier) }))
      .catch(() => ({ DBSnapshots: [] }));
    for (const snapshot of DBSnapshots ?? []) {
      // A snapshot names its key by ARN (`arn:...:key/<id>`) or by ID.
      if (!keptKeys.some((id) => snapshot.KmsKeyId === id || snapshot.KmsKeyId?.endsWith(`:key/${id}`)))
        problems.push(`destroy: the final snapshot ${snapshot.DBSnapshotIdentifier} is encrypted with ${snapshot.KmsKeyId}, which the destroy did not keep`);
    }
  }
}

/**
 * Destroys a stack that is not prod, which may still have turned protections on (a database's
 * deletion protection or final snapshot): lifts them through the SDK, takes what refuses destroy
 * out of the state, empties kept buckets, then checks that what is kept by design is there and
 * nothing else is left. Returns whether the destroy completed with nothing left behind.
 */
async function destroyLiftingProtections(
  stack: { tf: (...args: string[]) => Promise<{ code: number }>; log: WriteStream; clients: Clients; document: object; resources: StateResource[]; before: string[] },
  problems: string[],
): Promise<boolean> {
  const { tf, log, clients, resources } = stack;
  await releaseDeletionProtection(resources, clients);
  const keptAddresses = keptOnDestroy(stack.document);
  const kept = resources.filter((r) => keptAddresses.includes(r.address));
  if (keptAddresses.length > 0 && (await tf("state", "rm", ...keptAddresses)).code !== 0) problems.push("destroy: terraform state rm failed (see the log)");
  let destroy = await tf("destroy", "-auto-approve", "-input=false");
  if (destroy.code !== 0 && (await emptyKeptBuckets(resources, clients)).length > 0) {
    log.write("\n(emptied the buckets kept by design, as an operator must, and destroying again)\n");
    destroy = await tf("destroy", "-auto-approve", "-input=false");
  }
  if (destroy.code !== 0) problems.push("destroy: failed (see the log)");
  await snapshotsUseKeptKey(resources, kept, clients, problems);
  await releaseKept(kept, clients, problems);
  const after = await inventory(clients);
  const left = await keptByDesign(
    resources,
    clients,
    after.filter((line) => !stack.before.includes(line)),
    problems,
  );
  if (left.length > 0) problems.push(`destroy: left behind: ${left.join(", ")}`);
  return destroy.code === 0 && left.length === 0;
}

/** Runs one stack: upgrade from the previous release, apply, checks, re-plan, then destroy (a prod stack's by docs/teardown.md, with the AWS CLI in `awsCli`). */
async function runStack(run: StackRun, binary: string, env: NodeJS.ProcessEnv, awsCli: string): Promise<Row> {
  const started = Date.now();
  const row: Row = { stack: run.label, applied: "-", checks: "-", replan: "-", destroyed: "-", seconds: 0, problems: [], logs: relative(ROOT, run.dir) };
  const log = createWriteStream(join(run.dir, "terraform.log"));
  const emulator = await startEmulator(join(run.dir, "emulator.log"));
  const tf = (...args: string[]) => terraform(run.dir, [...args, "-no-color"], log, env, binary);
  try {
    const clients = emulatorClients(emulator.url, run.config.region);
    const document = JSON.parse(readFileSync(join(run.dir, "cdk.tf.json"), "utf8"));
    writeFileSync(join(run.dir, OVERRIDE_FILE), `${JSON.stringify(emulatorOverride(document, emulator.url), null, 2)}\n`);
    await createFixtures(document, clients);
    const previous = run.previous && JSON.parse(readFileSync(join(run.previous, "cdk.tf.json"), "utf8"));
    if (run.previous) {
      writeFileSync(join(run.previous, OVERRIDE_FILE), `${JSON.stringify(emulatorOverride(previous, emulator.url), null, 2)}\n`);
      await createFixtures(previous, clients);
    }
    const before = await inventory(clients);

    if (run.previous) {
      const verdict = await upgradeStack(run.previous, run.dir, (dir, ...args) => terraform(dir, [...args, "-no-color"], log, env, binary));
      row.upgrade = verdict.actions;
      row.problems.push(...verdict.problems);
    }
    // The upgrade's saved plan is applied when there is one, as a pipeline applies what it
    // reviewed: a second plan of the whole stack (a refresh of every resource) would find the same.
    const upgradePlanned = run.previous !== undefined && existsSync(join(run.dir, UPGRADE_PLAN));
    if (!upgradePlanned && (await tf("init", "-input=false")).code !== 0) throw new Error("terraform init failed");
    const apply = upgradePlanned ? await tf("apply", "-input=false", UPGRADE_PLAN) : await tf("apply", "-auto-approve", "-input=false");
    const state = async () => pulledResources(JSON.parse((await tf("state", "pull")).stdout || "{}"));
    const resources = await state();
    const planned = Object.values(document.resource ?? {}).reduce((n: number, group) => n + Object.keys(group as object).length, 0);
    row.applied = `${resources.length}/${planned}`;
    if (apply.code !== 0) {
      row.problems.push("apply: failed (see the log)");
    } else {
      const outputs = Object.fromEntries(Object.entries(JSON.parse((await tf("output", "-json")).stdout) as Record<string, { value: unknown }>).map(([k, v]) => [k, v.value]));
      const results = await runChecks({ config: run.config, outputs, resources, clients });
      row.checks = `${results.filter((r) => r.error === undefined).length}/${results.length}`;
      for (const r of results.filter((r) => r.error !== undefined)) row.problems.push(`check ${r.name}: ${r.error}`);

      const plan = await tf("plan", "-detailed-exitcode", "-input=false", "-out=replan.tfplan");
      row.replan = plan.code === 0 ? "yes" : "no";
      if (plan.code === 2) {
        const changes = planChanges(JSON.parse((await tf("show", "-json", "replan.tfplan")).stdout));
        row.problems.push(`re-plan: changes after apply:\n    ${changes.join("\n    ")}`);
      } else if (plan.code !== 0) row.problems.push("re-plan: terraform plan failed (see the log)");
      if (run.releasesImage) row.problems.push(...(await imageRelease({ tf, config: run.config, clients, outputs })));
    }
    if (run.config.environment === "prod") {
      // A prod stack refuses destroy: it is torn down as docs/teardown.md tells its operator.
      const teardown = await followTeardownPage({ dir: run.dir, url: emulator.url, clients, log, document, before, state }, run.config, env, awsCli);
      row.teardown = `docs/teardown.md's ${teardown.steps} steps: destroy stopped ${teardown.stops.length} times (${teardown.stops.join("; ")}), then completed; kept: ${teardown.survived.join(", ")}`;
      row.problems.push(...teardown.problems.map((problem) => `teardown: ${problem}`));
      row.destroyed = teardown.problems.length === 0 ? "yes" : "no";
    } else {
      row.destroyed = (await destroyLiftingProtections({ tf, log, clients, document, resources, before }, row.problems)) ? "yes" : "no";
    }
  } catch (error) {
    row.problems.push(error instanceof Error ? error.message : String(error));
  } finally {
    await emulator.stop();
    await new Promise((r) => log.end(r));
    row.seconds = Math.round((Date.now() - started) / 1000);
  }
  return row;
}

interface PlanJson {
  resource_changes?: {
    address: string;
    change: { actions: string[]; before?: Record<string, unknown>; after?: Record<string, unknown>; after_unknown?: Record<string, unknown> };
  }[];
}

/** One line per resource a plan would change: its actions and the attributes that differ, with both values (shortened). */
function planChanges(plan: PlanJson): string[] {
  const short = (value: unknown) => {
    const text = JSON.stringify(value) ?? "null";
    return text.length > 160 ? `${text.slice(0, 157)}...` : text;
  };
  return (plan.resource_changes ?? [])
    .filter((r) => !r.change.actions.every((a) => a === "no-op" || a === "read"))
    .map(({ address, change }) => {
      const keys = new Set([...Object.keys(change.before ?? {}), ...Object.keys(change.after ?? {})]);
      const differing = [...keys].filter((k) => change.after_unknown?.[k] !== true && JSON.stringify(change.before?.[k] ?? null) !== JSON.stringify(change.after?.[k] ?? null));
      return `${address} (${change.actions.join("/")}): ${differing.map((k) => `${k} ${short(change.before?.[k])} -> ${short(change.after?.[k])}`).join("; ")}`;
    });
}

/** Runs `work` over `items`, at most `limit` at a time, keeping the order of the results. */
async function pool<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function table(rows: Row[]): string {
  const header = ["stack", "resources applied", "checks passed", "clean re-plan", "destroyed", "seconds"];
  const cells = rows.map((r) => [r.stack, r.applied, r.checks, r.replan, r.destroyed, String(r.seconds)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) =>
    c
      .map((v, i) => v.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}

function ok(row: Row): boolean {
  const [applied, planned] = row.applied.split("/");
  const [passed, checks] = row.checks.split("/");
  return row.problems.length === 0 && applied === planned && passed === checks && row.replan === "yes" && row.destroyed === "yes";
}

async function main(): Promise<void> {
  const { concurrency, keep, upgradeFrom, configs } = parseArgs(process.argv.slice(2));
  const binary = terraformBinary();
  if (binary === undefined) {
    console.log("SKIPPED npm run e2e: no terraform binary on PATH (install Terraform >= 1.5 to deploy the stacks to the emulator)");
    process.exit(process.env.TRUSTWRAPPER_REQUIRE_TERRAFORM === "1" ? 1 : 0);
  }
  const started = Date.now();
  const { env, source } = terraformEnv();
  installEmulator((line) => console.log(line));
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const release = upgradeFrom === "none" ? undefined : checkoutRelease(ROOT, upgradeFrom ?? previousReleaseCommit(ROOT));
  const runs = withImageRelease(configs.flatMap((config) => synthesize(config, release)));
  const releasing = runs.find((run) => run.releasesImage);
  console.log(
    `synthesized ${runs.length} stacks of ${configs.join(", ")}; terraform providers from the ${source}; ${concurrency} at a time${releasing ? `; the image release flow on ${releasing.label}` : ""}`,
  );
  if (release) {
    const note = dependenciesDiffer(ROOT, release) ? " (its package-lock.json differs: synthesized with the current node_modules)" : "";
    console.log(`upgrade safety: each stack first applied as ${release.ref} (version ${release.version}, ${release.commit.slice(0, 12)}) synthesized it${note}`);
  }
  // Installs block the process: done before any stack starts (see awsCliBin).
  const awsCli = runs.some((run) => run.config.environment === "prod") ? awsCliBin((line) => console.log(line)) : "";
  const rows = await pool(runs, concurrency, async (run) => {
    const row = await runStack(run, binary, { ...env, AWS_EC2_METADATA_DISABLED: "true" }, awsCli);
    console.log(`${ok(row) ? "ok  " : "FAIL"} ${row.stack} (${row.seconds} s)`);
    return row;
  });
  console.log(`\n${table(rows)}\n`);
  for (const row of rows.filter((r) => r.upgrade !== undefined)) console.log(`upgrade ${row.stack}: ${row.upgrade?.join(", ") || "no changes"}`);
  for (const row of rows.filter((r) => r.teardown !== undefined)) console.log(`teardown ${row.stack}: ${row.teardown}`);
  for (const row of rows.filter((r) => r.problems.length > 0)) {
    console.log(`${row.stack}:\n  ${row.problems.join("\n  ")}\n  logs: ${row.logs}/`);
  }
  const failed = rows.filter((r) => !ok(r)).length;
  const seconds = Math.round((Date.now() - started) / 1000);
  console.log(`${rows.length - failed} passed, ${failed} failed (${seconds} s)`);
  recordLastRun(ROOT, { date: new Date().toISOString(), seconds, stacks: rows.length, passed: rows.length - failed, failed, concurrency, configs });
  if (failed > 0) process.exit(1);
  if (!keep) rmSync(OUT, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
