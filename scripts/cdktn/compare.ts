// Semantic comparison of two synthesized output directories (cdktf vs cdktn): JSON files are
// compared parsed, so layout (cdktn prints an empty object as `{}`, cdktf over two lines) does
// not count; the framework's version stamp is the one value allowed to differ.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { isDeepStrictEqual } from "node:util";

/** Where the framework writes its own version: each stack's `//.metadata.version` and the manifest's `version`. */
function withoutVersionStamp(file: string, json: unknown): unknown {
  if (typeof json !== "object" || json === null) return json;
  const copy = structuredClone(json) as Record<string, unknown>;
  if (file === "manifest.json") delete copy.version;
  const metadata = (copy["//"] as { metadata?: Record<string, unknown> } | undefined)?.metadata;
  if (file.endsWith("cdk.tf.json") && metadata) delete metadata.version;
  return copy;
}

/** What `terraform init` (e.g. .ci/run's validate, before this compare) adds to a stack directory. */
const TERRAFORM_WORKING_FILES = /(^|\/)(\.terraform(\/|$)|\.terraform\.lock\.hcl$|terraform\.tfstate)/;

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => !TERRAFORM_WORKING_FILES.test(f) && statSync(join(dir, f)).isFile())
    .sort();
}

/** The first place two JSON values differ, as `$.a.b: <expected> != <actual>`, or undefined. */
export function firstDifference(expected: unknown, actual: unknown, path = "$"): string | undefined {
  if (isDeepStrictEqual(expected, actual)) return undefined;
  const bothObjects = typeof expected === "object" && expected !== null && typeof actual === "object" && actual !== null;
  if (bothObjects && Array.isArray(expected) === Array.isArray(actual)) {
    const a = expected as Record<string, unknown>;
    const b = actual as Record<string, unknown>;
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const found = firstDifference(a[key], b[key], `${path}.${key}`);
      if (found) return found;
    }
  }
  const show = (v: unknown) => (v === undefined ? "(absent)" : JSON.stringify(v).slice(0, 200));
  return `${path}: ${show(expected)} != ${show(actual)}`;
}

/** Every difference between two output directories other than the version stamp; empty when they match. */
export function synthDifferences(expectedDir: string, actualDir: string): string[] {
  const expected = files(expectedDir);
  const actual = files(actualDir);
  const problems = [...expected.filter((f) => !actual.includes(f)).map((f) => `${f}: missing`), ...actual.filter((f) => !expected.includes(f)).map((f) => `${f}: unexpected file`)];
  for (const file of expected.filter((f) => actual.includes(f))) {
    const a = readFileSync(join(expectedDir, file));
    const b = readFileSync(join(actualDir, file));
    if (file.endsWith(".json")) {
      const name = basename(file);
      const found = firstDifference(withoutVersionStamp(name, JSON.parse(a.toString())), withoutVersionStamp(name, JSON.parse(b.toString())));
      if (found) problems.push(`${file}: ${found}`);
    } else if (!a.equals(b)) {
      problems.push(`${file}: content differs`);
    }
  }
  return problems;
}
