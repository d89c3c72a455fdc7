#!/usr/bin/env node
"use strict";
// npm run bench [-- [--runs N] [--no-test] [--e2e]]: the five speed figures of issue 15 against
// their goals, as whole-process wall time (median of N runs, default 3) and peak memory under
// /usr/bin/time, with the machine's load average before and after, and the CPU time (user +
// system), which a loaded machine inflates less than the wall time (docs/speed.md):
// 1. many stacks: what each extra stack costs (24 deployments against 1, same run);
// 2. the app command and `npm run synth` (the cdktf CLI) against a naive cdktf app (the same program importing
//    the @cdktf/provider-aws barrel, run by ts-node as cdktf's template does), built in a
//    temporary directory; ts-node comes from the npm registry through npx;
// 3. a bad configuration reported;
// 4. `npm test` (one run; --no-test skips it);
// 5. `npm run e2e` for the shipped configurations: the last run's time (e2e.last-run.json), or a
//    fresh run with --e2e.
const { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } = require("node:fs");
const { spawnSync } = require("node:child_process");
const { loadavg, tmpdir } = require("node:os");
const { join, resolve } = require("node:path");

const root = resolve(__dirname, "..");
const args = process.argv.slice(2);
const runsAt = args.indexOf("--runs");
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;
const appCommand = JSON.parse(readFileSync(join(root, "cdktf.json"), "utf8")).app;
const timeBinary = "/usr/bin/time";
const E2E_RECORD = join(root, "e2e.last-run.json");
const REGIONS = [
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "eu-central-1",
  "eu-north-1",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-northeast-1",
];
const work = mkdtempSync(join(tmpdir(), "trustwrapper-bench-"));

/** One run under /usr/bin/time: wall and CPU (user + system) seconds, peak resident memory (largest process) in MB. */
function measure(command, { cwd = root, env = {}, check = true } = {}) {
  const outdir = mkdtempSync(join(work, "out-"));
  const result = spawnSync(timeBinary, ["-f", "BENCH %e %M %U %S", "sh", "-c", command], {
    cwd,
    env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1", TRUSTWRAPPER_CONFIG: "", ...env },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = result.stderr.split("\n").find((l) => l.startsWith("BENCH "));
  if (!line || (check && result.status !== 0)) throw new Error(`benchmark command failed: ${command}\n${result.stdout}\n${result.stderr}`);
  const [, seconds, kilobytes, user, system] = line.split(" ");
  return { seconds: Number(seconds), megabytes: Number(kilobytes) / 1024, cpu: Number(user) + Number(system), outdir };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median wall time and peak memory of `count` runs after a warm-up run (transpile and file caches). */
function bench(command, options = {}, count = runs) {
  measure(command, options);
  const samples = Array.from({ length: count }, () => measure(command, options));
  return { seconds: median(samples.map((s) => s.seconds)), megabytes: median(samples.map((s) => s.megabytes)), cpu: median(samples.map((s) => s.cpu)) };
}

function report(goal, measured, ok) {
  console.log(`${ok ? "MET    " : "MISSED "} ${goal}\n        measured: ${measured}`);
}

/** A configuration file of `deployments` (each its own domain name, as stacks must not share one). */
function deploymentsFile(name, count) {
  const entries = REGIONS.flatMap((region) => ["staging", "prod"].map((environment) => ({ environment, region })))
    .slice(0, count)
    .map(
      ({ environment, region }) =>
        `  - environment: ${environment}\n    region: ${region}\n    overrides: {domain: {name: ${environment}-${region}.trustwrapper.example.com, hostedZoneName: example.com}}`,
    );
  const file = join(work, `${name}.yaml`);
  writeFileSync(file, `deployments:\n${entries.join("\n")}\n`);
  return file;
}

/** The naive app: this project's program with the provider's barrel import, run by ts-node (type-checking, as cdktf's template). */
function naiveApp() {
  const dir = join(work, "naive");
  for (const entry of ["src", "main.ts", "tsconfig.json", "package.json"]) cpSync(join(root, entry), join(dir, entry), { recursive: true });
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
  const main = readFileSync(join(dir, "main.ts"), "utf8");
  writeFileSync(join(dir, "main.ts"), `import * as aws from "@cdktf/provider-aws";\nvoid aws;\n${main}`);
  const tsconfig = JSON.parse(readFileSync(join(dir, "tsconfig.json"), "utf8"));
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ ...tsconfig, include: ["main.ts", "src/**/*.ts"] }));
  const app = "npx --yes -p ts-node@10.9.2 ts-node main.ts";
  writeFileSync(join(dir, "cdktf.json"), JSON.stringify({ ...JSON.parse(readFileSync(join(root, "cdktf.json"), "utf8")), app }));
  return { dir, app };
}

