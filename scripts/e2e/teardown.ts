// The teardown of a prod stack (docs/faults.md's "teardown" scenario), run by npm run e2e as its
// destroy step: docs/teardown.md as written, every `sh` block for the stack's architecture in
// order, in the stack's directory, with the pinned AWS CLI pointed at the emulator; a `text` block
// after one is what that step must stop with. Then what the page says is kept must be there, and
// nothing else.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { Writable } from "node:stream";
import { stripVTControlCharacters } from "node:util";
import { DescribeKeyCommand, ListAliasesCommand } from "@aws-sdk/client-kms";
import { ListAttachedRolePoliciesCommand } from "@aws-sdk/client-iam";
import { DescribeDBSnapshotsCommand } from "@aws-sdk/client-rds";
import { namePrefix, TrustWrapperConfig } from "../../src/config/schema";
import { keptOnDestroy } from "./checks";
import { StateResource } from "./state";
import { Clients } from "./clients";
import { ensureVenv } from "../tools/setup";
import { inventory } from "./inventory";
import { EMULATOR_CREDENTIALS } from "./profile";

export const TEARDOWN_DOC = resolve(__dirname, "..", "..", "docs", "teardown.md");

/** The name prefix of the page's names (the default configuration's): a stack with another prefix runs the page with its own, as the page tells its readers to. */
const PAGE_NAME_PREFIX = "trustwrapper-prod";

/** An applied stack on the emulator: terraform initialized in `dir`, with the emulator override. */
export interface AppliedStack {
  readonly dir: string;
  readonly url: string;
  readonly clients: Clients;
  /** Where the steps' commands and output are written. */
  readonly log: Writable;
  /** The stack's parsed cdk.tf.json. */
  readonly document: { resource?: Record<string, Record<string, Record<string, unknown>>> };
  /** Inventory of the emulator before anything was applied (the fixtures). */
  readonly before: string[];
  /** The managed resource instances in the state (`terraform state pull`). */
  state(): Promise<StateResource[]>;
}

export interface Teardown {
  /** How many of the page's steps ran. */
  steps: number;
  /** The first line of each error a destroy stopped with, as the page expects. */
  stops: string[];
  /** What survived the teardown on purpose, as inventory lines. */
  survived: string[];
  problems: string[];
}

export interface Step {
  commands: string;
  /** Lines the step's output must contain, when it must fail. */
  expectedFailure?: string[];
}

export type Architecture = TrustWrapperConfig["architecture"];

/**
 * The page's `sh` blocks for an architecture, each with the `text` block right after it (if any).
 * A fence may name the architectures its block is for after the language (```sh serverless hybrid);
 * one that names none is for all.
 */
export function teardownSteps(markdown: string, architecture: Architecture): Step[] {
  const blocks = [...markdown.matchAll(/^```(\w*)([ \w]*)\n([\s\S]*?)^```$/gm)]
    .map((m) => ({ kind: m[1], for: m[2].trim().split(/\s+/).filter(Boolean), body: m[3] }))
    .filter((block) => block.for.length === 0 || block.for.includes(architecture));
  return blocks.flatMap((block, i) => {
    if (block.kind !== "sh") return [];
    const next = blocks[i + 1];
    return [{ commands: block.body, expectedFailure: next?.kind === "text" ? next.body.split("\n").filter((l) => l.trim() !== "") : undefined }];
  });
}

/** Terraform boxes and wraps its errors: compare text with the box, colours and line breaks taken out. */
const flat = (text: string) => stripVTControlCharacters(text).replace(/[│╷╵]/g, " ").replace(/\s+/g, " ");

