import { Testing } from "cdktf";
import { parseConfig } from "../src/config/load";
import { buildStack } from "../src/stacks/build";
import { estimateStack, fargateTasks } from "../src/cost/estimate";
import { loadPriceSheet } from "../src/cost/price-sheet";
import { synthesize } from "../src/terraform/synthesized";
import { bodyOf, config, onlyResource, ref, synthContainer } from "./helpers";

const spotDev = { environment: "dev" as const, service: { spot: { enabled: true } } };

describe("Fargate Spot", () => {
  it("places the tasks above an on-demand base on FARGATE_SPOT, once the cluster has both providers", () => {
    const { stack, json } = synthContainer(spotDev);
    const { service, capacityProviders } = stack.tier.service;
    if (capacityProviders === undefined) throw new Error("no capacity providers with spot enabled");
    const body = bodyOf(json, service);
    expect(body.launch_type).toBeUndefined();
    expect(body.capacity_provider_strategy).toEqual([
      { capacity_provider: "FARGATE", base: 1, weight: 1 },
      { capacity_provider: "FARGATE_SPOT", weight: 3 },
    ]);
    expect(bodyOf(json, capacityProviders)).toEqual({
      cluster_name: ref(stack.tier.service.cluster, "name"),
      capacity_providers: ["FARGATE", "FARGATE_SPOT"],
    });
    expect(body.depends_on).toContain(`aws_ecs_cluster_capacity_providers.${capacityProviders.friendlyUniqueId}`);
  });

  it("is off by default: the launch type FARGATE and no capacity providers", () => {
    const { stack, json } = synthContainer();
    expect(bodyOf(json, stack.tier.service.service).launch_type).toBe("FARGATE");
    expect(json.resource.aws_ecs_cluster_capacity_providers).toBeUndefined();
  });

  it("is refused in prod unless allowed, naming the field", () => {
    expect(parseConfig({ service: { spot: { enabled: true } } })).toEqual({
      ok: false,
      errors: ["service.spot.enabled: Fargate Spot tasks can be stopped with two minutes' notice: refused in prod unless service.spot.allowInProd is true"],
    });
    expect(parseConfig({ service: { spot: { enabled: true, allowInProd: true } } }).ok).toBe(true);
  });

  it.each([
    [2, [], { regular: 2, spot: 0 }],
    [
      2,
      [
        { capacity_provider: "FARGATE", base: 1, weight: 1 },
        { capacity_provider: "FARGATE_SPOT", weight: 3 },
      ],
      { regular: 1.25, spot: 0.75 },
    ],
    [
      1,
      [
        { capacity_provider: "FARGATE", base: 1, weight: 1 },
        { capacity_provider: "FARGATE_SPOT", weight: 3 },
      ],
      { regular: 1, spot: 0 },
    ],
    [
      5,
      [
        { capacity_provider: "FARGATE", base: 0, weight: 0 },
        { capacity_provider: "FARGATE_SPOT", weight: 1 },
      ],
      { regular: 0, spot: 5 },
    ],
  ])("places %d tasks by the strategy %j as ECS does: bases first, then by weight", (tasks, strategy, placed) => {
    expect(fargateTasks(tasks, strategy)).toEqual(placed);
  });

  it("lowers the cost estimate: the Spot share of the tasks at the sheet's Spot factor", () => {
    const sheet = loadPriceSheet("us-east-1")!;
    const fargate = (input: object) => {
      const cfg = config(input);
      return estimateStack(synthesize(cfg), sheet, cfg.estimate).lines.filter((l) => l.service === "ECS Fargate");
    };
    const regular = fargate({ environment: "dev" });
    const spot = fargate(spotDev);
    const total = (lines: typeof regular) => lines.reduce((s, l) => s + l.monthly, 0);
    const spotFactor = sheet.prices["fargate.spotFactor"].price;
    // 2 tasks: 1.25 regular, 0.75 on Spot.
    expect(total(spot)).toBeCloseTo(total(regular) * ((1.25 + 0.75 * spotFactor) / 2), 6);
    expect(spot.map((l) => [l.item, l.factor])).toEqual([
      ["1.25 tasks × 0.5 vCPU (X86_64)", 1],
      ["1.25 tasks × 1 GB memory (X86_64)", 1],
      ["0.75 Spot tasks × 0.5 vCPU (X86_64)", spotFactor],
      ["0.75 Spot tasks × 1 GB memory (X86_64)", spotFactor],
    ]);
  });
});

describe("the monthly budget", () => {
  const budgeted = { environment: "dev" as const, observability: { alarmEmail: "ops@example.com", budget: { enabled: true } } };
  const built = (input: object) => JSON.parse(Testing.synth(buildStack(Testing.app(), config(input))));

  it("defaults to the stack's own estimate rounded up, and alerts the alarm e-mail at 80% and 100% of actual spend", () => {
    const json = built(budgeted);
    const estimate = estimateStack(
      synthesize(config({ environment: "dev", observability: { alarmEmail: "ops@example.com" } })),
      loadPriceSheet("us-east-1")!,
      config(budgeted).estimate,
    );
    const budget = onlyResource(json, "aws_budgets_budget");
    expect(budget).toMatchObject({
      name: "trustwrapper-dev-us-east-1",
      budget_type: "COST",
      time_unit: "MONTHLY",
      limit_unit: "USD",
      limit_amount: `${Math.ceil(estimate.total)}.00`,
      cost_filter: [{ name: "TagKeyValue", values: ["user:Project$trustwrapper"] }],
    });
    expect(budget.notification.map((n: any) => [n.threshold, n.threshold_type, n.notification_type, n.subscriber_email_addresses])).toEqual([
      [80, "PERCENTAGE", "ACTUAL", ["ops@example.com"]],
      [100, "PERCENTAGE", "ACTUAL", ["ops@example.com"]],
    ]);
  });

  it("takes a configured amount, and covers the whole account where the stack is pinned to one", () => {
    const budget = onlyResource(
      built({ ...budgeted, account: { id: "111122223333" }, observability: { ...budgeted.observability, budget: { enabled: true, monthlyUsd: 150 } } }),
      "aws_budgets_budget",
    );
    expect([budget.limit_amount, budget.cost_filter]).toEqual(["150.00", undefined]);
  });

  it("is off by default, and needs the alarm e-mail, naming the field", () => {
    expect(built({}).resource.aws_budgets_budget).toBeUndefined();
    expect(parseConfig({ observability: { budget: { enabled: true } } })).toEqual({
      ok: false,
      errors: ["observability.budget.enabled: the budget alerts by e-mail: set observability.alarmEmail too"],
    });
    expect(parseConfig({ observability: { alarmEmail: "ops@example.com", budget: { monthlyUsd: 0 } } })).toEqual({
      ok: false,
      errors: ["observability.budget.monthlyUsd: expected an amount in USD above 0"],
    });
  });
});
