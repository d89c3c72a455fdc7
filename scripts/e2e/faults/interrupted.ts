// Scenario "interrupted apply" (docs/faults.md): an apply is stopped while it creates resources,
// with SIGINT (what a CI runner's cancel sends first) or SIGKILL (its timeout), then applied
// again, following docs/faults.md's recovery steps. It must converge with nothing duplicated or
// orphaned (listed through the SDK) and a clean re-plan.
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DeleteCertificateCommand } from "@aws-sdk/client-acm";
import { DeleteRestApiCommand } from "@aws-sdk/client-api-gateway";
import { ListResponseHeadersPoliciesCommand } from "@aws-sdk/client-cloudfront";
import { DeleteNatGatewayCommand, DeleteSubnetCommand, DeleteVpcCommand, ReleaseAddressCommand } from "@aws-sdk/client-ec2";
import { DescribeLoadBalancersCommand, DescribeTargetGroupsCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import { ScheduleKeyDeletionCommand } from "@aws-sdk/client-kms";
import { DeleteDBParameterGroupCommand } from "@aws-sdk/client-rds";
import { DeleteBucketCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { DescribeSecretCommand } from "@aws-sdk/client-secrets-manager";
import { StateResource } from "../state";
import { Clients } from "../clients";
import { inventory } from "../inventory";
import { created, ScenarioStack, STATE_BUCKET, unaccounted } from "./harness";
import { FaultRow } from "./row";

/** The file of import blocks the recovery writes next to the stack's cdk.tf.json. */
const RECOVERY_IMPORTS = "recovery-imports.tf.json";

/** How many times the recovery imports what a re-apply found existing before it gives up. */
const IMPORT_ROUNDS = 3;

/** Resources created before the signal is sent on a stack without a database: the apply is then in the middle of its work. */
const CREATED_BEFORE_SIGNAL = 8;

/**
 * When the signal is sent. SIGINT on a stack with a database: once its create has been under way
 * for a while (`Still creating`, every 10 s), where the provider waits longest and the cache and
 * load balancer are in flight too. Otherwise after CREATED_BEFORE_SIGNAL creations: a SIGKILL
 * there leaves nothing in the saved state (S3 backend), so at the database it would orphan the
 * whole network, which the recovery does not take apart (docs/faults.md).
 */
export function signalPoint(document: ScenarioStack["document"], signal: "SIGINT" | "SIGKILL"): { pattern: RegExp; times: number; when: string } {
  const database = Object.keys(document.resource?.aws_db_instance ?? {})[0];
  if (signal === "SIGKILL" || database === undefined) return { pattern: /Creation complete/, times: CREATED_BEFORE_SIGNAL, when: `after ${CREATED_BEFORE_SIGNAL} creations` };
  return { pattern: new RegExp(`aws_db_instance\\.${database}: Still creating`), times: 1, when: "while the database was being created" };
}

export async function interruptedApply(stack: ScenarioStack, signal: "SIGINT" | "SIGKILL", row: FaultRow): Promise<void> {
  if ((await stack.run(["init", "-input=false"])).code !== 0) throw new Error("terraform init failed");
  const apply = stack.start(["apply", "-auto-approve", "-input=false"]);
  const point = signalPoint(stack.document, signal);
  await apply.printed(point.pattern, point.times);
  apply.child.kill(signal);
  const stopped = await apply.done;
  const before = created(stopped.output);
  const saved = await stack.state();
  const locks = await lockObjects(stack);
  row.done = `apply stopped with ${signal} ${point.when} (${before.length} created); apply again`;
  const notes = [`${signal}: exit ${stopped.signal ?? stopped.code}, ${saved.length} resources in the saved state${locks.length > 0 ? `, lock left: ${locks.join(" ")}` : ""}`];
  if (signal === "SIGINT" && !/Interrupt received/.test(stopped.output)) row.problems.push("SIGINT: terraform did not report a graceful stop");
  // A signal that arrives after the apply ended interrupts nothing: the row would pass without its fault.
  if (/Apply complete!/.test(stopped.output)) row.problems.push(`${signal}: the apply had completed before the signal arrived`);
  const orphans = await unaccounted(stack, saved);
  // What the interrupt cut off after its create call (a wait, a further step) was created, and is saved tainted: a re-apply would replace it (docs/faults.md).
  const cutOff = cutOffOperations(stopped.output).filter((address) => saved.some((r) => r.address === address));
  if (cutOff.length > 0) {
    notes.push(`untainted ${cutOff.length} whose wait or last step was cut off (${cutOff.map((a) => a.split(".")[0]).join(", ")})`);
    for (const address of cutOff) if ((await stack.run(["untaint", address])).code !== 0) row.problems.push(`terraform untaint ${address} failed`);
  }

  // The next pipeline run applies again; a stale lock makes it stop with the lock's ID.
  let again = await stack.run(["apply", "-auto-approve", "-input=false"]);
  const lockId = /Lock Info:\s+ID:\s+(\S+)/.exec(again.output)?.[1];
  if (again.code !== 0 && lockId !== undefined) {
    notes.push(`re-apply refused: state locked (${lockId}); force-unlock`);
    if ((await stack.run(["force-unlock", "-force", lockId])).code !== 0) row.problems.push("terraform force-unlock failed");
    again = await stack.run(["apply", "-auto-approve", "-input=false"]);
  }
  // What was created after the last state write exists in AWS and not in the state: a named one refuses to be created again; import it (docs/faults.md).
  // A resource whose dependency failed was not attempted: its own conflict shows in the next apply, so this repeats.
  const imported: string[] = [];
  for (let round = 1; again.code !== 0 && round <= IMPORT_ROUNDS; round++) {
    const existing = alreadyExisting(again.output, stack.document);
    if (existing.length === 0) break;
    imported.push(...existing.map((e) => e.address.split(".")[0]));
    // Import blocks (what the configuration's `imports:` entries synthesize), adopted by one apply: a `terraform import` each took a minute apiece on the loaded machine.
    const blocks = await Promise.all(existing.map(async ({ address, name }) => ({ to: address, id: await importId(stack.clients, address, name) })));
    writeFileSync(join(stack.dir, RECOVERY_IMPORTS), `${JSON.stringify({ import: blocks }, null, 2)}\n`);
    again = await stack.run(["apply", "-auto-approve", "-input=false"]);
    // Once adopted, the blocks have done their work; the stack's own configuration is what stays.
    rmSync(join(stack.dir, RECOVERY_IMPORTS));
  }
  if (imported.length > 0) notes.push(`re-apply: ${imported.length} already exist (${imported.join(", ")}); imported`);
  if (again.code !== 0) row.problems.push(`re-apply failed: ${errors(again.output).join("; ")}`);
  notes.push(`re-apply ${again.code === 0 ? "converged" : "failed"} (${created(again.output).length} created)`);
  // An unnamed resource whose create was in flight is created in AWS but never recorded: the re-apply makes a second one. Delete the first (docs/faults.md).
  const removed = again.code === 0 ? await removeOrphans(stack, await stack.state()) : [];
  if (removed.length > 0) notes.push(`orphans deleted: ${removed.join(", ")}`);
  const replan = await stack.run(["plan", "-detailed-exitcode", "-input=false"]);
  if (replan.code !== 0) row.problems.push(`re-plan after recovery: exit ${replan.code} (see the log)`);
  const state = await stack.state();
  const extra = await unaccounted(stack, state);
  if (extra.length > 0) row.problems.push(`duplicates or orphans after recovery: ${extra.join("; ")}`);
  if ((await lockObjects(stack)).length > 0) row.problems.push("a lock is left after recovery");
  notes.push(`re-plan ${replan.code === 0 ? "clean" : "not clean"}`);
  row.terraform = notes.join("; ");
  row.survived = `${state.length} resources in state, ${extra.length === 0 ? "no duplicate or orphan" : extra.join(", ")}${orphans.length > 0 ? ` (right after the kill, not in the state: ${orphans.join(", ")})` : ""}`;
}

/** The S3 backend's lock objects (`<key>.tflock`) in the state bucket, if the stack uses it. */
async function lockObjects(stack: ScenarioStack): Promise<string[]> {
  const listed = await stack.clients.s3.send(new ListObjectsV2Command({ Bucket: STATE_BUCKET })).catch(() => undefined);
  return (listed?.Contents ?? []).map((o) => String(o.Key)).filter((key) => key.endsWith(".tflock"));
}

/** One of terraform's error diagnostics: its summary line, the resource its `with` line names, and its whole text. */
interface ErrorBlock {
  readonly summary: string;
  readonly address?: string;
  readonly text: string;
}

/** Terraform's error diagnostics in its output, each up to the next (with or without -no-color's box). */
export function errorBlocks(output: string): ErrorBlock[] {
  return output
    .split(/^(?=(?:│ )?Error: )/m)
    .filter((text) => /^(?:│ )?Error: /.test(text))
    .map((text) => ({
      summary: text.slice(text.indexOf("Error: ") + "Error: ".length).split("\n")[0],
      address: /^(?:│)?\s*with (\S+),$/m.exec(text)?.[1],
      text,
    }));
}

/** The summary lines of terraform's errors. */
export function errors(output: string): string[] {
  return errorBlocks(output).map((block) => block.summary);
}

/** The distinct resources named by the errors that `matches` picks. */
function addressesOf(output: string, matches: (block: ErrorBlock) => boolean): string[] {
  return [...new Set(errorBlocks(output).flatMap((block) => (matches(block) && block.address !== undefined ? [block.address] : [])))];
}

/**
 * The resources an interrupt cut off (`context canceled`). Those the saved state holds (tainted)
 * exist in AWS: what was cut off came after their create call, the provider's wait for them to be
 * ready (`waiting for ... create: context canceled`) or a further step (`enabling KMS Key (...)
 * rotation: context canceled`), which the re-apply's refresh and update complete. A create call
 * cut off itself leaves nothing in the state: the caller keeps only what the state holds.
 */
export function cutOffOperations(output: string): string[] {
  return addressesOf(output, (block) => /context canceled/.test(block.text));
}

/**
 * How to import a named resource whose create refused an existing name: the configuration
 * attribute that holds the name and, for the types the AWS provider imports by an ID AWS assigns
 * (its docs' "Import" section), how to find that ID by the name.
 */
const IMPORT_ID: Record<string, { name: string; find?(clients: Clients, name: string): Promise<string | undefined> }> = {
  aws_iam_role: { name: "name" },
  aws_cloudwatch_log_group: { name: "name" },
  aws_dynamodb_table: { name: "name" },
  aws_lambda_function: { name: "function_name" },
  aws_kms_alias: { name: "name" },
  aws_cloudwatch_event_rule: { name: "name" },
  aws_api_gateway_domain_name: { name: "domain_name" },
  aws_db_instance: { name: "identifier" },
  aws_db_subnet_group: { name: "name" },
  aws_elasticache_replication_group: { name: "replication_group_id" },
  aws_elasticache_subnet_group: { name: "name" },
  aws_elasticache_user: { name: "user_id" },
  aws_elasticache_user_group: { name: "user_group_id" },
  aws_cloudfront_response_headers_policy: {
    name: "name",
    find: async ({ cloudfront }, name) =>
      (await cloudfront.send(new ListResponseHeadersPoliciesCommand({ Type: "custom" }))).ResponseHeadersPolicyList?.Items?.find(
        (p) => p.ResponseHeadersPolicy?.ResponseHeadersPolicyConfig?.Name === name,
      )?.ResponseHeadersPolicy?.Id,
  },
  aws_lb: { name: "name", find: async ({ elbv2 }, name) => (await elbv2.send(new DescribeLoadBalancersCommand({ Names: [name] }))).LoadBalancers?.[0]?.LoadBalancerArn },
  aws_lb_target_group: { name: "name", find: async ({ elbv2 }, name) => (await elbv2.send(new DescribeTargetGroupsCommand({ Names: [name] }))).TargetGroups?.[0]?.TargetGroupArn },
  aws_secretsmanager_secret: { name: "name", find: async ({ secrets }, name) => (await secrets.send(new DescribeSecretCommand({ SecretId: name }))).ARN },
};

/** The resources an apply failed to create because they exist already (`... already exists` / `AlreadyExists`), with the names they were created with. */
export function alreadyExisting(output: string, document: ScenarioStack["document"]): { address: string; name: string }[] {
  return addressesOf(output, (block) => /already exists|AlreadyExists|ResourceInUse/.test(block.summary)).map((address) => {
    const [type, name] = address.split(".");
    const value = document.resource?.[type]?.[name]?.[IMPORT_ID[type]?.name ?? ""];
    if (typeof value !== "string") throw new Error(`${address} exists already and has no known import ID: recover it by hand (docs/faults.md)`);
    return { address, name: value };
  });
}

/** The ID `terraform import` takes for a resource that exists already under `name`: the name itself, or the ID AWS gave it. */
export async function importId(clients: Clients, address: string, name: string): Promise<string> {
  const find = IMPORT_ID[address.split(".")[0]]?.find;
  const id = find === undefined ? name : await find(clients, name);
  if (id === undefined) throw new Error(`${address} exists already, but no ${address.split(".")[0]} named ${name} is listed: recover it by hand (docs/faults.md)`);
  return id;
}

/**
 * The unnamed kinds an interrupted create can orphan: the state attribute that is their inventory
 * ID, and how the recovery deletes one. In deletion order: a VPC's subnets and gateways before it.
 */
const ORPHANS: Record<string, { type: string; attribute: string; remove(clients: Clients, id: string): Promise<unknown> }> = {
  "kms key": { type: "aws_kms_key", attribute: "key_id", remove: (c, id) => c.kms.send(new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: 7 })) },
  "acm certificate": { type: "aws_acm_certificate", attribute: "arn", remove: (c, id) => c.acm.send(new DeleteCertificateCommand({ CertificateArn: id })) },
  "apigateway rest-api": { type: "aws_api_gateway_rest_api", attribute: "id", remove: (c, id) => c.apigateway.send(new DeleteRestApiCommand({ restApiId: id })) },
  "s3 bucket": { type: "aws_s3_bucket", attribute: "bucket", remove: (c, id) => c.s3.send(new DeleteBucketCommand({ Bucket: id })) },
  "rds db-parameter-group": { type: "aws_db_parameter_group", attribute: "name", remove: (c, id) => c.rds.send(new DeleteDBParameterGroupCommand({ DBParameterGroupName: id })) },
  "ec2 nat-gateway": { type: "aws_nat_gateway", attribute: "id", remove: (c, id) => c.ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: id })) },
  "ec2 elastic-ip": { type: "aws_eip", attribute: "allocation_id", remove: (c, id) => c.ec2.send(new ReleaseAddressCommand({ AllocationId: id })) },
  "ec2 subnet": { type: "aws_subnet", attribute: "id", remove: (c, id) => c.ec2.send(new DeleteSubnetCommand({ SubnetId: id })) },
  "ec2 vpc": { type: "aws_vpc", attribute: "id", remove: (c, id) => c.ec2.send(new DeleteVpcCommand({ VpcId: id })) },
};

/** Deletes the resources of ORPHANS' kinds that exist in the emulator (created by this run) and not in the state; returns them. */
async function removeOrphans(stack: ScenarioStack, state: StateResource[]): Promise<string[]> {
  const listed = (await inventory(stack.clients)).filter((line) => !stack.before.includes(line));
  const removed: string[] = [];
  for (const [kind, orphan] of Object.entries(ORPHANS)) {
    const held = new Set(state.filter((r) => r.type === orphan.type).map((r) => String(r.values[orphan.attribute])));
    // The ID is an inventory line's last word (a REST API's line names it first).
    for (const id of listed.filter((line) => line.startsWith(`${kind} `)).map((line) => String(line.split(" ").pop()))) {
      if (held.has(id)) continue;
      await orphan.remove(stack.clients, id);
      removed.push(`${kind} ${id}`);
    }
  }
  return removed;
}