function bash(commands: string, cwd: string, env: NodeJS.ProcessEnv, stack: AppliedStack): Promise<{ code: number; output: string }> {
  stack.log.write(`\n$ (docs/teardown.md)\n${commands}`);
  return new Promise((done) => {
    // The AWS CLI v1 ignores AWS_ENDPOINT_URL: the emulator is named on each call instead.
    const emulated = `aws() { command aws --endpoint-url "$AWS_ENDPOINT_URL" --region "$AWS_DEFAULT_REGION" "$@"; }\n${commands}`;
    const child = spawn("bash", ["-eo", "pipefail", "-c", emulated], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      stack.log.write(chunk);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("close", (code) => done({ code: code ?? 1, output }));
  });
}

/** The pinned AWS CLI the page's commands run with, in its own virtual environment (no machine install assumed). */
const AWS_CLI_VENV = join(resolve(__dirname, "..", ".."), ".venv", "awscli");
const AWS_CLI_REQUIREMENTS = join(__dirname, "awscli-requirements.txt");

/**
 * The directory of the pinned AWS CLI, installed first if needed. The install blocks the process
 * for a minute or more: the run calls this before any stack starts, or the stacks under way would
 * stall meanwhile.
 */
export function awsCliBin(log: (line: string) => void): string {
  return dirname(ensureVenv(log, AWS_CLI_VENV, AWS_CLI_REQUIREMENTS));
}

/**
 * Tears an applied prod stack down by following docs/teardown.md, with the AWS CLI of `awsCli` (a
 * directory, see awsCliBin) and terraform's environment `env`. Fails a step that does not stop as
 * the page says, a state left non-empty, a kept resource gone and anything else left behind.
 */
export async function followTeardownPage(stack: AppliedStack, config: TrustWrapperConfig, env: NodeJS.ProcessEnv, awsCli: string): Promise<Teardown> {
  const applied = await stack.state();
  const shell = {
    ...env,
    PATH: `${awsCli}:${env.PATH ?? process.env.PATH ?? ""}`,
    AWS_ENDPOINT_URL: stack.url,
    AWS_ACCESS_KEY_ID: EMULATOR_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: EMULATOR_CREDENTIALS.secretAccessKey,
    AWS_DEFAULT_REGION: config.region,
    AWS_PAGER: "",
    // The page shows `terraform destroy` as users type it; here nobody answers "yes".
    TF_CLI_ARGS_destroy: "-auto-approve -no-color",
  };
  const steps = teardownSteps(readFileSync(TEARDOWN_DOC, "utf8"), config.architecture);
  const result: Teardown = { steps: steps.length, stops: [], survived: [], problems: [] };
  for (const [i, step] of steps.entries()) {
    const outcome = await bash(step.commands.replaceAll(PAGE_NAME_PREFIX, namePrefix(config)), stack.dir, shell, stack);
    if (step.expectedFailure === undefined) {
      if (outcome.code !== 0) result.problems.push(`docs/teardown.md step ${i + 1} (${step.commands.split("\n")[0]}) failed: ${flat(outcome.output).slice(-300)}`);
      continue;
    }
    const missing = step.expectedFailure.filter((line) => !flat(outcome.output).includes(flat(line).trim()));
    if (outcome.code === 0 || missing.length > 0)
      result.problems.push(
        `docs/teardown.md step ${i + 1} should stop with "${step.expectedFailure.join(" ")}"; exit ${outcome.code}${missing.length > 0 ? `, missing: ${missing.join(" | ")}` : ""}`,
      );
    else result.stops.push(step.expectedFailure[0]);
  }
  const left = await stack.state();
  if (left.length > 0) result.problems.push(`the state still holds ${left.map((r) => r.address).join(", ")}`);
  result.survived = await kept(stack, applied, result.problems);
  const rest = (await inventory(stack.clients)).filter((line) => !stack.before.includes(line) && !result.survived.some((k) => line.endsWith(` ${k.split(" ").pop()}`)));
  if (rest.length > 0) result.problems.push(`left behind, not kept on purpose: ${rest.join(", ")}`);
  return result;
}

/**
 * What docs/teardown.md says survives, checked: the key (enabled) and its alias, the API Gateway
 * logging role (serverless, hybrid), the final snapshot (with that key) and the automated backups.
 */
async function kept(stack: AppliedStack, applied: StateResource[], problems: string[]): Promise<string[]> {
  const survived: string[] = [];
  const key = applied.find((r) => r.type === "aws_kms_key");
  const keyId = String(key?.values.key_id);
  const state = (await stack.clients.kms.send(new DescribeKeyCommand({ KeyId: keyId })).catch(() => undefined))?.KeyMetadata?.KeyState;
  if (state === "Enabled") survived.push(`kms key ${keyId}`);
  else problems.push(`the key ${keyId} is ${state ?? "gone"}`);
  const alias = String(applied.find((r) => r.type === "aws_kms_alias")?.values.name);
  if (((await stack.clients.kms.send(new ListAliasesCommand({}))).Aliases ?? []).some((a) => a.AliasName === alias)) survived.push(`kms alias ${alias}`);
  else problems.push(`the alias ${alias} is gone`);
  // The roles that refuse destroy (prevent_destroy): the page takes them out of the state.
  const keptAddresses = keptOnDestroy(stack.document);
  for (const role of applied.filter((r) => r.type === "aws_iam_role" && keptAddresses.includes(r.address))) {
    const name = String(role.values.name);
    const attached = await stack.clients.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name })).catch(() => undefined);
    if (attached === undefined) problems.push(`the role ${name} is gone`);
    else survived.push(`iam role ${name}`, ...(attached.AttachedPolicies ?? []).map((p) => `iam role-policy-attachment ${name}/${p.PolicyArn}`));
  }
  for (const db of applied.filter((r) => r.type === "aws_db_instance")) {
    const { DBSnapshots } = await stack.clients.rds.send(new DescribeDBSnapshotsCommand({ DBInstanceIdentifier: String(db.values.identifier) }));
    const final = (DBSnapshots ?? []).find((s) => s.DBSnapshotIdentifier === db.values.final_snapshot_identifier);
    if (final === undefined) problems.push(`no final snapshot ${String(db.values.final_snapshot_identifier)}`);
    else if (!final.KmsKeyId?.endsWith(keyId)) problems.push(`the final snapshot is encrypted with ${final.KmsKeyId}, not the kept key`);
    const automated = (DBSnapshots ?? []).filter((s) => s.SnapshotType === "automated");
    if (automated.length === 0) problems.push("the automated backups were not kept");
    survived.push(...(DBSnapshots ?? []).map((s) => `rds db-snapshot ${s.DBSnapshotIdentifier}`));
  }
  return survived;
}
