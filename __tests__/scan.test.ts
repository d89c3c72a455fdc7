import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadDeployments } from "../src/config/deployments";
import { configurationSources, PROJECT_ROOT } from "../src/config/sources";
import { CheckovRecord, CheckovReport, evaluate, formatTable, parseAllowlist, readAllowlist, ScannedStack, terraformAddress } from "../src/scan/checkov";
import { synthesize } from "../src/terraform/synthesized";

const blocks = {
  resource: { aws_lb: { alb_1: {} }, aws_s3_bucket: { bucket_2: {} } },
  data: { aws_iam_policy_document: { key_policy_3: {} } },
};

describe("checkov resource ids as Terraform addresses", () => {
  it("adds the type to attribute checks' `resource.<name>` and `data.<name>`", () => {
    expect(terraformAddress("resource.alb_1", blocks)).toBe("aws_lb.alb_1");
    expect(terraformAddress("data.key_policy_3", blocks)).toBe("data.aws_iam_policy_document.key_policy_3");
  });

  it("keeps graph checks' `<type>.<name>`", () => {
    expect(terraformAddress("aws_s3_bucket.bucket_2", blocks)).toBe("aws_s3_bucket.bucket_2");
  });
});

const record = (check_id: string, resource: string, file_path: string): CheckovRecord => ({ check_id, check_name: `name of ${check_id}`, resource, file_path });
const stacks: ScannedStack[] = [
  { configuration: "default", stack: "tw-prod", checkovPath: "/default/tw-prod/cdk.tf.json", blocks },
  { configuration: "lean", stack: "tw-dev", checkovPath: "/lean/tw-dev/cdk.tf.json", blocks },
];
function report(failed: CheckovRecord[], parsing_errors: string[] = []): CheckovReport {
  const passed = stacks.map((s) => record("CKV_AWS_1", "resource.alb_1", s.checkovPath));
  return { results: { passed_checks: passed, failed_checks: failed, skipped_checks: [], parsing_errors } };
}
const reason = "a reason long enough to be a written sentence";

describe("applying the allowlist", () => {
  it("counts an accepted failure as skipped and an other one as failed, per stack", () => {
    const outcome = evaluate(
      report([record("CKV_AWS_91", "resource.alb_1", "/default/tw-prod/cdk.tf.json"), record("CKV_AWS_18", "aws_s3_bucket.bucket_2", "/lean/tw-dev/cdk.tf.json")]),
      stacks,
      [{ check: "CKV_AWS_91", resource: "aws_lb.alb_1", reason }],
    );
    expect(outcome.rows).toEqual([
      { configuration: "default", stack: "tw-prod", passed: 1, failed: 0, skipped: 1 },
      { configuration: "lean", stack: "tw-dev", passed: 1, failed: 1, skipped: 0 },
    ]);
    expect(outcome.failures).toEqual([{ configuration: "lean", stack: "tw-dev", address: "aws_s3_bucket.bucket_2", checkId: "CKV_AWS_18", checkName: "name of CKV_AWS_18" }]);
    expect(outcome.unmatched).toEqual([]);
  });

  it("applies an entry only to the configurations it names", () => {
    const failure = (path: string) => record("CKV_AWS_150", "resource.alb_1", path);
    const outcome = evaluate(report([failure("/default/tw-prod/cdk.tf.json"), failure("/lean/tw-dev/cdk.tf.json")]), stacks, [
      { check: "CKV_AWS_150", resource: "aws_lb.alb_1", configurations: ["lean"], reason },
    ]);
    expect(outcome.failures.map((f) => f.configuration)).toEqual(["default"]);
  });

  it("reports an entry that matches no failure as stale, unless its configurations were not scanned", () => {
    const stale = { check: "CKV_AWS_2", resource: "aws_lb.alb_1", reason };
    const elsewhere = { check: "CKV_AWS_2", resource: "aws_lb.alb_1", configurations: ["serverless"], reason };
    expect(evaluate(report([]), stacks, [stale, elsewhere]).unmatched).toEqual([stale]);
  });

  it("treats a parsing error, and a stack checkov reported nothing for, as errors (checkov itself exits 0)", () => {
    const empty: CheckovReport = { results: { passed_checks: [], failed_checks: [], skipped_checks: [], parsing_errors: ["/lean/tw-dev/cdk.tf.json"] } };
    expect(evaluate(empty, stacks, []).errors).toEqual([
      "checkov could not parse /lean/tw-dev/cdk.tf.json",
      "checkov reported no result for default/tw-prod (nothing scanned)",
      "checkov reported no result for lean/tw-dev (nothing scanned)",
    ]);
  });

  it("prints one table row per stack", () => {
    expect(formatTable([{ configuration: "default", stack: "tw-prod", passed: 359, failed: 0, skipped: 12 }]).split("\n")).toEqual([
      "| configuration | stack   | passed | failed | skipped |",
      "|---------------|---------|-------:|-------:|--------:|",
      "| default       | tw-prod |    359 |      0 |      12 |",
    ]);
  });
});

describe("the allowlist file", () => {
  it("rejects an entry without a written reason or with a malformed check id", () => {
    expect(() => parseAllowlist("- {check: CKV_AWS_1, resource: aws_lb.x, reason: because}", "a.yaml")).toThrow(
      "a.yaml: 0.reason: expected a written reason (at least a sentence)",
    );
    expect(() => parseAllowlist(`- {check: AWS_1, resource: aws_lb.x, reason: ${reason}}`, "a.yaml")).toThrow("a.yaml: 0.check: expected a checkov check id");
  });

  it("names, in every entry, a resource or data source of the stacks of the configurations it applies to", () => {
    const allowlist = readAllowlist(join(PROJECT_ROOT, "security", "checkov-allowlist.yaml"));
    const addressesBy = new Map(
      configurationSources().map(({ name, file }) => {
        const result = loadDeployments(file === undefined ? "" : join(PROJECT_ROOT, file));
        if (!result.ok) throw new Error(result.errors.join("\n"));
        const addresses = result.configs.flatMap((config) => {
          const doc = synthesize(config);
          return [
            ...Object.entries(doc.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`)),
            ...Object.entries(doc.data ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((n) => `data.${type}.${n}`)),
          ];
        });
        return [name, new Set(addresses)] as const;
      }),
    );
    const unknown = allowlist.filter((entry) => {
      const names = entry.configurations ?? [...addressesBy.keys()];
      return !names.some((name) => addressesBy.get(name)?.has(entry.resource));
    });
    expect(unknown).toEqual([]);
  });

  it("is listed in docs/security.md, entry by entry with its reason", () => {
    const readme = readFileSync(join(PROJECT_ROOT, "docs", "security.md"), "utf8");
    const missing = readAllowlist(join(PROJECT_ROOT, "security", "checkov-allowlist.yaml")).filter(
      (e) => !readme.includes(`| ${e.check} | \`${e.resource}\` | ${e.configurations?.join(", ") ?? "all"} | ${e.reason.replace(/\|/g, "\\|")} |`),
    );
    expect(missing).toEqual([]);
  });
});
