// What every fault scenario of `npm run e2e:faults` (docs/faults.md) stands on: a synthesized
// stack copied into its own working directory, its own emulator, the emulator override (local
// state, or the S3 backend with use_lockfile on the emulator's S3), the fixtures, and terraform
// runs that can be interrupted.
import { ChildProcess, spawn } from "node:child_process";
import { copyFileSync, createWriteStream, mkdirSync, readFileSync, writeFileSync, WriteStream } from "node:fs";
import { join } from "node:path";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { machineReadable, pulledResources, StateResource } from "../state";
import { Clients, emulatorClients } from "../clients";
import { Emulator, startEmulator } from "../emulator";
import { createFixtures } from "../fixtures";
import { inventory } from "../inventory";
import { EMULATOR_CREDENTIALS, emulatorOverride, OVERRIDE_FILE } from "../profile";

/** The state bucket the S3 backend uses in each emulator. */
export const STATE_BUCKET = "trustwrapper-terraform-state";

export interface Finished {
  code: number;
  signal: NodeJS.Signals | null;
  /** stdout and stderr, interleaved as written. */
  output: string;
}

export interface Running {
  child: ChildProcess;
  /** Resolves when `pattern` has been printed `times` times, in whole lines (a pattern does not span lines). */
  printed(pattern: RegExp, times?: number): Promise<void>;
  done: Promise<Finished>;
}

export interface ScenarioStack {
  readonly dir: string;
  readonly clients: Clients;
  readonly url: string;
  readonly log: WriteStream;
  /** The stack's parsed cdk.tf.json. */
  readonly document: { resource?: Record<string, Record<string, Record<string, unknown>>> };
  /** Inventory of the emulator before anything was applied (the fixtures). */
  readonly before: string[];
  /** Starts terraform in `dir` (the stack's directory by default). */
  start(args: string[], dir?: string): Running;
  run(args: string[], dir?: string): Promise<Finished>;
  /** The managed resource instances in the state (`terraform state pull`). */
  state(dir?: string): Promise<StateResource[]>;
  /** A second working directory of the same stack and backend (another pipeline's checkout). */
  clone(name: string): string;
  stop(): Promise<void>;
}

export interface Toolchain {
  binary: string;
  env: NodeJS.ProcessEnv;
}

/**
 * Sets up one scenario: `synthesized` (a stack directory of a cdktf synth) copied to `dir`, an
 * emulator, the override with the `backend` asked for, and the fixtures.
 */
export async function scenarioStack(synthesized: string, dir: string, region: string, backend: "local" | "s3", tools: Toolchain): Promise<ScenarioStack> {
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(synthesized, "cdk.tf.json"), join(dir, "cdk.tf.json"));
  const document = JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8"));
  const log = createWriteStream(join(dir, "terraform.log"));
  const emulator = await startWithRetries(join(dir, "emulator.log"));
  const clients = emulatorClients(emulator.url, region);
  const override = emulatorOverride(document, emulator.url) as { terraform: unknown[] };
  if (backend === "s3") {
    await clients.s3.send(new CreateBucketCommand({ Bucket: STATE_BUCKET }));
    override.terraform = [{ backend: { s3: s3Backend(emulator.url, region) } }];
  }
  const overrideText = `${JSON.stringify(override, null, 2)}\n`;
  writeFileSync(join(dir, OVERRIDE_FILE), overrideText);
  await createFixtures(document, clients);
  const before = await inventory(clients);
  const start = (args: string[], cwd = dir) => startTerraform(cwd, args, log, tools);
  const run = (args: string[], cwd = dir) => start(args, cwd).done;
  return {
    dir,
    clients,
    url: emulator.url,
    log,
    document,
    before,
    start,
    run,
    async state(cwd = dir) {
      const pulled = await run(["state", "pull"], cwd);
      return pulledResources(JSON.parse(pulled.output.slice(pulled.output.indexOf("{")) || "{}"));
    },
    clone(name: string) {
      const other = `${dir}-${name}`;
      mkdirSync(other, { recursive: true });
      copyFileSync(join(dir, "cdk.tf.json"), join(other, "cdk.tf.json"));
      writeFileSync(join(other, OVERRIDE_FILE), overrideText);
      return other;
    },
    async stop() {
      await emulator.stop();
      await new Promise((r) => log.end(r));
    },
  };
}

/** Starts an emulator, trying again twice: on a loaded 2-core machine one may miss its 30-second start-up deadline. */
async function startWithRetries(logFile: string): Promise<Emulator> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startEmulator(logFile);
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/** The S3 backend on the emulator's S3, with S3-native locking (`use_lockfile`), as `backend: {type: s3}` configures it. */
function s3Backend(url: string, region: string): object {
  return {
    bucket: STATE_BUCKET,
    key: "trustwrapper/stack.tfstate",
    region,
    encrypt: true,
    use_lockfile: true,
    use_path_style: true,
    endpoints: { s3: url, sts: url },
    access_key: EMULATOR_CREDENTIALS.accessKeyId,
    secret_key: EMULATOR_CREDENTIALS.secretAccessKey,
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    skip_metadata_api_check: true,
    skip_region_validation: true,
  };
}

