// npm run cdktn:check [-- --baseline DIR] [--keep]
// Proves the move to CDK Terrain (docs/cdk-terrain.md) on a temporary copy of the tracked files:
// package.json swapped to cdktn (scripts/cdktn/swap.ts; the lock is regenerated in the copy, never
// committed) and installed from the npm registry. Then, per Node (this machine's, and 22 and 24
// from the npm registry): the default configuration and every example are synthesized and
// compared with the cdktf synth (DIR/<name>, as .ci/run writes ci.out; synthesized here without
// --baseline): nothing but the version stamp may differ; and the unit tests run (`npm test` of
// the copy on Node 22, its jest tests on the others), with the app command and script tests of
// `npm run test:integration`. Node 22
// synthesizes with the cdktn CLI and tests the rename path (`cdktn synth`), this machine's Node
// the alias path (`cdktf synth`); `terraform validate` runs on the cdktn CLI's output. Downloads
// are cached in .cache/. Exits 1 on any failure, keeping the copy and its logs.
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { configurationSources, PROJECT_ROOT } from "../src/config/sources";
import { synthDifferences } from "./cdktn/compare";
import { nodeBinDir } from "./cdktn/node-binary";
import { CDKTN_VERSION, cdktnPackageJson, NODE_VERSIONS, type PackageJson } from "./cdktn/swap";

const args = process.argv.slice(2);
const baselineFlag = args.indexOf("--baseline");
const keep = args.includes("--keep");
const cache = join(PROJECT_ROOT, ".cache");
const work = mkdtempSync(join(tmpdir(), "trustwrapper-cdktn-"));
const tree = join(work, "tree");
const logs = join(work, "logs");
const started = Date.now();
const failures: string[] = [];
/** The tests of `npm run test:integration` that run the app command and the scripts (not real Terraform). */
const APP_AND_SCRIPT_TESTS = ["__tests__/integration/app-command.test.ts", "__tests__/integration/scripts.test.ts"];
const seconds = (since: number) => `${Math.round((Date.now() - since) / 1000)} s`;