function sameStacks(a, b) {
  const stack = "stacks/trustwrapper-prod-us-east-1/cdk.tf.json";
  return readFileSync(join(a, stack), "utf8") === readFileSync(join(b, stack), "utf8");
}

function main() {
  if (!existsSync(timeBinary)) {
    console.log(`SKIPPED: ${timeBinary} is not installed (Debian/Ubuntu: apt-get install time)`);
    return;
  }
  const loadBefore = loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
  console.log(`npm run bench: median of ${runs} runs each; load average ${loadBefore}; ${new Date().toISOString()}\n`);

  // 1. Many stacks.
  const one = bench(appCommand, { env: { TRUSTWRAPPER_CONFIG: deploymentsFile("one", 1) } });
  const many = bench(appCommand, { env: { TRUSTWRAPPER_CONFIG: deploymentsFile("many", 24) } });
  const perStack = (many.seconds - one.seconds) / 23;
  const perStackMb = (many.megabytes - one.megabytes) / 23;
  const perStackCpu = (many.cpu - one.cpu) / 23;
  report(
    "1. each extra stack <= 0.10 s and <= 5 MB peak memory (24 deployments against 1)",
    `${perStack.toFixed(3)} s (CPU ${perStackCpu.toFixed(3)} s) and ${perStackMb.toFixed(1)} MB per extra stack (1 stack ${one.seconds.toFixed(2)} s ${one.megabytes.toFixed(0)} MB; 24 stacks ${many.seconds.toFixed(2)} s ${many.megabytes.toFixed(0)} MB)`,
    perStack <= 0.1 && perStackMb <= 5,
  );

  // 2. The default stack against a naive app.
  const app = bench(appCommand);
  const cli = bench("npm run --silent synth");
  const naive = naiveApp();
  const naiveApp1 = bench(naive.app, { cwd: naive.dir });
  const naiveCli = bench("npm run --silent synth", { cwd: naive.dir });
  const appOut = measure(appCommand).outdir;
  const cliOut = measure(`npm run --silent synth -- --output "$CDKTF_OUTDIR"`).outdir;
  report(
    "2. the app command <= 0.10x a naive cdktf app (barrel import, ts-node); npm run synth <= 0.25x the naive app's",
    `app ${app.seconds.toFixed(2)} s / naive ${naiveApp1.seconds.toFixed(2)} s = ${(app.seconds / naiveApp1.seconds).toFixed(3)}x; ` +
      `cdktf synth ${cli.seconds.toFixed(2)} s / naive ${naiveCli.seconds.toFixed(2)} s = ${(cli.seconds / naiveCli.seconds).toFixed(3)}x; ` +
      `the CLI itself ${(cli.seconds - app.seconds).toFixed(2)} s; the app command alone writes the same stack: ${sameStacks(appOut, cliOut) ? "yes" : "NO"}`,
    app.seconds <= 0.1 * naiveApp1.seconds && cli.seconds <= 0.25 * naiveCli.seconds,
  );

  // 3. A bad configuration.
  const badFile = join(work, "bad.yaml");
  writeFileSync(badFile, "architecture: kubernetes\n");
  const bad = bench(appCommand, { env: { TRUSTWRAPPER_CONFIG: badFile }, check: false });
  report("3. a bad configuration reported in < 1 s", `${bad.seconds.toFixed(2)} s (CPU ${bad.cpu.toFixed(2)} s), ${bad.megabytes.toFixed(0)} MB`, bad.seconds < 1);

  // 4. npm test, once.
  if (args.includes("--no-test")) console.log("SKIPPED 4. npm test (--no-test)");
  else {
    const test = measure("node scripts/test.js > /dev/null 2>&1");
    report("4. npm test (type-check and jest) < 60 s", `${test.seconds.toFixed(1)} s wall (CPU ${test.cpu.toFixed(1)} s), one run`, test.seconds < 60);
  }

  // 5. npm run e2e.
  if (args.includes("--e2e")) measure("npm run --silent e2e > /dev/null 2>&1", { check: false });
  if (existsSync(E2E_RECORD)) {
    const last = JSON.parse(readFileSync(E2E_RECORD, "utf8"));
    report(
      "5. npm run e2e for the shipped configurations < 300 s",
      `${last.seconds} s, ${last.passed} passed, ${last.failed} failed, ${last.stacks} stacks ${last.concurrency} at a time (run of ${last.date})`,
      last.seconds < 300 && last.failed === 0,
    );
  } else console.log("SKIPPED 5. npm run e2e: no recorded run (e2e.last-run.json); run npm run e2e or npm run bench -- --e2e");

  console.log(
    `\nload average after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
}

try {
  main();
} finally {
  rmSync(work, { recursive: true, force: true });
}
