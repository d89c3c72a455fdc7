// Upgrade safety's verdict on a plan (scripts/e2e/upgrade.ts) and the teardown page npm run e2e
// follows (docs/teardown.md); how it finds the previous release in git: integration/previous-release.test.ts.
import { readFileSync } from "node:fs";
import { Architecture, TEARDOWN_DOC, teardownSteps } from "../scripts/e2e/teardown";
import { judgeUpgrade, PlanChange } from "../scripts/e2e/upgrade";

const change = (address: string, actions: string[], extra: Partial<PlanChange> = {}): PlanChange => ({
  address,
  type: address.split(".")[0],
  change: { actions },
  ...extra,
});

describe("judgeUpgrade", () => {
  test("a replaced database fails, naming what it loses and the attribute that forces it", () => {
    const verdict = judgeUpgrade({
      resource_changes: [
        change("aws_db_instance.database_instance_D7FC2283", ["delete", "create"], { change: { actions: ["delete", "create"], replace_paths: [["identifier"]] } }),
      ],
    });
    expect(verdict.problems).toEqual(['upgrade: aws_db_instance.database_instance_D7FC2283 would be replaced (forced by [["identifier"]]): that loses the database']);
    expect(verdict.actions).toEqual(["aws_db_instance replace 1"]);
  });

  test("a resource whose address is gone without a moved block fails; with one it is a move", () => {
    expect(judgeUpgrade({ resource_changes: [change("aws_iam_role.old", ["delete"])] }).problems).toEqual([
      "upgrade: aws_iam_role.old would be destroyed (its address is gone and no moved block names it)",
    ]);
    const moved = judgeUpgrade({ resource_changes: [change("aws_iam_role.new", ["no-op"], { previous_address: "aws_iam_role.old" })] });
    expect(moved).toEqual({ actions: ["aws_iam_role move 1"], problems: [] });
  });

  test("a new task definition revision and in-place updates pass; any other replacement fails", () => {
    const verdict = judgeUpgrade({
      resource_changes: [
        change("aws_ecs_task_definition.td", ["create", "delete"]),
        change("aws_lb.alb", ["update"]),
        change("aws_lb.alb2", ["no-op"]),
        change("aws_security_group.sg", ["create", "delete"]),
      ],
    });
    expect(verdict.actions).toEqual(["aws_ecs_task_definition replace 1", "aws_lb update 1", "aws_security_group replace 1"]);
    expect(verdict.problems).toEqual(["upgrade: aws_security_group.sg would be replaced (forced by [])"]);
  });
});

test("docs/teardown.md: npm run e2e finds each architecture's steps, each stop with the error it must show", () => {
  const page = readFileSync(TEARDOWN_DOC, "utf8");
  const steps = (architecture: Architecture) => teardownSteps(page, architecture).map((s) => [s.commands.split("\n")[0], s.expectedFailure?.join(" / ")]);
  const rds = "aws rds modify-db-instance --db-instance-identifier trustwrapper-prod --no-deletion-protection --apply-immediately";
  const dynamodb = "aws dynamodb update-table --table-name trustwrapper-prod-verifications --no-deletion-protection-enabled";
  const keyAndAlias = "terraform state rm aws_kms_key.encryption-key_B3391E8B aws_kms_alias.encryption-key_alias_EA42CC1F";
  const refused = "Error: Instance cannot be destroyed / lifecycle.prevent_destroy set, but the plan calls for this resource to be destroyed";
  const protectedDatabase = "Cannot delete protected DB Instance, please disable deletion protection and try again.";
  const protectedTable = "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.";
  const emptyBuckets = "for address in $(terraform state list | grep '^aws_s3_bucket\\.'); do";
  expect(steps("container")).toEqual([
    ["terraform destroy", refused],
    [keyAndAlias, undefined],
    ["terraform destroy", protectedDatabase],
    [rds, undefined],
    ["terraform destroy", "BucketNotEmpty"],
    [emptyBuckets, undefined],
    ["terraform destroy", undefined],
  ]);
  expect(steps("serverless")).toEqual([
    ["terraform destroy", refused],
    [`${keyAndAlias} \\`, undefined],
    ["terraform destroy", protectedTable],
    [dynamodb, undefined],
    ["terraform destroy", undefined],
  ]);
  expect(steps("hybrid")).toEqual([
    ["terraform destroy", refused],
    [`${keyAndAlias} \\`, undefined],
    ["terraform destroy", `${protectedDatabase} / ${protectedTable}`],
    [rds, undefined],
    [dynamodb, undefined],
    ["terraform destroy", "BucketNotEmpty"],
    [emptyBuckets, undefined],
    ["terraform destroy", undefined],
  ]);
});
