// npm run e2e:faults [-- --keep] [scenario ...] [configuration ...]
// The fault scenarios of docs/faults.md: an apply interrupted with SIGINT and with SIGKILL, two
// applies at once on the S3 backend with use_lockfile, and drift repaired (the prod teardown that
// follows docs/teardown.md is npm run e2e's destroy of every prod stack). RUNS puts them on the
// shipped stacks: each run is one configuration on its own emulator and backend, all runs at
// once, and a run's scenarios one after the other on the same stack (drift after an interrupted
// apply finds the converged stack: its own apply has nothing to do). Prints one table row per
// scenario and stack (what was done, what Terraform did, what survived, seconds) and exits 1 when
// any failed. Naming scenarios runs only those, each in the runs that hold it (every scenario
// applies the stack itself first); naming configurations (examples/lean.yaml) runs only theirs.
// Logs: e2e-faults.out/<scenario>[+<scenario>]-<config>/{terraform,emulator}.log (removed after a green run unless --keep).
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadDeployments, stackName } from "../src/config/deployments";
import { configurationName } from "../src/config/sources";
import { installEmulator } from "./e2e/emulator";
import { drift } from "./e2e/faults/drift";
import { ScenarioStack, scenarioStack, Toolchain } from "./e2e/faults/harness";
import { interruptedApply } from "./e2e/faults/interrupted";
import { concurrentApplies } from "./e2e/faults/lock";
import { FaultRow, faultTable, timed } from "./e2e/faults/row";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { terraformBinary, terraformEnv } = require("./terraform-env.js") as {
  terraformBinary(): string | undefined;
  terraformEnv(): { env: NodeJS.ProcessEnv; source: string };
};

const ROOT = resolve(__dirname, "..");
const OUT = join(ROOT, "e2e-faults.out");

/** One fault: its body applies the stack (a no-op when an earlier scenario of its run did) and fills its row. */
type Body = (stack: ScenarioStack, row: FaultRow) => Promise<void>;

const SCENARIOS: Record<string, Body> = {
  "interrupted-sigint": (s, row) => interruptedApply(s, "SIGINT", row),
  "interrupted-sigkill": (s, row) => interruptedApply(s, "SIGKILL", row),
  "two-pipelines": concurrentApplies,
  drift,
};

/**
 * One emulator stack: a shipped configuration, its backend, and the scenarios (SCENARIOS' names)
 * run on it in order. Together the runs put each scenario on every architecture where it applies
 * (docs/faults.md says why not the others), all at once.
 */
interface Run {
  config: string;
  backend: "local" | "s3";
  scenarios: string[];
}

const RUNS: Run[] = [
  // The longest first (lean's SIGKILL recovery imports in rounds): emulators start one after the other.
  { config: "examples/lean.yaml", backend: "s3", scenarios: ["interrupted-sigkill"] },
  { config: "examples/hybrid.yaml", backend: "s3", scenarios: ["interrupted-sigkill", "drift"] },
  { config: "examples/lean.yaml", backend: "s3", scenarios: ["interrupted-sigint", "drift"] },
  { config: "examples/hybrid.yaml", backend: "s3", scenarios: ["interrupted-sigint"] },
  { config: "examples/serverless.yaml", backend: "s3", scenarios: ["interrupted-sigint"] },
  { config: "examples/serverless.yaml", backend: "s3", scenarios: ["interrupted-sigkill"] },
  { config: "examples/serverless.yaml", backend: "s3", scenarios: ["two-pipelines"] },
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
  const named = args.filter((a) => !a.startsWith("--"));
  const configs = [...new Set(RUNS.map((run) => run.config))];
  const unknown = named.filter((w) => SCENARIOS[w] === undefined && !configs.includes(w));
  if (unknown.length > 0)
    throw new Error(
      `unknown scenario or configuration ${unknown.join(", ")}; usage: npm run e2e:faults -- [--keep] [${Object.keys(SCENARIOS).join(" | ")} ...] [${configs.join(" | ")} ...]`,
    );
  const wanted = named.filter((w) => SCENARIOS[w] !== undefined);
  const wantedConfigs = named.filter((w) => configs.includes(w));
  const binary = terraformBinary();
  if (binary === undefined) {
    console.log("SKIPPED npm run e2e:faults: no terraform binary on PATH");
    process.exit(process.env.TRUSTWRAPPER_REQUIRE_TERRAFORM === "1" ? 1 : 0);
  }
  const started = Date.now();
  const tools: Toolchain = { binary, env: { ...terraformEnv().env, AWS_EC2_METADATA_DISABLED: "true" } };
  installEmulator((line) => console.log(line));
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(join(OUT, "synth"), { recursive: true });
  const chosen = RUNS.filter((run) => wantedConfigs.length === 0 || wantedConfigs.includes(run.config))
    .map((run) => ({ ...run, scenarios: run.scenarios.filter((s) => wanted.length === 0 || wanted.includes(s)) }))
    .filter((run) => run.scenarios.length > 0);
  const synthesized = new Map([...new Set(chosen.map((run) => run.config))].map((config) => [config, synthesize(config)]));
  console.log(`running ${chosen.map((run) => `${run.scenarios.join(" then ")} (${run.config})`).join(", ")} at once`);
  // Emulators start one after the other: started together on a busy 2-core machine, they miss their start-up deadline.
  let setUp: Promise<unknown> = Promise.resolve();
  const runs = chosen.map(async (run): Promise<FaultRow[]> => {
    const { dir, region } = synthesized.get(run.config)!;
    const workdir = join(OUT, `${run.scenarios.join("+")}-${configurationName(run.config)}`);
    const ready = setUp.then(() => scenarioStack(dir, workdir, region, run.backend, tools));
    setUp = ready.catch(() => undefined);
    const rows: FaultRow[] = [];
    for (const [i, name] of run.scenarios.entries()) {
      const scenario = `${name} (${run.config}${i > 0 ? `, after ${run.scenarios[i - 1]}` : ""})`;
      // The first row's seconds include the emulator's start, as they did when each scenario had its own.
      const row = await timed({ scenario, logs: workdir }, async (r) => SCENARIOS[name](await ready, r));
      console.log(`${row.problems.length === 0 ? "ok  " : "FAIL"} ${row.scenario} (${row.seconds} s)`);
      rows.push(row);
    }
    await ready.then(
      (stack) => stack.stop().catch((error) => rows[rows.length - 1].problems.push(`stopping the emulator: ${error instanceof Error ? error.message : error}`)),
      () => undefined,
    );
    return rows;
  });
  const rows = (await Promise.all(runs)).flat();
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
