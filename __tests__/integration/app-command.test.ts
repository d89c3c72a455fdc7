import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { POLICY_RULE_IDS } from "../../src/policy/names";
import { root, stackJson, synth } from "../app-command";
import { breakage, validConfig } from "../config-arbitraries";

// The app command of cdktf.json, run as `cdktf synth` runs it, for what only a whole process shows:
// the messages and exit status users see, what is written, the environment it reads.

const STACK = "trustwrapper-prod-us-east-1";

describe("the configuration code", () => {
  it("loads neither cdktf nor the provider's classes, so bad input is reported before they load", () => {
    const probe = `require("./src/config/deployments"); console.log(JSON.stringify(Object.keys(require.cache).filter((f) => /node_modules\\/(cdktf|constructs|@cdktf)\\//.test(f))))`;
    const run = spawnSync("node", ["--import", "tsx", "-e", probe], { cwd: root, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual([]);
  });
});

describe("synth with a policy violation", () => {
  it("stops with the rule id, the resource address and the fix, and writes nothing", () => {
    const result = synth("database:\n  deletionProtection: false\n");
    expect(result.status).toBe(1);
    expect(result.stacks).toEqual([]);
    expect(result.stderr.trim().split("\n")).toEqual([
      "policy error: TW-PROD1 trustwrapper-prod-us-east-1: aws_db_instance.database_instance_D7FC2283 (database/instance): prod database without deletion protection. " +
        "Fix: keep database.deletionProtection on in prod (the default); or acknowledge it in policy.exceptions with rule TW-PROD1, resource database/instance and a reason",
    ]);
  });

  it("goes on when the configuration acknowledges it with a reason, and refuses an exception that acknowledges nothing", () => {
    const acknowledged =
      "database:\n  deletionProtection: false\npolicy:\n  exceptions:\n    - {rule: TW-PROD1, resource: database/instance, reason: prod-sized load test stack, destroyed nightly}\n";
    expect(synth(acknowledged)).toMatchObject({ status: 0, stacks: ["trustwrapper-prod-us-east-1"] });
    const stale = synth("policy:\n  exceptions:\n    - {rule: TW-PROD1, resource: database/instance, reason: prod-sized load test stack, destroyed nightly}\n");
    expect(stale.status).toBe(1);
    expect(stale.stderr.trim()).toBe("policy error: policy.exceptions.0: TW-PROD1 database/instance acknowledges no violation of any stack; remove it");
  });

  it("refuses an exception without a reason, naming the field", () => {
    const result = synth(
      "policy:\n  exceptions:\n    - {rule: TW-PROD1, resource: database/instance, reason: because}\n    - {rule: TW-XYZ, resource: x, reason: long enough reason for the check}\n",
    );
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([
      `config error: policy.exceptions.0.reason: expected a reason of at least 20 characters: why this deployment accepts the finding${result.at(3, 53)}`,
      `config error: policy.exceptions.1.rule: expected one of: ${POLICY_RULE_IDS.join(", ")}${result.at(4, 8)}`,
    ]);
  });

  it("refuses a URL with a password in a plain variable of the configuration (TW-ENV2), naming the field", () => {
    const result = synth("service:\n  environment:\n    CACHE_URL: rediss://app:hunter2@cache.example.com:6379\n");
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      `config error: service.environment.CACHE_URL: expected a URL without a password: plain variables are stored in Terraform state; put the password in secrets.apiKeys (injected from Secrets Manager) instead${result.at(3, 5)}`,
    );
  });

  it("refuses a secret-looking plain environment variable in the configuration (TW-ENV1), naming the field", () => {
    const result = synth("service:\n  environment:\n    STRIPE_SECRET_KEY: sk_live_x\n");
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      `config error: service.environment.STRIPE_SECRET_KEY: STRIPE_SECRET_KEY looks like a secret, and plain variables are stored in Terraform state; add it to secrets.apiKeys (injected from Secrets Manager) instead${result.at(3, 5)}`,
    );
  });
});

