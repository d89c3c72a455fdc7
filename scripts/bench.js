#!/usr/bin/env node
"use strict";
// Whole-process wall time and peak memory of synthesizing the default configuration:
// the app command of cdktf.json (what `cdktf synth` runs) and, for reference, the whole
// framework CLI (npm run synth); then `npm run cost` and `npm run diagram` (into a temporary directory).
// Prints the median of several runs. Usage: node scripts/bench.js [runs]
const { existsSync, mkdtempSync, readFileSync, rmSync } = require("node:fs");
const { spawnSync } = require("node:child_process");
const { tmpdir } = require("node:os");
const { join, resolve } = require("node:path");

const runs = Number(process.argv[2] ?? 5);
const root = resolve(__dirname, "..");
const appCommand = JSON.parse(readFileSync(join(root, "cdktf.json"), "utf8")).app;
const timeBinary = "/usr/bin/time";

/** One run under /usr/bin/time: wall seconds and peak resident memory (largest process) in MB. */
function measure(command) {
  const outdir = mkdtempSync(join(tmpdir(), "trustwrapper-bench-"));
  const env = { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1", TRUSTWRAPPER_CONFIG: "" };
  const result = spawnSync(timeBinary, ["-f", "BENCH %e %M", "sh", "-c", command], { cwd: root, env, encoding: "utf8" });
  rmSync(outdir, { recursive: true, force: true });
  const line = result.stderr.split("\n").find((l) => l.startsWith("BENCH "));
  if (result.status !== 0 || !line) throw new Error(`benchmark command failed: ${command}\n${result.stderr}`);
  const [, seconds, kilobytes] = line.split(" ");
  return { seconds: Number(seconds), megabytes: Number(kilobytes) / 1024 };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function bench(label, command, count) {
  measure(command); // warm-up: the transpile cache and the file system cache
  const samples = Array.from({ length: count }, () => measure(command));
  const seconds = median(samples.map((s) => s.seconds));
  const megabytes = median(samples.map((s) => s.megabytes));
  console.log(`${label.padEnd(34)} median of ${count}: ${seconds.toFixed(2)} s wall, ${megabytes.toFixed(0)} MB peak RSS`);
  return { seconds, megabytes };
}

if (!existsSync(timeBinary)) {
  console.log(`SKIPPED: ${timeBinary} is not installed (Debian/Ubuntu: apt-get install time)`);
  process.exit(0);
}
bench(`synth app (${appCommand})`, appCommand, runs);
bench("npm run synth (CLI + app)", "npm run --silent synth", Math.max(3, Math.ceil(runs / 2)));
bench("cost estimate (scripts/cost.ts)", "node --import tsx scripts/cost.ts > /dev/null", runs);
bench("diagrams of the defaults and every example", 'node --import tsx scripts/diagram.ts --out "$CDKTF_OUTDIR" > /dev/null', runs);
