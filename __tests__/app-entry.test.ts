import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TerraformOutput, Testing } from "cdktf";
import { parseDeployments } from "../src/config/deployments";
import { POLICY_RULES } from "../src/policy/rules";
import { buildStack, synthesizeStacks } from "../src/stacks/build";
import { config } from "./helpers";

// The entry flow of main.ts: each stack is resolved and policy-checked once, then written as
// checked. That the configuration is checked before any construct code loads takes a process of
// its own: integration/app-command.test.ts.

describe("synthesizeStacks", () => {
  const outdir = mkdtempSync(join(tmpdir(), "trustwrapper-entry-"));
  const parsed = parseDeployments({
    deployments: [
      { environment: "staging", overrides: { domain: { name: "staging.example.com", hostedZoneName: "example.com" } } },
      { environment: "prod", region: "eu-west-1" },
    ],
  });
  if (!parsed.ok) throw new Error(parsed.errors.join("\n"));

  it("runs the policy rules once per stack and writes the JSON they checked", () => {
    const rule = jest.spyOn(POLICY_RULES[0], "check");
    process.env.CDKTF_OUTDIR = outdir;
    try {
      expect(synthesizeStacks(parsed.configs)).toBeUndefined();
    } finally {
      delete process.env.CDKTF_OUTDIR;
    }
    expect(rule).toHaveBeenCalledTimes(2);
    const stacks = readdirSync(join(outdir, "stacks")).sort();
    expect(stacks).toEqual(["trustwrapper-prod-eu-west-1", "trustwrapper-staging-us-east-1"]);
    const checked = rule.mock.calls.map(([input]) => JSON.parse(JSON.stringify(input)));
    for (const stack of stacks) {
      const written = JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
      expect(checked.filter((json) => json["//"].metadata.stackName === stack)).toEqual([written]);
    }
  });

  it("returns policy violations, one line each, and writes nothing", () => {
    const dir = mkdtempSync(join(tmpdir(), "trustwrapper-entry-"));
    const bad = parseDeployments({ environment: "prod", database: { finalSnapshot: false } });
    if (!bad.ok) throw new Error(bad.errors.join("\n"));
    process.env.CDKTF_OUTDIR = dir;
    try {
      const problems = synthesizeStacks(bad.configs);
      expect(problems?.kind).toBe("policy error");
      expect(problems?.lines).toEqual([expect.stringMatching(/^TW-PROD1 trustwrapper-prod-us-east-1: aws_db_instance\.\S+ \(database\/instance\): /)]);
    } finally {
      delete process.env.CDKTF_OUTDIR;
    }
    expect(readdirSync(join(dir, "stacks"))).toEqual([]);
  });
});

describe("a stack's JSON after its validation", () => {
  it("is resolved again once a construct was added since", () => {
    const stack = buildStack(Testing.app(), config());
    expect(stack.policyViolations()).toEqual([]);
    new TerraformOutput(stack, "added-after-validation", { value: "x" });
    expect(Object.keys(JSON.parse(Testing.synth(stack)).output)).toContain("added-after-validation");
  });
});