describe("import blocks", () => {
  it("synthesize with the app command and no terraform binary, and a bad one fails before anything is written", () => {
    const ok = synth("imports:\n  - resource: database/instance\n    id: trustwrapper-prod-database\n", { PATH: `${process.execPath.replace(/\/node$/, "")}:/bin` });
    expect(ok.status).toBe(0);
    expect(stackJson(ok.outdir, "trustwrapper-prod-us-east-1").import).toHaveLength(1);
    const bad = synth("imports:\n  - resource: nothing/here\n    id: x\n");
    expect({ status: bad.status, stacks: bad.stacks, stderr: bad.stderr.trim() }).toEqual({
      status: 1,
      stacks: [],
      stderr: `config error: imports.0.resource: trustwrapper-prod-us-east-1 has no resource nothing/here (addresses/*.txt lists each address and construct path)${bad.at(2, 5)}`,
    });
  });
});

describe("several environments and regions from one file", () => {
  it("are all written by one synth run", () => {
    const yaml = [
      "domain: {name: api.example.com, hostedZoneName: example.com}",
      "deployments:",
      "  - {environment: dev, overrides: {domain: {name: dev.api.example.com}}}",
      "  - {environment: prod, region: eu-west-1}",
    ].join("\n");
    const result = synth(yaml);
    expect(result.status).toBe(0);
    expect(result.stacks.sort()).toEqual(["trustwrapper-dev-us-east-1", "trustwrapper-prod-eu-west-1"]);
  });
});

/** A PATH with node and sh but no terraform, as on many CI runners. */
function pathWithoutTerraform(): string {
  const bin = mkdtempSync(join(tmpdir(), "trustwrapper-bin-"));
  symlinkSync(process.execPath, join(bin, "node"));
  symlinkSync("/bin/sh", join(bin, "sh"));
  return bin;
}

describe("synth without a terraform binary", () => {
  // Terraform Cloud, import blocks and moved blocks make cdktf run `terraform version` at synth.
  const cloudBackend = "backend:\n  type: cloud\n  organization: acme\n";

  it("still writes a Terraform Cloud stack, with a warning instead of a failure", () => {
    const result = synth(cloudBackend, { PATH: pathWithoutTerraform() });
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(`${STACK}: no terraform binary found; skipped cdktf's terraform version check`);
    expect(stackJson(result.outdir, STACK).terraform.cloud.organization).toBe("acme");
  });
});

describe("TRUSTWRAPPER_IMAGE", () => {
  const ECR = "111122223333.dkr.ecr.us-east-1.amazonaws.com/trustwrapper";
  const DIGEST = `sha256:${"a".repeat(64)}`;

  it("is read by the app command at synth, and its ECR repository gets the pull permission", () => {
    const result = synth("environment: dev\n", { TRUSTWRAPPER_IMAGE: `${ECR}@${DIGEST}` });
    expect(result.status).toBe(0);
    const json = stackJson(result.outdir, "trustwrapper-dev-us-east-1");
    expect(json.variable.image.default).toBe(`${ECR}@${DIGEST}`);
    const pull = Object.values(json.data.aws_iam_policy_document)
      .flatMap((document: any) => document.statement)
      .find((statement: any) => statement.sid === "PullImage");
    expect(pull.resources).toEqual(["arn:aws:ecr:us-east-1:111122223333:repository/trustwrapper"]);
  });
});

describe("every invalid configuration", () => {
  it("stops the app command with field-named errors only, no stack trace and no stack written", () => {
    fc.assert(
      fc.property(validConfig, breakage, (valid, broken) => {
        const input = structuredClone(valid) as Record<string, any>;
        broken.apply(input);
        const result = synth(JSON.stringify(input));
        expect(result.status).toBe(1);
        expect(result.stacks).toEqual([]);
        expect(result.stdout).toBe("");
        const lines = result.stderr.trim().split("\n");
        for (const line of lines) expect(line).toMatch(new RegExp(`^config error: ${broken.field.replace(/\./g, "\\.")}(\\.|:)`));
      }),
      { numRuns: 4 },
    );
  });
});