interface Run {
  /** Log file name and the label printed for the command. */
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  /** A Node `bin` directory put first on PATH; this machine's Node when absent. */
  readonly node?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** Runs a command with its output in logs/<label>.log; prints one line, and the log's tail when it fails. */
function run(spec: Run): Promise<boolean> {
  const since = Date.now();
  const log = join(logs, `${spec.label.replace(/[^\w.-]+/g, "_")}.log`);
  const path = spec.node ? `${spec.node}${delimiter}${process.env.PATH}` : process.env.PATH;
  const env = { ...process.env, CHECKPOINT_DISABLE: "1", ...spec.env, PATH: path };
  return new Promise((done) => {
    const child = spawn(spec.command, spec.args, { cwd: spec.cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("close", (code) => {
      writeFileSync(log, output);
      if (code === 0) {
        console.log(`ok   ${spec.label} (${seconds(since)})`);
      } else {
        failures.push(spec.label);
        console.log(`FAIL ${spec.label} (${seconds(since)}, exit ${code}), log ${log}:\n${output.trim().split("\n").slice(-25).join("\n")}`);
      }
      done(code === 0);
    });
  });
}

function step(title: string): void {
  console.log(`== ${title} [${seconds(started)}]`);
}

/** Synthesizes every shipped configuration into outdir/<name>, all at once. */
async function synthesizeAll(label: string, outdir: string, synth: Omit<Run, "label" | "env"> & { via: "flag" | "env" }): Promise<void> {
  mkdirSync(outdir, { recursive: true });
  await Promise.all(
    configurationSources().map(({ name, file }) => {
      const target = join(outdir, name);
      return run({
        ...synth,
        label: `${label} ${name}`,
        args: synth.via === "flag" ? [...synth.args, "--output", target] : synth.args,
        env: { TRUSTWRAPPER_CONFIG: file ?? "", ...(synth.via === "env" ? { CDKTF_OUTDIR: target } : {}) },
      });
    }),
  );
}

/** The copy's package.json with the synth script running this CLI (both CLIs are installed). */
function useCli(pkg: PackageJson, cli: "cdktf" | "cdktn"): void {
  const both = cdktnPackageJson(pkg, "both");
  writeFileSync(join(tree, "package.json"), `${JSON.stringify({ ...both, scripts: cdktnPackageJson(pkg, cli).scripts }, null, 2)}\n`);
}

async function main(): Promise<void> {
  mkdirSync(logs, { recursive: true });
  console.log(`cdktn ${CDKTN_VERSION} check in ${work}`);

  step("Node from the npm registry (cached in .cache/node)");
  const [node22, node24] = NODE_VERSIONS.map((version) => ({ version, bin: nodeBinDir(version, join(cache, "node")) }));
  const appCommand: string = JSON.parse(readFileSync(join(PROJECT_ROOT, "cdktf.json"), "utf8")).app;
  const npmSynth = { command: "npm", args: ["run", "--silent", "synth", "--"], via: "flag" } as const;
  const app = { command: "sh", args: ["-c", appCommand], via: "env" } as const;
  // The cdktn CLI is the slow part (about 3 times the app command): it runs on Node 22 only, as
  // the rename path needs; the cdktf CLI's HCL synth with cdktn runs in the alias path's tests.
  const variants = [
    { name: `node-${node22.version}-cdktn-cli`, node: node22.bin, cli: "cdktn", synth: npmSynth },
    { name: `node-${node24.version}-app`, node: node24.bin, cli: "cdktn", synth: app },
    { name: `node-${process.versions.node}-app`, node: undefined, cli: "cdktf", synth: app },
  ] as const;

  step("copy of the tree with the cdktn swap, npm install");
  for (const file of await gitFiles()) {
    mkdirSync(dirname(join(tree, file)), { recursive: true });
    if (existsSync(join(PROJECT_ROOT, file))) cpSync(join(PROJECT_ROOT, file), join(tree, file));
  }
  const pkg: PackageJson = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8"));
  useCli(pkg, "cdktn");
  // From the project's lock, which npm updates in the copy: everything else stays at the versions CI tests.
  const installed = await run({
    label: "npm install (cdktn)",
    command: "npm",
    args: ["install", "--no-audit", "--no-fund", "--prefer-offline", "--cache", join(cache, "npm")],
    cwd: tree,
    node: node22.bin,
  });
  if (!installed) return;

  const baseline = baselineFlag >= 0 ? resolve(args[baselineFlag + 1]) : join(work, "out", "cdktf");
  if (baselineFlag < 0) {
    step("synthesize with cdktf (the baseline)");
    await synthesizeAll("cdktf", baseline, { ...npmSynth, cwd: PROJECT_ROOT });
  }
  for (const variant of variants) {
    step(`${variant.name}: synthesize the default configuration and every example, compare, npm test`);
    useCli(pkg, variant.cli);
    const outdir = join(work, "out", variant.name);
    await synthesizeAll(variant.name, outdir, { ...variant.synth, cwd: tree, node: variant.node });
    compare(variant.name, baseline, outdir);
    // npm test (Biome, tsc and jest) once; jest alone on the other Nodes: the lint and type-check of
    // the same files against the same packages give the same answer on every Node (tsc: 26 CPU s).
    if (variant === variants[0]) await run({ label: `npm test ${variant.name}`, command: "npm", args: ["test"], cwd: tree, node: variant.node });
    else await run({ label: `jest ${variant.name}`, command: "npx", args: ["jest"], cwd: tree, node: variant.node });
    // The tests of the app command and the scripts, out of npm test for its speed, run on every Node too.
    await run({
      label: `app command and script tests ${variant.name}`,
      command: "npm",
      args: ["run", "test:integration", "--", ...APP_AND_SCRIPT_TESTS],
      cwd: tree,
      node: variant.node,
    });
  }

  step("terraform validate (the cdktn CLI's output)");
  const cliOut = join(work, "out", variants[0].name);
  await run({
    label: "terraform validate",
    command: process.execPath,
    args: [join(PROJECT_ROOT, "scripts", "validate.js"), ...configurationSources().map(({ name }) => join(cliOut, name))],
    cwd: PROJECT_ROOT,
    env: { TRUSTWRAPPER_REQUIRE_TERRAFORM: "1" },
  });
}

/** Compares every configuration's output with the baseline; the output must carry cdktn's version stamp. */
function compare(variant: string, baseline: string, outdir: string): void {
  for (const { name } of configurationSources()) {
    const output = join(outdir, name);
    if (!existsSync(join(output, "manifest.json"))) continue; // its synth failed, reported above
    const stamp = JSON.parse(readFileSync(join(output, "manifest.json"), "utf8")).version;
    const differences = [...(stamp === CDKTN_VERSION ? [] : [`manifest.json: version ${stamp}, not cdktn ${CDKTN_VERSION}`]), ...synthDifferences(join(baseline, name), output)];
    if (differences.length > 0) failures.push(`compare ${variant} ${name}`);
    console.log(
      `${differences.length === 0 ? "ok  " : "FAIL"} ${variant} ${name}: ${differences.length === 0 ? "same as the cdktf synth but the version stamp" : differences.slice(0, 10).join("\n  ")}`,
    );
  }
}

/** The tracked files, as a clean checkout has them (deleted-but-tracked files are skipped by the caller). */
async function gitFiles(): Promise<string[]> {
  return new Promise((done, fail) => {
    const child = spawn("git", ["ls-files", "-z"], { cwd: PROJECT_ROOT, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.on("close", (code) => (code === 0 ? done(out.split("\0").filter(Boolean)) : fail(new Error(`git ls-files: exit ${code}`))));
  });
}

main().then(
  () => {
    const ok = failures.length === 0;
    console.log(`${ok ? "cdktn check passed" : `cdktn check FAILED: ${failures.join(", ")}`} in ${seconds(started)}${ok && !keep ? "" : `; copy and logs kept in ${work}`}`);
    if (ok && !keep) rmSync(work, { recursive: true, force: true });
    process.exitCode = ok ? 0 : 1;
  },
  (error: unknown) => {
    console.error(error);
    console.error(`copy and logs kept in ${work}`);
    process.exitCode = 1;
  },
);
