// Scenario "teardown" (docs/faults.md): a prod stack is applied, then torn down by running
// docs/teardown.md as written: every `sh` block in order, in the stack's directory, with the AWS
// CLI pointed at the emulator; a `text` block after one is what that step must stop with. Then
// what the page says is kept must be there, and nothing else.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { DescribeKeyCommand, ListAliasesCommand } from "@aws-sdk/client-kms";
import { ListAttachedRolePoliciesCommand } from "@aws-sdk/client-iam";
import { DescribeDBSnapshotsCommand } from "@aws-sdk/client-rds";
import { TrustWrapperConfig } from "../../../src/config/schema";
import { keptOnDestroy, StateResource } from "../checks";
import { ensureVenv } from "../emulator";
import { inventory } from "../inventory";
import { EMULATOR_CREDENTIALS } from "../profile";
import { ScenarioStack, Toolchain } from "./harness";
import { FaultRow } from "./row";

export const TEARDOWN_DOC = resolve(__dirname, "..", "..", "..", "docs", "teardown.md");

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

function bash(commands: string, cwd: string, env: NodeJS.ProcessEnv, stack: ScenarioStack): Promise<{ code: number; output: string }> {
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
const AWS_CLI_VENV = join(resolve(__dirname, "..", "..", ".."), ".venv", "awscli");
const AWS_CLI_REQUIREMENTS = join(__dirname, "awscli-requirements.txt");

/**
 * The directory of the pinned AWS CLI, installed first if needed. The install blocks the process
 * for a minute or more: the run calls this before any stack starts, or the other scenarios would
 * miss what they wait for in terraform's output meanwhile (an interrupt sent only after the apply ended).
 */
export function awsCliBin(log: (line: string) => void): string {
  return dirname(ensureVenv(log, AWS_CLI_VENV, AWS_CLI_REQUIREMENTS));
}

export async function teardown(stack: ScenarioStack, config: TrustWrapperConfig, tools: Toolchain, row: FaultRow): Promise<void> {
  const awsCli = awsCliBin((line) => stack.log.write(`${line}\n`));
  if ((await stack.run(["init", "-input=false"])).code !== 0) throw new Error("terraform init failed");
  if ((await stack.run(["apply", "-auto-approve", "-input=false"])).code !== 0) throw new Error("terraform apply failed (see the log)");
  const applied = await stack.state();
  const env = {
    ...tools.env,
    PATH: `${awsCli}:${tools.env.PATH ?? process.env.PATH ?? ""}`,
    AWS_ENDPOINT_URL: stack.url,
    AWS_ACCESS_KEY_ID: EMULATOR_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: EMULATOR_CREDENTIALS.secretAccessKey,
    AWS_DEFAULT_REGION: config.region,
    AWS_PAGER: "",
    // The page shows `terraform destroy` as users type it; here nobody answers "yes".
    TF_CLI_ARGS_destroy: "-auto-approve -no-color",
  };
  const steps = teardownSteps(readFileSync(TEARDOWN_DOC, "utf8"), config.architecture);
  const stops: string[] = [];
  for (const [i, step] of steps.entries()) {
    const result = await bash(step.commands, stack.dir, env, stack);
    if (step.expectedFailure === undefined) {
      if (result.code !== 0) row.problems.push(`docs/teardown.md step ${i + 1} (${step.commands.split("\n")[0]}) failed: ${flat(result.output).slice(-300)}`);
      continue;
    }
    const missing = step.expectedFailure.filter((line) => !flat(result.output).includes(flat(line).trim()));
    if (result.code === 0 || missing.length > 0)
      row.problems.push(
        `docs/teardown.md step ${i + 1} should stop with "${step.expectedFailure.join(" ")}"; exit ${result.code}${missing.length > 0 ? `, missing: ${missing.join(" | ")}` : ""}`,
      );
    else stops.push(step.expectedFailure[0]);
  }
  row.done = `applied the prod stack, ran docs/teardown.md's ${steps.length} steps`;
  row.terraform = `destroy stopped ${stops.length} times (${stops.join("; ")}), then completed`;

  const left = await stack.state();
  if (left.length > 0) row.problems.push(`the state still holds ${left.map((r) => r.address).join(", ")}`);
  const survived = await kept(stack, applied, row.problems);
  row.survived = survived.join(", ");
  const rest = (await inventory(stack.clients)).filter((line) => !stack.before.includes(line) && !survived.some((k) => line.endsWith(` ${k.split(" ").pop()}`)));
  if (rest.length > 0) row.problems.push(`left behind, not kept on purpose: ${rest.join(", ")}`);
}

/**
 * What docs/teardown.md says survives, checked: the key (enabled) and its alias, the API Gateway
 * logging role (serverless, hybrid), the final snapshot (with that key) and the automated backups.
 */
async function kept(stack: ScenarioStack, applied: StateResource[], problems: string[]): Promise<string[]> {
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
