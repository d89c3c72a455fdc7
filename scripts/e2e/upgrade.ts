// Upgrade safety, part of `npm run e2e`: every stack is first applied as the previous release of
// this project synthesized it, then the current synth is planned against that state. The plan
// must destroy or replace no stateful resource, and delete or replace nothing else without a
// `moved` block (replacements forced by an attribute change included, which the committed
// address lists cannot see). docs/releases.md says what a release is and what this proves.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** Resource types that hold data or identity users cannot get back once deleted, with what is lost. */
export const STATEFUL_TYPES: Record<string, string> = {
  aws_db_instance: "the database",
  aws_db_parameter_group: "the database's parameter group (replacing it reboots the database)",
  aws_db_subnet_group: "the database's subnet group (replacing it replaces the database)",
  aws_elasticache_replication_group: "the Redis cache",
  aws_elasticache_cluster: "a Redis node",
  aws_elasticache_subnet_group: "the cache's subnet group (replacing it replaces the cache)",
  aws_dynamodb_table: "the verification table",
  aws_s3_bucket: "a bucket and its objects",
  aws_kms_key: "the key (and everything encrypted with it)",
  aws_secretsmanager_secret: "a secret's value",
  aws_cloudwatch_log_group: "a log group's logs",
};

/**
 * Types that AWS cannot change in place, so that every change of them is a replacement which
 * loses nothing: a task definition's change is a new revision the service moves to.
 */
export const REPLACED_BY_DESIGN: Record<string, string> = {
  aws_ecs_task_definition: "a changed task definition is a new revision; the service rolls onto it",
};

/** The release the stacks are upgraded from. */
export interface Release {
  /** What was asked for (`--upgrade-from`), or the commit found by default. */
  readonly ref: string;
  readonly commit: string;
  readonly version: string;
  /** The release's files (git archive), with the current node_modules linked in. */
  readonly dir: string;
}

function git(root: string, args: string[]): { ok: boolean; out: string } {
  const result = spawnSync("git", args, { cwd: root, encoding: "utf8" });
  return { ok: result.status === 0, out: (result.stdout ?? "").trim() };
}

function versionAt(root: string, commit: string): string | undefined {
  const shown = git(root, ["show", `${commit}:package.json`]);
  return shown.ok ? (JSON.parse(shown.out) as { version?: string }).version : undefined;
}

/** What to do when the release to upgrade from is not in this clone's history. */
function noHistory(root: string, what: string): never {
  const shallow = git(root, ["rev-parse", "--is-shallow-repository"]).out === "true";
  throw new Error(
    `upgrade safety: ${what}${shallow ? " (this is a shallow clone)" : ""}. The run needs the previous release's commit: ` +
      "fetch the history (`git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout), or name a ref that exists " +
      "with `npm run e2e -- --upgrade-from <ref>` (`--upgrade-from none` skips the check, for a first release only)",
  );
}

/**
 * The default release to upgrade from: the newest commit whose package.json `version` differs
 * from the working tree's, i.e. the commit before the version was bumped to the current one.
 */
export function previousReleaseCommit(root: string): string {
  const current = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
  if (!git(root, ["rev-parse", "--verify", "HEAD"]).ok) noHistory(root, "this checkout has no git history");
  // Only commits that touched package.json can change the version; the one that set it to the current one has the release before it as parent.
  const touched = git(root, ["log", "--format=%H", "HEAD", "--", "package.json"]).out.split("\n").filter(Boolean);
  let candidate = "HEAD";
  for (const commit of touched) {
    if (versionAt(root, candidate) !== current) break;
    candidate = `${commit}^`;
  }
  const resolved = git(root, ["rev-parse", "--verify", "--quiet", `${candidate}^{commit}`]);
  if (!resolved.ok || versionAt(root, resolved.out) === current) noHistory(root, `no commit with a package.json version other than ${current} was found`);
  return resolved.out;
}