/** Starts terraform (`-no-color` added) in `dir`, logging everything it prints. */
export function startTerraform(dir: string, args: string[], log: WriteStream, tools: Toolchain): Running {
  const full = [...args, "-no-color"];
  log.write(`\n$ (${dir.split("/").pop()}) terraform ${full.join(" ")}\n`);
  const child = spawn(tools.binary, full, { cwd: dir, env: tools.env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  // Each waiter counts its matches in the complete lines it has not seen yet: rescanning the whole
  // output on every chunk was quadratic in a long apply's output.
  const waiters: { pattern: RegExp; times: number; seen: number; scanned: number; resolve: () => void }[] = [];
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    if (!machineReadable(args)) log.write(chunk);
    const complete = output.lastIndexOf("\n") + 1;
    for (const waiter of [...waiters]) {
      waiter.seen += (output.slice(waiter.scanned, complete).match(waiter.pattern) ?? []).length;
      waiter.scanned = complete;
      if (waiter.seen >= waiter.times) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const done = new Promise<Finished>((resolve) => child.on("close", (code, signal) => resolve({ code: code ?? 1, signal, output })));
  return {
    child,
    done,
    printed: (pattern, times = 1) =>
      new Promise<void>((resolve, reject) => {
        waiters.push({ pattern: new RegExp(pattern.source, `${pattern.flags.replace("g", "")}g`), times, seen: 0, scanned: 0, resolve });
        onData(Buffer.alloc(0));
        void done.then(() => reject(new Error(`terraform ${args[0]} ended before printing ${pattern} ${times} times`)));
      }),
  };
}

/**
 * Inventory kinds (scripts/e2e/inventory.ts) that map one to one to a Terraform resource type: a
 * kind with more resources in the emulator than the state holds has a duplicate or an orphan.
 */
const KIND_TYPES: Record<string, string> = {
  "acm certificate": "aws_acm_certificate",
  "apigateway rest-api": "aws_api_gateway_rest_api",
  "apigateway domain-name": "aws_api_gateway_domain_name",
  "cloudfront distribution": "aws_cloudfront_distribution",
  "cloudfront response-headers-policy": "aws_cloudfront_response_headers_policy",
  "cloudwatch alarm": "aws_cloudwatch_metric_alarm",
  "cloudwatch dashboard": "aws_cloudwatch_dashboard",
  "dynamodb table": "aws_dynamodb_table",
  "ec2 vpc": "aws_vpc",
  "ec2 subnet": "aws_subnet",
  "ec2 security-group": "aws_security_group",
  "ec2 internet-gateway": "aws_internet_gateway",
  "ec2 elastic-ip": "aws_eip",
  "ec2 nat-gateway": "aws_nat_gateway",
  "ec2 vpc-endpoint": "aws_vpc_endpoint",
  "ec2 flow-log": "aws_flow_log",
  "ecs cluster": "aws_ecs_cluster",
  "ecs service": "aws_ecs_service",
  "elasticache replication-group": "aws_elasticache_replication_group",
  "elasticache subnet-group": "aws_elasticache_subnet_group",
  "elasticache user": "aws_elasticache_user",
  "elasticache user-group": "aws_elasticache_user_group",
  "elbv2 load-balancer": "aws_lb",
  "elbv2 listener": "aws_lb_listener",
  "elbv2 target-group": "aws_lb_target_group",
  "events rule": "aws_cloudwatch_event_rule",
  "iam role": "aws_iam_role",
  "kms alias": "aws_kms_alias",
  "kms key": "aws_kms_key",
  "lambda function": "aws_lambda_function",
  "logs log-group": "aws_cloudwatch_log_group",
  "rds db-instance": "aws_db_instance",
  "rds db-parameter-group": "aws_db_parameter_group",
  "rds db-subnet-group": "aws_db_subnet_group",
  "s3 bucket": "aws_s3_bucket",
  "secretsmanager secret": "aws_secretsmanager_secret",
  "sfn state-machine": "aws_sfn_state_machine",
  "sns topic": "aws_sns_topic",
  "sqs queue": "aws_sqs_queue",
  "wafv2 web-acl": "aws_wafv2_web_acl",
};

/**
 * Resources AWS makes for the stack that the state does not hold as KIND_TYPES' type: how many of
 * a kind, given the state. RDS creates the database's master-user secret itself
 * (manage_master_user_password); each VPC comes with a default security group, which the stack
 * adopts as aws_default_security_group.
 */
const MADE_BY_AWS: Record<string, (state: StateResource[]) => number> = {
  "secretsmanager secret": (state) => state.filter((r) => r.type === "aws_db_instance" && r.values.manage_master_user_password === true).length,
  "ec2 security-group": (state) => state.filter((r) => r.type === "aws_default_security_group").length,
};

/**
 * Inventory lines of resources AWS makes and deletes itself for one the stack holds: the alarms
 * of a target tracking scaling policy (Application Auto Scaling names them `TargetTracking-...`).
 */
const OWNED_BY_AWS = /^cloudwatch alarm TargetTracking-/;

/**
 * Resources of the emulator (listed through the SDK, less what was there before apply and the
 * state bucket) that the state does not account for: `<kind>: <n> in the emulator, <m> in the state`.
 */
export async function unaccounted(stack: ScenarioStack, state: StateResource[]): Promise<string[]> {
  return unaccountedIn(
    (await inventory(stack.clients)).filter((line) => !stack.before.includes(line) && line !== `s3 bucket ${STATE_BUCKET}`),
    state,
  );
}

/** The kinds of which the inventory `lines` (scripts/e2e/inventory.ts) list more than `state` holds. */
export function unaccountedIn(lines: string[], state: StateResource[]): string[] {
  const listed = lines.filter((line) => !OWNED_BY_AWS.test(line));
  return Object.entries(KIND_TYPES).flatMap(([kind, type]) => {
    const count = listed.filter((line) => line.startsWith(`${kind} `)).length;
    const held = state.filter((r) => r.type === type).length + (MADE_BY_AWS[kind]?.(state) ?? 0);
    return count > held ? [`${kind}: ${count} in the emulator, ${held} in the state`] : [];
  });
}

/** The resource addresses Terraform reports as created in `output`. */
export function created(output: string): string[] {
  return [...output.matchAll(/^(\S+): Creation complete/gm)].map((m) => m[1]);
}
