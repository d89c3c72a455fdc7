import { readFileSync } from "node:fs";
import { parseDocument } from "yaml";
import { z } from "zod";

/**
 * Reading checkov's JSON report of the synthesized stacks and applying the project's one
 * allowlist. checkov ignores inline skip annotations in Terraform JSON (its terraform_json runner
 * passes an empty skip list), so the allowlist is applied here, per configuration, Terraform
 * address and check id, and an entry that matches no failure is itself an error.
 */

/** One entry of `security/checkov-allowlist.yaml`. */
const allowlistEntrySchema = z.strictObject({
  /** checkov check id, e.g. CKV_AWS_260. */
  check: z.string().regex(/^CKV2?_[A-Z0-9]+_\d+$/, { error: "expected a checkov check id such as CKV_AWS_260" }),
  /** Terraform address as in addresses/*.txt: `aws_lb.name`, or `data.aws_iam_policy_document.name`. */
  resource: z.string().regex(/^(data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+$/, { error: "expected a Terraform address such as aws_lb.load-balancer_alb_15AADC07" }),
  /** Configurations (`default`, or an example's file name without extension) it applies to. Default all. */
  configurations: z.array(z.string().min(1)).min(1).optional(),
  /** Why the architecture needs the finding: shown in docs/security.md and the scan output. */
  reason: z.string().min(30, { error: "expected a written reason (at least a sentence)" }),
});
export type AllowlistEntry = z.output<typeof allowlistEntrySchema>;

export function parseAllowlist(text: string, file = "allowlist"): AllowlistEntry[] {
  const parsed = z.array(allowlistEntrySchema).safeParse(parseDocument(text).toJS() ?? []);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((i) => `${file}: ${i.path.join(".")}: ${i.message}`).join("\n"));
  }
  return parsed.data;
}

export function readAllowlist(path: string): AllowlistEntry[] {
  return parseAllowlist(readFileSync(path, "utf8"), path);
}

/** A checkov result record (the fields used here). */
export interface CheckovRecord {
  readonly check_id: string;
  readonly check_name: string;
  /** `resource.<name>`/`data.<name>` for attribute checks, `<type>.<name>` for graph checks. */
  readonly resource: string;
  readonly file_path: string;
}

export interface CheckovReport {
  readonly results: {
    readonly passed_checks: readonly CheckovRecord[];
    readonly failed_checks: readonly CheckovRecord[];
    readonly skipped_checks: readonly CheckovRecord[];
    readonly parsing_errors: readonly string[];
  };
}

/** The blocks of a cdk.tf.json needed to turn checkov's resource ids into addresses. */
export interface StackBlocks {
  readonly resource?: Record<string, Record<string, unknown>>;
  readonly data?: Record<string, Record<string, unknown>>;
}

/**
 * The Terraform address of a checkov resource id. Attribute checks report `resource.<name>` or
 * `data.<name>` (no type), graph checks `<type>.<name>`; cdktf's names are unique within a stack,
 * so the type is found by the name.
 */
export function terraformAddress(checkovResource: string, stack: StackBlocks): string {
  const [kind, ...rest] = checkovResource.split(".");
  const name = rest.join(".");
  const typeOf = (blocks: Record<string, Record<string, unknown>> | undefined) => Object.entries(blocks ?? {}).find(([, byName]) => name in byName)?.[0];
  if (kind === "resource") {
    const type = typeOf(stack.resource);
    return type === undefined ? checkovResource : `${type}.${name}`;
  }
  if (kind === "data") {
    const type = typeOf(stack.data);
    // A graph check on a data source reports `data.<type>.<name>` already.
    if (type === undefined) return checkovResource;
    return `data.${type}.${name}`;
  }
  return checkovResource;
}

/** One scanned stack: the configuration it came from and its Terraform JSON. */
export interface ScannedStack {
  /** `default` or the example's name. */
  readonly configuration: string;
  /** The stack's name, e.g. trustwrapper-prod-us-east-1. */
  readonly stack: string;
  /** The cdk.tf.json path as checkov reports it (`file_path`). */
  readonly checkovPath: string;
  readonly blocks: StackBlocks;
}

