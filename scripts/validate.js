#!/usr/bin/env node
"use strict";
// Runs `terraform init` and `terraform validate` on every synthesized stack and prints one line
// per stack. Usage: node scripts/validate.js [cdktf-outdir ...]   (default: cdktf.out)
// Exits 1 when a stack is invalid; skips, loudly and with exit 0, where terraform is not installed
// (set TRUSTWRAPPER_REQUIRE_TERRAFORM=1 to make that a failure).
const { existsSync, readdirSync } = require("node:fs");
const { spawnSync } = require("node:child_process");
const { join, relative } = require("node:path");
const { terraformBinary, terraformEnv } = require("./terraform-env.js");

const outdirs = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["cdktf.out"];
const binary = terraformBinary();
if (binary === undefined) {
  console.log("SKIPPED terraform validate: no terraform binary on PATH (install Terraform >= 1.5 to validate the synthesized stacks)");
  process.exit(process.env.TRUSTWRAPPER_REQUIRE_TERRAFORM === "1" ? 1 : 0);
}
const { env, source } = terraformEnv();
console.log(`terraform validate, providers from the ${source}`);

const stacks = outdirs.flatMap((outdir) => {
  const dir = join(outdir, "stacks");
  if (!existsSync(dir)) {
    console.log(`FAIL ${outdir}: no synthesized stacks (run npm run synth first)`);
    process.exitCode = 1;
    return [];
  }
  return readdirSync(dir).map((name) => join(dir, name));
});

for (const stack of stacks) {
  const run = (args) => spawnSync(binary, args, { cwd: stack, env, encoding: "utf8" });
  const init = run(["init", "-backend=false", "-input=false", "-no-color"]);
  if (init.status !== 0) {
    console.log(`FAIL ${relative(process.cwd(), stack)}: terraform init: ${lastLine(init.stderr || init.stdout)}`);
    process.exitCode = 1;
    continue;
  }
  const validate = run(["validate", "-json", "-no-color"]);
  const report = parseJson(validate.stdout);
  const count = (severity) => (report?.diagnostics ?? []).filter((d) => d.severity === severity).length;
  if (validate.status === 0 && report?.valid) {
    console.log(`ok   ${relative(process.cwd(), stack)}: valid (${count("warning")} warnings)`);
  } else {
    const first = report?.diagnostics?.find((d) => d.severity === "error");
    console.log(`FAIL ${relative(process.cwd(), stack)}: ${count("error")} errors; first: ${first ? `${first.summary}: ${first.detail ?? ""}` : lastLine(validate.stderr)}`);
    process.exitCode = 1;
  }
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function lastLine(text) {
  return (text || "").trim().split("\n").filter(Boolean).pop() ?? "(no output)";
}
