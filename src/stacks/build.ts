import { App } from "cdktf";
import { Construct } from "constructs";
import { stackName } from "../config/deployments";
import { TrustWrapperConfig } from "../config/schema";
import { addImports } from "../terraform/imports";
import { addBudget } from "./budget";
import { ContainerStack } from "./container-stack";
import { HybridStack } from "./hybrid-stack";
import { ServerlessStack } from "./serverless-stack";
import { TrustWrapperStack } from "./trustwrapper-stack";

/** Problems with the configuration found while building (e.g. an import naming no resource), one line each. */
export class ConfigurationError extends Error {
  constructor(readonly lines: readonly string[]) {
    super(lines.join("\n"));
  }
}

/** Builds the stack of the configured architecture, with its import blocks; `main.ts` and the tests both call this. */
export function buildStack(scope: Construct, config: TrustWrapperConfig): TrustWrapperStack {
  const stack = architectureStack(scope, config);
  // The budget comes last: its default amount is the estimate of everything else.
  const errors = [...addBudget(stack), ...addImports(stack, config.imports)];
  if (errors.length > 0) throw new ConfigurationError(errors);
  return stack;
}

/** One stack per configuration (per entry of `deployments`). */
export function buildStacks(scope: Construct, configs: readonly TrustWrapperConfig[]): TrustWrapperStack[] {
  return configs.map((config) => buildStack(scope, config));
}

function architectureStack(scope: Construct, config: TrustWrapperConfig): TrustWrapperStack {
  switch (config.architecture) {
    case "container":
      return new ContainerStack(scope, stackName(config), config);
    case "serverless":
      return new ServerlessStack(scope, stackName(config), config);
    case "hybrid":
      return new HybridStack(scope, stackName(config), config);
  }
}

/**
 * What `main.ts` runs for a valid configuration: one stack per configuration, every stack
 * validated once, and all of them written only when every one passed. Returns the problems
 * instead (nothing written), one line each, with their kind.
 */
export function synthesizeStacks(configs: readonly TrustWrapperConfig[]): { readonly kind: string; readonly lines: readonly string[] } | undefined {
  // cdktf's synth would validate each stack again just before writing it; policyErrors has, once.
  const app = new App({ skipValidation: true });
  let stacks: TrustWrapperStack[];
  try {
    stacks = buildStacks(app, configs);
  } catch (error) {
    if (error instanceof ConfigurationError) return { kind: "config error", lines: error.lines };
    throw error;
  }
  const violations = policyErrors(stacks);
  if (violations.length > 0) return { kind: "policy error", lines: violations };
  app.synth();
  return undefined;
}

/**
 * Every validation of every stack (cdktf's, which throw, and the policy checks), run before
 * anything is written (cdktf validates each stack just before writing it, so a violation in a
 * later stack would leave earlier ones on disk). Returns the policy violations, and an exception
 * that acknowledges nothing in any stack: it is stale.
 */
export function policyErrors(stacks: readonly TrustWrapperStack[]): string[] {
  const lines = stacks.flatMap((stack) => stack.policyViolations());
  const stale = new Map<string, boolean>();
  for (const stack of stacks) {
    stack.config.policy.exceptions.forEach((e, index) => {
      const key = `policy.exceptions.${index}: ${e.rule} ${e.resource}`;
      stale.set(key, (stale.get(key) ?? true) && !stack.policy.usedExceptions.has(index));
    });
  }
  const staleLines = [...stale].filter(([, unused]) => unused).map(([key]) => `${key} acknowledges no violation of any stack; remove it`);
  return [...lines, ...staleLines];
}
