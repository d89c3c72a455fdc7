// npm run scan [-- <cdktf-outdir> ...]: runs checkov (pinned in security/requirements-scan.txt, in
// the virtual environment .venv-scan/ that this script creates) with --framework terraform_json on
// the cdk.tf.json of every stack, applies security/checkov-allowlist.yaml and prints passed,
// failed and skipped checks per stack. Without arguments it first synthesizes the default
// configuration and every example with the cdktf CLI into scan.out/ (as .ci/run does); with
// arguments it scans those output directories, each named after its configuration.
// Exit 0: no failed check and no stale allowlist entry; 1: findings; 2: the scan could not run.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { spawnSync, SpawnSyncOptionsWithStringEncoding } from "node:child_process";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { configurationSources, PROJECT_ROOT } from "../src/config/sources";
import { CheckovReport, evaluate, formatTable, readAllowlist, ScannedStack } from "../src/scan/checkov";
import { ensureVenv } from "./tools/setup";

const REQUIREMENTS = join(PROJECT_ROOT, "security", "requirements-scan.txt");
const ALLOWLIST = join(PROJECT_ROOT, "security", "checkov-allowlist.yaml");
const VENV = join(PROJECT_ROOT, ".venv-scan");
const SCAN_OUT = join(PROJECT_ROOT, "scan.out");

function fail(message: string, code = 2): never {
  console.error(`scan: ${message}`);
  process.exit(code);
}

function run(command: string, args: string[], options: Partial<SpawnSyncOptionsWithStringEncoding> = {}) {
  return spawnSync(command, args, { maxBuffer: 512 * 1024 * 1024, ...options, encoding: "utf8" });
}

/** The cdktf output directories to scan: the arguments, or a fresh synth of every shipped configuration. */
function outputDirectories(): string[] {
  const args = process.argv.slice(2);
  if (args.length > 0) return args.map((a) => resolve(a));
  rmSync(SCAN_OUT, { recursive: true, force: true });
  mkdirSync(SCAN_OUT, { recursive: true }); // cdktf creates the output directory but not its parent
  return configurationSources().map(({ name, file }) => {
    const outdir = join(SCAN_OUT, name);
    const synth = run("npm", ["run", "--silent", "synth", "--", "--output", outdir], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, CHECKPOINT_DISABLE: "1", TRUSTWRAPPER_CONFIG: file ?? "" },
    });
    if (synth.status !== 0) fail(`cdktf synth of ${file ?? "the default configuration"} failed:\n${synth.stderr}${synth.stdout}`);
    console.log(`synthesized ${file ?? "the default configuration"}`);
    return outdir;
  });
}

/** checkov, in .venv-scan/ with exactly the pinned requirements (reinstalled when they change). */
function checkov(): string {
  try {
    return join(dirname(ensureVenv((line) => console.log(line), VENV, REQUIREMENTS)), "checkov");
  } catch (error) {
    fail(`could not install the pinned scanner (it needs access to PyPI): ${error instanceof Error ? error.message : error}`);
  }
}

/**
 * The stacks to scan, copied into a scan directory. checkov 3.3.30's terraform_json parser
 * crashes on the `terraform` block's plain attributes such as `required_version`
 * (bridgecrewio/checkov#7454) and then reports nothing and exits 0, so the copies leave out
 * only those attributes; no checkov check reads them.
 */
function prepareStacks(outdirs: readonly string[], scanDir: string): ScannedStack[] {
  return outdirs.flatMap((outdir) => {
    const stacksDir = join(outdir, "stacks");
    if (!existsSync(stacksDir)) fail(`${outdir}: no synthesized stacks (run npm run synth -- --output ${outdir} first)`);
    const configuration = basename(outdir);
    return readdirSync(stacksDir).map((stack) => {
      const json = JSON.parse(readFileSync(join(stacksDir, stack, "cdk.tf.json"), "utf8"));
      const terraformBlocks = Object.fromEntries(Object.entries(json.terraform ?? {}).filter(([, v]) => typeof v === "object"));
      const copyDir = join(scanDir, configuration, stack);
      mkdirSync(copyDir, { recursive: true });
      writeFileSync(join(copyDir, "cdk.tf.json"), JSON.stringify({ ...json, terraform: terraformBlocks }, null, 2));
      return { configuration, stack, checkovPath: `/${configuration}/${stack}/cdk.tf.json`, blocks: json };
    });
  });
}

const outdirs = outputDirectories();
const allowlist = readAllowlist(ALLOWLIST);
const checkovBin = checkov();
const scanDir = mkdtempSync(join(tmpdir(), "trustwrapper-scan-"));
try {
  const stacks = prepareStacks(outdirs, scanDir);
  // --skip-download: no call to the Prisma Cloud API (no network needed, nothing sent).
  const result = run(checkovBin, ["-d", scanDir, "--framework", "terraform_json", "-o", "json", "--compact", "--skip-download"], {
    env: { ...process.env, BC_SKIP_MAPPING: "TRUE" },
  });
  if (result.status !== 0 && result.status !== 1) fail(`checkov exited ${result.status}:\n${result.stderr}`);
  let parsed: CheckovReport | CheckovReport[];
  try {
    parsed = JSON.parse(result.stdout);
  } catch {
    fail(`checkov printed no JSON report:\n${result.stdout.slice(0, 2000)}\n${result.stderr.slice(0, 2000)}`);
  }
  const report = Array.isArray(parsed) ? parsed.find((r) => (r as { check_type?: string }).check_type === "terraform_json") : parsed;
  if (report?.results === undefined) fail("checkov reported no terraform_json results");
  const version = run(checkovBin, ["--version"]).stdout.trim();
  const outcome = evaluate(report, stacks, allowlist);

  console.log(`\ncheckov ${version}, --framework terraform_json, allowlist ${ALLOWLIST.replace(`${PROJECT_ROOT}/`, "")} (${allowlist.length} entries)\n`);
  console.log(formatTable(outcome.rows));
  for (const f of outcome.failures) console.log(`FAILED ${f.checkId} ${f.address} (${f.configuration}/${f.stack}): ${f.checkName}`);
  for (const e of outcome.unmatched)
    console.log(`STALE allowlist entry ${e.check} ${e.resource}${e.configurations ? ` [${e.configurations.join(", ")}]` : ""}: it matches no failed check; remove it`);
  for (const e of outcome.errors) console.log(`ERROR ${e}`);
  const total = (key: "passed" | "failed" | "skipped") => outcome.rows.reduce((n, r) => n + r[key], 0);
  console.log(`\ncheckov over ${outcome.rows.length} stacks: ${total("passed")} checks passed, ${total("failed")} failed, ${total("skipped")} skipped by the allowlist`);
  if (outcome.errors.length > 0) process.exitCode = 2;
  else if (outcome.failures.length > 0 || outcome.unmatched.length > 0) process.exitCode = 1;
} finally {
  rmSync(scanDir, { recursive: true, force: true });
}
