import { Construct } from "constructs";
import { BudgetsBudget } from "@cdktf/provider-aws/lib/budgets-budget";

export interface MonthlyBudgetProps {
  /** Budget name, unique in the account, e.g. `trustwrapper-prod-us-east-1`. */
  readonly name: string;
  /** Monthly amount, USD (whole dollars). */
  readonly amountUsd: number;
  /** Who gets the alerts. */
  readonly email: string;
  /** Cost allocation tag (`key`, `value`) the budget counts. Default none: the whole account. */
  readonly tag?: { readonly key: string; readonly value: string };
}

/** Percentages of the amount at which the budget alerts: the guide's billing alerts. */
export const BUDGET_ALERT_PERCENTAGES = [80, 100] as const;

/**
 * An AWS Budgets monthly cost budget that e-mails when the month's actual spend passes 80% and
 * 100% of the amount. Budgets count tagged costs only once the tag is activated as a cost
 * allocation tag in the Billing console.
 */
export class MonthlyBudget extends Construct {
  readonly budget: BudgetsBudget;

  constructor(scope: Construct, id: string, props: MonthlyBudgetProps) {
    super(scope, id);
    this.budget = new BudgetsBudget(this, "budget", {
      name: props.name,
      budgetType: "COST",
      limitAmount: props.amountUsd.toFixed(2),
      limitUnit: "USD",
      timeUnit: "MONTHLY",
      costFilter: props.tag === undefined ? undefined : [{ name: "TagKeyValue", values: [`user:${props.tag.key}$${props.tag.value}`] }],
      notification: BUDGET_ALERT_PERCENTAGES.map((threshold) => ({
        comparisonOperator: "GREATER_THAN",
        threshold,
        thresholdType: "PERCENTAGE",
        notificationType: "ACTUAL",
        subscriberEmailAddresses: [props.email],
      })),
    });
  }
}
