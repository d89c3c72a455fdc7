// npm run e2e:faults [-- --keep] [scenario ...]
// The fault scenarios of docs/faults.md, each against its own emulator, all at once: an apply
// interrupted with SIGINT and with SIGKILL, two applies at once on the S3 backend with
// use_lockfile, drift repaired, and a prod teardown that follows docs/teardown.md, each on the
// shipped stacks SCENARIOS names (docs/faults.md says why not on the other architectures). Prints
// one table row per scenario and stack (what was done, what Terraform did, what survived, seconds)
// and exits 1 when any failed.
// Logs: e2e-faults.out/<scenario>[-<config>]/{terraform,emulator}.log (removed after a green run unless --keep).
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadDeployments, stackName } from "../src/config/deployments";
import { configurationName } from "../src/config/sources";
import { ensureVenv } from "./e2e/emulator";
import { drift } from "./e2e/faults/drift";
import { ScenarioStack, scenarioStack, Toolchain } from "./e2e/faults/harness";
import { interruptedApply } from "./e2e/faults/interrupted";
import { concurrentApplies } from "./e2e/faults/lock";
import { FaultRow, faultTable, timed } from "./e2e/faults/row";
import { teardown } from "./e2e/faults/teardown";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { terraformBinary, terraformEnv } = require("./terraform-env.js") as {
  terraformBinary(): string | undefined;
  terraformEnv(): { env: NodeJS.ProcessEnv; source: string };
};

const ROOT = resolve(__dirname, "..");
const OUT = join(ROOT, "e2e-faults.out");

interface Scenario {
  name: string;
  /** The shipped configurations it runs on: each architecture where the fault applies (docs/faults.md says why not the others). */
  configs: string[];
  backend: "local" | "s3";
  body(stack: ScenarioStack, region: string, tools: Toolchain, row: FaultRow): Promise<void>;
}

const SCENARIOS: Scenario[] = [
  { name: "interrupted-sigint", configs: ["examples/serverless.yaml"], backend: "s3", body: (s, _r, _t, row) => interruptedApply(s, "SIGINT", row) },
  { name: "interrupted-sigkill", configs: ["examples/serverless.yaml"], backend: "s3", body: (s, _r, _t, row) => interruptedApply(s, "SIGKILL", row) },
  { name: "two-pipelines", configs: ["examples/serverless.yaml"], backend: "s3", body: (s, _r, _t, row) => concurrentApplies(s, row) },
  { name: "drift", configs: ["examples/lean.yaml", "examples/hybrid.yaml"], backend: "local", body: (s, _r, _t, row) => drift(s, row) },
  {
    name: "teardown",
    configs: ["default", "examples/hybrid.yaml", "examples/serverless.yaml"],
    backend: "local",
    body: (s, region, tools, row) => teardown(s, region, tools, row),
  },
];

/** Synthesizes a configuration with the cdktf CLI and returns its (first) stack's directory and region. */
function synthesize(config: string): { dir: string; region: string } {
  const file = config === "default" ? "" : resolve(ROOT, config);
  const loaded = loadDeployments(file || undefined);
  if (!loaded.ok) throw new Error(`${config}: ${loaded.errors.join("; ")}`);
  const outdir = join(OUT, "synth", configurationName(config));
  const synth = spawnSync("npm", ["run", "--silent", "synth", "--", "--output", outdir], {
    cwd: ROOT,
    env: { ...process.env, TRUSTWRAPPER_CONFIG: file, CHECKPOINT_DISABLE: "1" },
    encoding: "utf8",
  });
  if (synth.status !== 0) throw new Error(`cdktf synth of ${config} failed:\n${synth.stdout}\n${synth.stderr}`);
  return { dir: join(outdir, "stacks", stackName(loaded.configs[0])), region: loaded.configs[0].region };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const keep = args.includes("--keep");
  const wanted = args.filter((a) => !a.startsWith("--"));
  const unknown = wanted.filter((w) => !SCENARIOS.some((s) => s.name === w));
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(", ")}; usage: npm run e2e:faults -- [--keep] [${SCENARIOS.map((s) => s.name).join(" | ")} ...]`);
  const binary = terraformBinary();
  if (binary === undefined) {
    console.log("SKIPPED npm run e2e:faults: no terraform binary on PATH");
    process.exit(process.env.TRUSTWRAPPER_REQUIRE_TERRAFORM === "1" ? 1 : 0);
  }
  const started = Date.now();
  const tools: Toolchain = { binary, env: { ...terraformEnv().env, AWS_EC2_METADATA_DISABLED: "true" } };
  ensureVenv((line) => console.log(line));
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(join(OUT, "synth"), { recursive: true });
  const chosen = SCENARIOS.filter((s) => wanted.length === 0 || wanted.includes(s.name)).flatMap((scenario) => scenario.configs.map((config) => ({ scenario, config })));
  const synthesized = new Map([...new Set(chosen.map((run) => run.config))].map((config) => [config, synthesize(config)]));
  console.log(`running ${chosen.map(({ scenario, config }) => `${scenario.name} (${config})`).join(", ")} at once`);
  // Emulators start one after the other: started together on a busy 2-core machine, they miss their start-up deadline.
  let setUp: Promise<unknown> = Promise.resolve();
  const rows = await Promise.all(
    chosen.map(({ scenario, config }) => {
      const { dir, region } = synthesized.get(config)!;
      const workdir = join(OUT, scenario.configs.length > 1 ? `${scenario.name}-${configurationName(config)}` : scenario.name);
      return timed({ scenario: `${scenario.name} (${config})`, logs: workdir }, async (row) => {
        const ready = setUp.then(() => scenarioStack(dir, workdir, region, scenario.backend, tools));
        setUp = ready.catch(() => undefined);
        const stack = await ready;
        try {
          await scenario.body(stack, region, tools, row);
        } finally {
          await stack.stop();
        }
      }).then((row) => {
        console.log(`${row.problems.length === 0 ? "ok  " : "FAIL"} ${row.scenario} (${row.seconds} s)`);
        return row;
      });
    }),
  );
  console.log(`\n${faultTable(rows)}\n`);
  for (const row of rows.filter((r) => r.problems.length > 0)) console.log(`${row.scenario}:\n  ${row.problems.join("\n  ")}\n  logs: ${row.logs}/`);
  const failed = rows.filter((r) => r.problems.length > 0).length;
  console.log(`${rows.length - failed} passed, ${failed} failed (${Math.round((Date.now() - started) / 1000)} s)`);
  if (failed > 0) process.exit(1);
  if (!keep) rmSync(OUT, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
