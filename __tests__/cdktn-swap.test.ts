import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { PROJECT_ROOT } from "../src/config/sources";
import { synthDifferences } from "../scripts/cdktn/compare";
import { CDKTN_CONSTRUCTS_VERSION, CDKTN_VERSION, cdktnPackageJson } from "../scripts/cdktn/swap";

// npm run cdktn:check (the swap on a copy) is the proof; these pin what it edits and what it lets pass.
const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8"));

describe("the cdktn swap of package.json", () => {
  test("alias path: cdktn under the name cdktf, constructs in its peer range, the provider's peer overridden, cdktf CLI kept", () => {
    const swapped = cdktnPackageJson(pkg, "cdktf");
    expect(swapped.dependencies).toEqual({ ...pkg.dependencies, cdktf: `npm:cdktn@${CDKTN_VERSION}`, constructs: CDKTN_CONSTRUCTS_VERSION });
    expect(swapped.overrides).toEqual({ "@cdktf/provider-aws": { cdktf: "$cdktf" } });
    expect(swapped.devDependencies).toEqual(pkg.devDependencies);
    expect(swapped.scripts).toEqual({ ...pkg.scripts, synth: "cdktf synth" });
  });

  test("rename path: cdktn-cli replaces cdktf-cli and the synth script runs cdktn", () => {
    const swapped = cdktnPackageJson(pkg, "cdktn");
    expect(swapped.devDependencies?.["cdktf-cli"]).toBeUndefined();
    expect(swapped.devDependencies?.["cdktn-cli"]).toBe(CDKTN_VERSION);
    expect(swapped.scripts).toEqual({ ...pkg.scripts, synth: "cdktn synth" });
    expect(cdktnPackageJson(pkg, "both").devDependencies).toEqual({ ...pkg.devDependencies, "cdktn-cli": CDKTN_VERSION });
  });

  test("refuses a package.json it cannot swap", () => {
    expect(() => cdktnPackageJson({ ...pkg, dependencies: {} }, "cdktf")).toThrow("dependencies.cdktf is missing");
    expect(() => cdktnPackageJson({ ...pkg, scripts: { synth: "node main.ts" } }, "cdktn")).toThrow("scripts.synth");
  });

  test("docs/cdk-terrain.md shows the lines the check tests", () => {
    const doc = readFileSync(join(PROJECT_ROOT, "docs", "cdk-terrain.md"), "utf8");
    for (const line of [
      `"cdktf": "npm:cdktn@${CDKTN_VERSION}"`,
      `"constructs": "${CDKTN_CONSTRUCTS_VERSION}"`,
      `"@cdktf/provider-aws": { "cdktf": "$cdktf" }`,
      `"cdktn-cli": "${CDKTN_VERSION}"`,
      `"synth": "cdktn synth"`,
    ]) {
      expect(doc).toContain(line);
    }
  });
});

describe("the semantic comparison of two synth outputs", () => {
  const stack = (version: string, bucket: string) => ({
    "//": { metadata: { version, stackName: "s" } },
    resource: { aws_s3_bucket: { b: { bucket, tags: {} } } },
  });

  function outputs(expected: Record<string, string>, actual: Record<string, string>): [string, string] {
    const root = mkdtempSync(join(tmpdir(), "cdktn-compare-"));
    for (const [side, files] of [
      ["a", expected],
      ["b", actual],
    ] as const) {
      for (const [file, text] of Object.entries(files)) {
        mkdirSync(dirname(join(root, side, file)), { recursive: true });
        writeFileSync(join(root, side, file), text);
      }
    }
    return [join(root, "a"), join(root, "b")];
  }

  test("the version stamps and the layout of empty objects may differ", () => {
    const [a, b] = outputs(
      { "manifest.json": '{"version":"0.21.0"}', "stacks/s/cdk.tf.json": JSON.stringify(stack("0.21.0", "x"), null, 2).replace("{}", "{\n}") },
      { "manifest.json": '{"version":"0.24.0"}', "stacks/s/cdk.tf.json": JSON.stringify(stack("0.24.0", "x"), null, 2) },
    );
    expect(synthDifferences(a, b)).toEqual([]);
  });

  test("the files terraform init adds to a validated baseline do not count", () => {
    const same = { "manifest.json": "{}", "stacks/s/cdk.tf.json": "{}" };
    const [a, b] = outputs({ ...same, "stacks/s/.terraform.lock.hcl": "x", "stacks/s/.terraform/providers/p": "x" }, same);
    expect(synthDifferences(a, b)).toEqual([]);
  });

  test("any other difference is reported with its path", () => {
    const [a, b] = outputs(
      { "manifest.json": "{}", "stacks/s/cdk.tf.json": JSON.stringify(stack("0.21.0", "x")), "stacks/s/asset.zip": "1" },
      { "manifest.json": "{}", "stacks/s/cdk.tf.json": JSON.stringify(stack("0.24.0", "y")), "stacks/s/asset.zip": "2", "stacks/t/cdk.tf.json": "{}" },
    );
    expect(synthDifferences(a, b)).toEqual([
      "stacks/t/cdk.tf.json: unexpected file",
      "stacks/s/asset.zip: content differs",
      'stacks/s/cdk.tf.json: $.resource.aws_s3_bucket.b.bucket: "x" != "y"',
    ]);
  });
});
