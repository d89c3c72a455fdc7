import { IValidation } from "constructs";
import { TerraformStack } from "cdktf";
import { PolicyContext, PolicyInput, POLICY_RULES, Violation } from "./rules";
import { PolicyRuleId } from "./names";

/** An acknowledged exception from the configuration (`policy.exceptions`). */
export interface PolicyException {
  readonly rule: PolicyRuleId;
  /** Terraform address or construct path (as in addresses/*.txt). */
  readonly resource: string;
  readonly reason: string;
}

export interface PolicyResult {
  /** Violations no exception acknowledges. */
  readonly violations: Violation[];
  /** Indexes (in `policy.exceptions`) of the exceptions that acknowledged a violation. */
  readonly usedExceptions: Set<number>;
}

const acknowledges = (e: PolicyException, v: Violation) => e.rule === v.rule && (e.resource === v.address || e.resource === v.path);

/** Runs every rule on a stack's Terraform JSON and applies the configuration's exceptions. */
export function checkPolicies(input: PolicyInput, context: PolicyContext, exceptions: readonly PolicyException[]): PolicyResult {
  const usedExceptions = new Set<number>();
  const violations = POLICY_RULES.flatMap((rule) => rule.check(input, context).map((v) => ({ ...v, rule: rule.id }))).filter((v) => {
    const index = exceptions.findIndex((e) => acknowledges(e, v));
    if (index < 0) return true;
    usedExceptions.add(index);
    return false;
  });
  return { violations, usedExceptions };
}

/** One line per violation: rule id, stack, address (construct path), the problem and the fix. */
export function formatViolation(stack: string, v: Violation): string {
  const where = v.path === undefined ? v.address : `${v.address} (${v.path})`;
  return `${v.rule} ${stack}: ${where}: ${v.problem}. Fix: ${v.fix}; or acknowledge it in policy.exceptions with rule ${v.rule}, resource ${v.path ?? v.address} and a reason`;
}

/** Synth stops on policy violations: `main.ts` prints these lines without a stack trace. */
export class PolicyViolationError extends Error {
  constructor(readonly lines: readonly string[]) {
    super(`policy violations:\n${lines.join("\n")}`);
  }
}

/**
 * The policy checks as a cdktf validation of a stack, so that every synth (the cdktf CLI,
 * `Testing.fullSynth`, the cost and diagram scripts) runs them before writing the stack.
 */
export class PolicyValidation implements IValidation {
  /** The lines of the last run, for the stack to tell policy violations from other validation errors. */
  lines: string[] = [];
  usedExceptions = new Set<number>();
  /** The stack's Terraform JSON the last run checked, and how many constructs the stack had then. */
  private checked?: { readonly json: PolicyInput; readonly constructs: number };

  constructor(
    private readonly stack: TerraformStack,
    private readonly context: PolicyContext,
    private readonly exceptions: readonly PolicyException[],
  ) {}

  validate(): string[] {
    const json = this.stack.toTerraform() as PolicyInput;
    this.checked = { json, constructs: this.stack.node.findAll().length };
    const result = checkPolicies(json, this.context, this.exceptions);
    this.usedExceptions = result.usedExceptions;
    this.lines = result.violations.map((v) => formatViolation(this.stack.node.id, v));
    return this.lines;
  }

  /**
   * The JSON the last run checked, handed out once and only while the stack has gained no
   * construct since (synth adds none between validating a stack and writing it): the write reuses
   * it instead of resolving every token of the stack a second time, and writes what was checked.
   */
  takeChecked(): PolicyInput | undefined {
    const checked = this.checked;
    this.checked = undefined;
    return checked !== undefined && checked.constructs === this.stack.node.findAll().length ? checked.json : undefined;
  }
}
