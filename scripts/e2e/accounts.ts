// npm run e2e:platform: proves on the local AWS emulator that a stack pinned to an account
// (`account.id`) refuses any other before it touches anything, and that with `account.roleArn`
// it assumes the role and works in that account. Fast: two plans/applies that stop at, or just
// after, the providers' configuration; nothing is deployed.
// - pinned to 111111111111 with the emulator's own credentials (account 123456789012):
//   `terraform apply` must fail with the provider's "not allowed" error, and the emulator must
//   hold exactly what it held before;
// - pinned to 111111111111 through a role in it (moto answers sts:AssumeRole with credentials of
//   the role's account): `terraform plan` must succeed.
// Logs: e2e.out/accounts/<case>/{terraform,emulator}.log (removed after a green run).
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { App } from "cdktf";
import { parseDeployments, stackName } from "../../src/config/deployments";
import { TrustWrapperConfigInput } from "../../src/config/schema";
import { buildStacks } from "../../src/stacks/build";
import { emulatorClients } from "./clients";
import { installEmulator, startEmulator } from "./emulator";
import { inventory } from "./inventory";
import { emulatorOverride, OVERRIDE_FILE } from "./profile";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { terraformBinary, terraformEnv } = require("../terraform-env.js") as {
  terraformBinary(): string | undefined;
  terraformEnv(): { env: NodeJS.ProcessEnv; source: string };
};

const ROOT = resolve(__dirname, "..", "..");
const OUT = join(ROOT, "e2e.out", "accounts");
/** The account moto answers for with its default credentials. */
const EMULATOR_ACCOUNT = "123456789012";
const PINNED = "111111111111";
/** The default configuration, with a hosted zone ID: nothing to look up in the emulator at plan time. */
const BASE: TrustWrapperConfigInput = { domain: { name: "api.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" } };

interface Case {
  name: string;
  account: NonNullable<TrustWrapperConfigInput["account"]>;
  /** The terraform command run, and whether it must succeed. */
  command: "apply" | "plan";
  succeeds: boolean;
  /** What its output must contain. */
  expect: RegExp;
}

const CASES: Case[] = [
  {
    name: "other-account",
    account: { id: PINNED },
    command: "apply",
    succeeds: false,
    expect: new RegExp(`AWS account ID not allowed: ${EMULATOR_ACCOUNT}`),
  },
  {
    name: "assumed-role",
    account: { id: PINNED, roleArn: `arn:aws:iam::${PINNED}:role/deployer`, externalId: "e2e-pipeline", sessionName: "e2e" },
    command: "plan",
    succeeds: true,
    expect: /Plan: \d+ to add, 0 to change, 0 to destroy/,
  },
];

/** Synthesizes the default configuration pinned to `account`; returns the stack's directory. */
function synthesize(outdir: string, account: Case["account"]): string {
  const parsed = parseDeployments({ ...BASE, account });
  if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
  const app = new App({ outdir });
  buildStacks(app, parsed.configs);
  app.synth();
  return join(outdir, "stacks", stackName(parsed.configs[0]));
}

/** Runs one case; returns its problems and the line of terraform's output that `expect` matched. */
async function runCase(test: Case, binary: string, env: NodeJS.ProcessEnv): Promise<{ problems: string[]; printed?: string }> {
  const dir = synthesize(join(OUT, test.name), test.account);
  const emulator = await startEmulator(join(dir, "emulator.log"));
  const problems: string[] = [];
  let printed: string | undefined;
  try {
    const document = JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8"));
    writeFileSync(join(dir, OVERRIDE_FILE), `${JSON.stringify(emulatorOverride(document, emulator.url), null, 2)}\n`);
    const clients = emulatorClients(emulator.url, "us-east-1");
    const before = await inventory(clients);
    const tf = (...args: string[]) => {
      const result = spawnSync(binary, [...args, "-no-color", "-input=false"], { cwd: dir, env, encoding: "utf8", timeout: 300_000 });
      writeFileSync(join(dir, "terraform.log"), `$ terraform ${args.join(" ")}\n${result.stdout}${result.stderr}\n`, { flag: "a" });
      return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
    };
    if (!tf("init").ok) throw new Error("terraform init failed");
    const run = test.command === "apply" ? tf("apply", "-auto-approve") : tf("plan");
    if (run.ok !== test.succeeds) problems.push(`terraform ${test.command} ${run.ok ? "succeeded" : "failed"}, expected it to ${test.succeeds ? "succeed" : "fail"}`);
    printed = test.expect.exec(run.output)?.[0];
    if (printed === undefined) problems.push(`terraform ${test.command} did not print ${test.expect}`);
    const after = await inventory(clients);
    const created = after.filter((line) => !before.includes(line));
    if (created.length > 0) problems.push(`the emulator holds what it did not before: ${created.join(", ")}`);
  } finally {
    await emulator.stop();
  }
  return { problems: problems.map((p) => `${test.name}: ${p} (logs: ${dir})`), printed };
}

async function main(): Promise<void> {
  const binary = terraformBinary();
  if (binary === undefined) {
    console.log("SKIPPED npm run e2e:platform: no terraform binary on PATH");
    process.exit(process.env.TRUSTWRAPPER_REQUIRE_TERRAFORM === "1" ? 1 : 0);
  }
  const started = Date.now();
  installEmulator((line) => console.log(line));
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const env = { ...terraformEnv().env, AWS_EC2_METADATA_DISABLED: "true" };
  let failed = 0;
  for (const test of CASES) {
    const { problems, printed } = await runCase(test, binary, env);
    const via = test.account.roleArn ? ` through ${test.account.roleArn}` : "";
    console.log(
      `${problems.length === 0 ? "ok  " : "FAIL"} ${test.name}: account ${test.account.id}${via}, terraform ${test.command} ${test.succeeds ? "succeeds" : "is refused"} (${printed ?? `expected ${test.expect.source}`})`,
    );
    for (const line of problems) console.log(`  ${line}`);
    if (problems.length > 0) failed++;
  }
  console.log(`${CASES.length - failed} passed, ${failed} failed (${Math.round((Date.now() - started) / 1000)} s)`);
  if (failed > 0) process.exit(1);
  rmSync(OUT, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
