"use strict";
// Finds the terraform binary and the CLI configuration to run it with: the repository's
// provider-mirror configuration where the local filesystem mirror exists (machines without
// registry access), otherwise the user's own configuration and the public registry.
const { existsSync, mkdtempSync, writeFileSync } = require("node:fs");
const { spawnSync } = require("node:child_process");
const { homedir, tmpdir } = require("node:os");
const { join, resolve } = require("node:path");

const DEFAULT_MIRROR = "/opt/tf-plugins";
const MIRROR_CLI_CONFIG = resolve(__dirname, "..", "terraform", "provider-mirror.tfrc");

/** The terraform command (TERRAFORM_BINARY_NAME, as cdktf uses), or undefined when it is not installed. */
function terraformBinary() {
  const binary = process.env.TERRAFORM_BINARY_NAME || "terraform";
  const probe = spawnSync(binary, ["version", "-json"], { encoding: "utf8" });
  return probe.status === 0 ? binary : undefined;
}

/**
 * Go's garbage collector target for terraform and the AWS provider it starts (Go passes the
 * environment on), unless GOGC is set already. Every terraform command starts the provider two or
 * three times, and each start builds the provider's whole schema: most of a command's CPU is
 * collecting that garbage. On the 2-core machine, a `terraform plan -refresh=false` of the default
 * stack took 16.9 CPU s (peak 311 MB) at Go's default of 100, 14.6 at 200 (367 MB), 13.5 at 400
 * (445 MB) and 13.0 at 800 (688 MB), medians of 3: 400 takes most of the gain for little memory.
 */
const TERRAFORM_GOGC = "400";

/** Environment for terraform: the mirror's CLI configuration when there is a mirror, a shared plugin cache, and a GC target. */
function terraformEnv() {
  const env = { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1", GOGC: process.env.GOGC || TERRAFORM_GOGC };
  const mirror = process.env.TF_PROVIDER_MIRROR || DEFAULT_MIRROR;
  if (existsSync(join(mirror, "registry.terraform.io"))) {
    if (resolve(mirror) === DEFAULT_MIRROR) {
      env.TF_CLI_CONFIG_FILE = MIRROR_CLI_CONFIG;
    } else {
      const file = join(mkdtempSync(join(tmpdir(), "tfrc-")), "mirror.tfrc");
      writeFileSync(
        file,
        `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(resolve(mirror))}\n    include = ["registry.terraform.io/hashicorp/*"]\n  }\n  direct {\n    exclude = ["registry.terraform.io/hashicorp/*"]\n  }\n}\n`,
      );
      env.TF_CLI_CONFIG_FILE = file;
    }
    return { env, source: `provider mirror ${resolve(mirror)}` };
  }
  // One download of each provider for every stack directory.
  env.TF_PLUGIN_CACHE_DIR = env.TF_PLUGIN_CACHE_DIR || join(homedir(), ".terraform.d", "plugin-cache");
  require("node:fs").mkdirSync(env.TF_PLUGIN_CACHE_DIR, { recursive: true });
  return { env, source: "registry (no local provider mirror)" };
}

module.exports = { terraformBinary, terraformEnv };