export interface Finding {
  readonly configuration: string;
  readonly stack: string;
  readonly address: string;
  readonly checkId: string;
  readonly checkName: string;
}

export interface StackRow {
  readonly configuration: string;
  readonly stack: string;
  readonly passed: number;
  readonly failed: number;
  /** Failures the allowlist accepts. */
  readonly skipped: number;
}

export interface ScanOutcome {
  readonly rows: StackRow[];
  /** Failed checks no allowlist entry accepts. */
  readonly failures: Finding[];
  /** Allowlist entries that accepted nothing: stale, to be removed. */
  readonly unmatched: AllowlistEntry[];
  /** Problems with the report itself (parse errors, a stack checkov did not scan). */
  readonly errors: string[];
}

function matches(entry: AllowlistEntry, finding: Finding): boolean {
  return entry.check === finding.checkId && entry.resource === finding.address && (entry.configurations === undefined || entry.configurations.includes(finding.configuration));
}

/**
 * Counts checkov's results per stack and applies the allowlist. A report that parsed no stack
 * passes vacuously in checkov (exit 0), so a stack without any result is an error here, as is
 * any parsing error. Entries are judged stale only for the configurations that were scanned.
 */
export function evaluate(report: CheckovReport, stacks: readonly ScannedStack[], allowlist: readonly AllowlistEntry[]): ScanOutcome {
  const errors = report.results.parsing_errors.map((file) => `checkov could not parse ${file}`);
  const byPath = new Map(stacks.map((s) => [s.checkovPath, s]));
  const findingOf = (record: CheckovRecord): Finding | undefined => {
    const stack = byPath.get(record.file_path);
    if (stack === undefined) return undefined;
    return {
      configuration: stack.configuration,
      stack: stack.stack,
      address: terraformAddress(record.resource, stack.blocks),
      checkId: record.check_id,
      checkName: record.check_name,
    };
  };
  const used = new Set<AllowlistEntry>();
  const failures: Finding[] = [];
  const rows = stacks.map((stack) => {
    const mine = (records: readonly CheckovRecord[]) => records.filter((r) => r.file_path === stack.checkovPath);
    const passed = mine(report.results.passed_checks).length;
    let failed = 0;
    let skipped = mine(report.results.skipped_checks).length;
    for (const record of mine(report.results.failed_checks)) {
      const finding = findingOf(record)!;
      const entry = allowlist.find((e) => matches(e, finding));
      if (entry === undefined) {
        failed++;
        failures.push(finding);
      } else {
        skipped++;
        used.add(entry);
      }
    }
    if (passed + failed + skipped === 0) errors.push(`checkov reported no result for ${stack.configuration}/${stack.stack} (nothing scanned)`);
    return { configuration: stack.configuration, stack: stack.stack, passed, failed, skipped };
  });
  const scanned = new Set(stacks.map((s) => s.configuration));
  const unmatched = allowlist.filter((entry) => !used.has(entry) && (entry.configurations === undefined || entry.configurations.some((c) => scanned.has(c))));
  return { rows, failures, unmatched, errors };
}

/** The per-stack table, as printed by `npm run scan` and copied into docs/security.md. */
export function formatTable(rows: readonly StackRow[]): string {
  const header = ["configuration", "stack", "passed", "failed", "skipped"];
  const cells = rows.map((r) => [r.configuration, r.stack, String(r.passed), String(r.failed), String(r.skipped)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (values: string[]) => `| ${values.map((v, i) => (i >= 2 ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join(" | ")} |`;
  const rule = `|${widths.map((w, i) => (i >= 2 ? `${"-".repeat(w + 1)}:` : "-".repeat(w + 2))).join("|")}|`;
  return [line(header), rule, ...cells.map(line)].join("\n");
}
