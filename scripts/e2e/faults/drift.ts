// Scenario "drift" (docs/faults.md): after apply, three changes out of band through the SDK (a
// security group rule deleted, the service's desired count changed, a tag removed). The plan must
// show exactly the rule and the tag, not the desired count (autoscaling owns it:
// ignore_changes), and apply must repair them.
import { DeleteTagsCommand, DescribeSecurityGroupRulesCommand, DescribeTagsCommand, RevokeSecurityGroupIngressCommand } from "@aws-sdk/client-ec2";
import { DescribeServicesCommand, UpdateServiceCommand } from "@aws-sdk/client-ecs";
import { StateResource } from "../state";
import { ScenarioStack } from "./harness";
import { FaultRow } from "./row";

interface PlanJson {
  resource_changes?: { address: string; change: { actions: string[] } }[];
}

function one(state: StateResource[], type: string): StateResource {
  const found = state.find((r) => r.type === type);
  if (found === undefined) throw new Error(`the stack has no ${type}`);
  return found;
}

export async function drift(stack: ScenarioStack, row: FaultRow): Promise<void> {
  if ((await stack.run(["init", "-input=false"])).code !== 0) throw new Error("terraform init failed");
  if ((await stack.run(["apply", "-auto-approve", "-input=false"])).code !== 0) throw new Error("terraform apply failed (see the log)");
  const state = await stack.state();
  const { ec2, ecs } = stack.clients;

  const rule = one(state, "aws_vpc_security_group_ingress_rule");
  await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: String(rule.values.security_group_id), SecurityGroupRuleIds: [String(rule.values.security_group_rule_id)] }));
  const service = one(state, "aws_ecs_service");
  const desired = Number(service.values.desired_count) + 1;
  await ecs.send(new UpdateServiceCommand({ cluster: String(service.values.cluster), service: String(service.values.name), desiredCount: desired }));
  const vpc = one(state, "aws_vpc");
  const tagKey = Object.keys((vpc.values.tags ?? {}) as Record<string, string>)[0];
  await ec2.send(new DeleteTagsCommand({ Resources: [String(vpc.values.id)], Tags: [{ Key: tagKey }] }));
  row.done = `deleted ${rule.address}, desired count ${service.values.desired_count} -> ${desired}, removed tag ${tagKey} of ${vpc.address}`;

  const plan = await stack.run(["plan", "-detailed-exitcode", "-input=false", "-out=drift.tfplan"]);
  const shown = await stack.run(["show", "-json", "drift.tfplan"]);
  const changes = ((JSON.parse(shown.output.slice(shown.output.indexOf("{"))) as PlanJson).resource_changes ?? [])
    .filter((c) => !c.change.actions.every((a) => a === "no-op" || a === "read"))
    .map((c) => `${c.address} ${c.change.actions.join("+")}`)
    .sort();
  const expected = [`${rule.address} create`, `${vpc.address} update`].sort();
  if (plan.code !== 2 || JSON.stringify(changes) !== JSON.stringify(expected)) {
    row.problems.push(`the plan should change exactly ${expected.join(", ")}; it changes: ${changes.join(", ") || "nothing"} (exit ${plan.code})`);
  }
  const apply = await stack.run(["apply", "-input=false", "drift.tfplan"]);
  if (apply.code !== 0) row.problems.push("applying the repair failed (see the log)");
  const replan = await stack.run(["plan", "-detailed-exitcode", "-input=false"]);
  if (replan.code !== 0) row.problems.push(`re-plan after the repair: exit ${replan.code}`);

  const repaired = await stack.state();
  const ruleNow = repaired.find((r) => r.address === rule.address);
  const rules = (await ec2.send(new DescribeSecurityGroupRulesCommand({ SecurityGroupRuleIds: [String(ruleNow?.values.security_group_rule_id)] }))).SecurityGroupRules ?? [];
  if (rules.length !== 1) row.problems.push(`the rule ${rule.address} was not created again`);
  const tags =
    (
      await ec2.send(
        new DescribeTagsCommand({
          Filters: [
            { Name: "resource-id", Values: [String(vpc.values.id)] },
            { Name: "key", Values: [tagKey] },
          ],
        }),
      )
    ).Tags ?? [];
  if (tags.length !== 1) row.problems.push(`the tag ${tagKey} of ${vpc.address} was not put back`);
  const count = (await ecs.send(new DescribeServicesCommand({ cluster: String(service.values.cluster), services: [String(service.values.name)] }))).services?.[0]?.desiredCount;
  if (count !== desired) row.problems.push(`the desired count is ${count}: Terraform reset what autoscaling owns`);
  row.terraform = `plan: ${changes.join(", ") || "no changes"}; apply repaired them; re-plan ${replan.code === 0 ? "clean" : "not clean"}`;
  row.survived = `rule and tag back, desired count left at ${count} (autoscaling's)`;
}
