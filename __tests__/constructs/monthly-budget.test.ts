import { BudgetsBudget } from "@cdktf/provider-aws/lib/budgets-budget";
import { MonthlyBudget, MonthlyBudgetProps } from "../../src/constructs/monthly-budget";
import { bodies, synthConstruct } from "./synth";

const PROPS: MonthlyBudgetProps = { name: "tw-test-eu-west-1", amountUsd: 250, email: "ops@example.com" };

function budget(props: Partial<MonthlyBudgetProps> = {}) {
  const out = synthConstruct((scope) => new MonthlyBudget(scope, "budget", { ...PROPS, ...props }));
  return { ...out, body: bodies(out.resources, "aws_budgets_budget")[0] };
}

describe("MonthlyBudget", () => {
  it("is a monthly cost budget in whole US dollars that e-mails on actual spend past 80% and 100%", () => {
    const { text, body } = budget();
    expect(text).toHaveResourceWithProperties(BudgetsBudget, { name: "tw-test-eu-west-1", budget_type: "COST", limit_amount: "250.00", limit_unit: "USD", time_unit: "MONTHLY" });
    expect(body.notification).toEqual(
      [80, 100].map((threshold) => ({
        comparison_operator: "GREATER_THAN",
        threshold,
        threshold_type: "PERCENTAGE",
        notification_type: "ACTUAL",
        subscriber_email_addresses: ["ops@example.com"],
      })),
    );
  });

  it("counts the whole account without a tag, and only the tagged costs with one", () => {
    expect(budget().body.cost_filter).toBeUndefined();
    expect(budget({ tag: { key: "Project", value: "trustwrapper" } }).body.cost_filter).toEqual([{ name: "TagKeyValue", values: ["user:Project$trustwrapper"] }]);
  });
});
