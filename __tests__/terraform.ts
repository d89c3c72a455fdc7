import { spawnSync } from "node:child_process";

const { terraformBinary, terraformEnv } = require("../scripts/terraform-env.js");

/**
 * Tests that need the terraform binary: they run where it is installed and are skipped, with a
 * message naming `what`, where it is not.
 */
export function terraformForTests(what: string) {
  const binary: string | undefined = terraformBinary();
  if (binary === undefined) console.warn(`SKIPPED ${what}: no terraform binary on PATH (install Terraform >= 1.5 to run them)`);
  return {
    binary,
    itWithTerraform: binary === undefined ? it.skip : it,
    /** `terraform init -backend=false` (which must succeed cleanly), then the `terraform validate -json` report. */
    validateWithTerraform(cwd: string): { valid: boolean; diagnostics: unknown[] } {
      const { env } = terraformEnv();
      const init = spawnSync(binary!, ["init", "-backend=false", "-input=false", "-no-color"], { cwd, env, encoding: "utf8" });
      expect({ status: init.status, stderr: init.stderr }).toEqual({ status: 0, stderr: "" });
      const validate = spawnSync(binary!, ["validate", "-json", "-no-color"], { cwd, env, encoding: "utf8" });
      return JSON.parse(validate.stdout);
    },
  };
}