/** Extracts a release (a git ref) into a temporary directory with the current node_modules linked in. */
export function checkoutRelease(root: string, ref: string): Release {
  const resolved = git(root, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  if (!resolved.ok) noHistory(root, `the ref ${ref} is not in this clone`);
  const dir = mkdtempSync(join(tmpdir(), "trustwrapper-release-"));
  const archive = spawnSync("sh", ["-c", `git archive --format=tar ${resolved.out} | tar -x -C '${dir}'`], { cwd: root, encoding: "utf8" });
  if (archive.status !== 0) throw new Error(`upgrade safety: git archive of ${ref} failed: ${archive.stderr}`);
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  return { ref, commit: resolved.out, version: versionAt(root, resolved.out) ?? "?", dir };
}

/** True when the release installed other packages than the ones linked in (its synth may then differ from what it shipped); the project's own version does not count. */
export function dependenciesDiffer(root: string, release: Release): boolean {
  const installed = (lock: string) => JSON.stringify({ ...(JSON.parse(lock) as { packages?: object }).packages, "": undefined });
  const then = git(root, ["show", `${release.commit}:package-lock.json`]);
  return !then.ok || installed(then.out) !== installed(readFileSync(join(root, "package-lock.json"), "utf8"));
}

/**
 * Synthesizes one configuration with the release's own app command (its cdktf.json, run by the
 * cdktf CLI in its directory) and returns the output directory, or undefined when the release did
 * not ship this configuration (a new example: nothing to upgrade from).
 */
export function synthesizeRelease(release: Release, configPath: string, outdir: string): string | undefined {
  const file = configPath === "default" ? "" : join(release.dir, configPath.replace(/^.*?(examples\/)/, "$1"));
  if (file !== "" && !existsSync(file)) return undefined;
  mkdirSync(dirname(outdir), { recursive: true });
  const synth = spawnSync("npm", ["run", "--silent", "synth", "--", "--output", outdir], {
    cwd: release.dir,
    env: { ...process.env, TRUSTWRAPPER_CONFIG: file, CHECKPOINT_DISABLE: "1" },
    encoding: "utf8",
  });
  if (synth.status !== 0) throw new Error(`upgrade safety: cdktf synth of ${configPath} at ${release.ref} failed:\n${synth.stdout}\n${synth.stderr}`);
  return outdir;
}

export interface PlanChange {
  address: string;
  type: string;
  previous_address?: string;
  change: { actions: string[]; importing?: unknown; replace_paths?: unknown[][] };
}

/** One word for a resource change: create, update, replace, delete, forget, move, import or no-op. */
export function actionOf(change: PlanChange): string {
  const actions = change.change.actions;
  if (actions.includes("delete") && actions.includes("create")) return "replace";
  if (actions[0] === "no-op" || actions[0] === "update") {
    if (change.previous_address !== undefined && change.previous_address !== change.address) return actions[0] === "update" ? "move+update" : "move";
    if (change.change.importing !== undefined) return "import";
  }
  return actions.join("+");
}

export interface UpgradeVerdict {
  /** `<type> <action> <count>` for every resource the plan touches, sorted. */
  readonly actions: string[];
  /** What the plan would lose: one line per resource deleted or replaced against the rules. */
  readonly problems: string[];
}

/** Judges the plan (terraform show -json) of the current synth against the previous release's state. */
export function judgeUpgrade(plan: { resource_changes?: PlanChange[] }): UpgradeVerdict {
  const counts = new Map<string, number>();
  const problems: string[] = [];
  for (const change of plan.resource_changes ?? []) {
    const action = actionOf(change);
    if (action === "no-op" || action === "read") continue;
    const key = `${change.type} ${action}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (action !== "replace" && action !== "delete") continue;
    const why = action === "replace" ? `replaced (forced by ${JSON.stringify(change.change.replace_paths ?? [])})` : "destroyed (its address is gone and no moved block names it)";
    if (STATEFUL_TYPES[change.type] !== undefined) problems.push(`upgrade: ${change.address} would be ${why}: that loses ${STATEFUL_TYPES[change.type]}`);
    else if (action === "delete" || REPLACED_BY_DESIGN[change.type] === undefined) problems.push(`upgrade: ${change.address} would be ${why}`);
  }
  const actions = [...counts.entries()].map(([key, n]) => `${key} ${n}`).sort();
  return { actions, problems };
}

type Terraform = (dir: string, ...args: string[]) => Promise<{ code: number; stdout: string }>;

/** The upgrade plan, saved in the current stack's directory: what the stack's apply then applies, as users apply a reviewed plan. */
export const UPGRADE_PLAN = "upgrade.tfplan";

/**
 * Applies the previous release's stack (`previousDir`, its emulator override written) and plans the
 * current one (`dir`, initialized) against the state it left, which the current stack then keeps,
 * into UPGRADE_PLAN. Returns the plan's actions by type and what it would lose; any failure is a
 * problem too.
 */
export async function upgradeStack(previousDir: string, dir: string, tf: Terraform): Promise<UpgradeVerdict> {
  if ((await tf(previousDir, "init", "-input=false")).code !== 0)
    return { actions: [], problems: ["upgrade: terraform init of the previous release's stack failed (see the log)"] };
  if ((await tf(previousDir, "apply", "-auto-approve", "-input=false")).code !== 0) {
    return { actions: [], problems: ["upgrade: the previous release's stack failed to apply (see the log)"] };
  }
  copyFileSync(join(previousDir, "terraform.tfstate"), join(dir, "terraform.tfstate"));
  if ((await tf(dir, "init", "-input=false")).code !== 0) return { actions: [], problems: ["upgrade: terraform init failed (see the log)"] };
  if ((await tf(dir, "plan", "-input=false", `-out=${UPGRADE_PLAN}`)).code !== 0)
    return { actions: [], problems: ["upgrade: terraform plan against the previous release's state failed (see the log)"] };
  return judgeUpgrade(JSON.parse((await tf(dir, "show", "-json", UPGRADE_PLAN)).stdout));
}
