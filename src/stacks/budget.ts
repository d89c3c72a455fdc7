import { Testing } from "cdktf";
import { stackName } from "../config/deployments";
import { MonthlyBudget } from "../constructs/monthly-budget";
import { estimateStack } from "../cost/estimate";
import { loadPriceSheet } from "../cost/price-sheet";
import { TrustWrapperStack } from "./trustwrapper-stack";

/**
 * Adds the configured monthly budget to a finished stack. Without `observability.budget.monthlyUsd`
 * its amount is the estimate of the stack as built so far (what `npm run cost` prints), rounded up.
 * Returns the configuration errors (no price sheet for the region), one line each.
 */
export function addBudget(stack: TrustWrapperStack): string[] {
  const { config } = stack;
  const { budget, alarmEmail } = config.observability;
  if (!budget.enabled || alarmEmail === undefined) return [];
  let amountUsd = budget.monthlyUsd;
  if (amountUsd === undefined) {
    const sheet = loadPriceSheet(config.region);
    if (sheet === undefined) return [`observability.budget.monthlyUsd: no price sheet for ${config.region} to estimate the stack with: set the amount`];
    amountUsd = Math.ceil(estimateStack(JSON.parse(Testing.synth(stack)), sheet, config.estimate).total);
  }
  new MonthlyBudget(stack, "monthly-budget", {
    name: stackName(config),
    amountUsd,
    email: alarmEmail,
    tag: config.account === undefined ? { key: "Project", value: config.project } : undefined,
  });
  return [];
}
