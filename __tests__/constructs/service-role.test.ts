import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { ServiceRole, ServiceRoleProps } from "../../src/constructs/service-role";
import { bodies, synthConstruct } from "./synth";

const PROPS: ServiceRoleProps = { name: "tw-test-task", description: "The app's tasks", servicePrincipal: "ecs-tasks.amazonaws.com" };

function synth(props: Partial<ServiceRoleProps> = {}) {
  return synthConstruct((scope) => new ServiceRole(scope, "role", { ...PROPS, ...props }));
}

/** The trust policy's statement (the first policy document). */
const trust = (data: Record<string, Record<string, any>>) => bodies(data, "aws_iam_policy_document").find((d) => d.statement[0].actions.includes("sts:AssumeRole"))!.statement[0];

describe("ServiceRole", () => {
  it("is assumed by its service only, from the given account when there is one (confused-deputy guard)", () => {
    const open = trust(synth().data);
    expect(open).toMatchObject({ actions: ["sts:AssumeRole"], principals: [{ type: "Service", identifiers: ["ecs-tasks.amazonaws.com"] }] });
    expect(open.condition).toBeUndefined();
    expect(trust(synth({ sourceAccount: "111122223333" }).data).condition).toEqual([{ test: "StringEquals", variable: "aws:SourceAccount", values: ["111122223333"] }]);
  });

  it("has an inline policy only when it has statements", () => {
    expect(synth().text).not.toHaveResource(IamRolePolicy);
    expect(synth({ statements: [] }).text).not.toHaveResource(IamRolePolicy);
    const { text, data } = synth({ statements: [{ sid: "ReadTable", actions: ["dynamodb:GetItem"], resources: ["arn:aws:dynamodb:eu-west-1:111122223333:table/t"] }] });
    expect(text).toHaveResourceWithProperties(IamRolePolicy, { name: "tw-test-task" });
    expect(bodies(data, "aws_iam_policy_document").flatMap((d) => d.statement.map((s: any) => s.sid))).toContain("ReadTable");
  });

  it("attaches each managed policy", () => {
    const { resources } = synth({ managedPolicyArns: ["arn:aws:iam::aws:policy/a", "arn:aws:iam::aws:policy/b"] });
    expect(bodies(resources, "aws_iam_role_policy_attachment").map((a) => a.policy_arn)).toEqual(["arn:aws:iam::aws:policy/a", "arn:aws:iam::aws:policy/b"]);
  });

  it("kept on destroy: the role, its policy and its attachments refuse terraform destroy", () => {
    const { text } = synth({ keepOnDestroy: true, statements: [{ actions: ["logs:PutLogEvents"], resources: ["*"] }], managedPolicyArns: ["arn:aws:iam::aws:policy/a"] });
    for (const type of [IamRole, IamRolePolicy, IamRolePolicyAttachment]) expect(text).toHaveResourceWithProperties(type, { lifecycle: { prevent_destroy: true } });
    expect(bodies(synth().resources, "aws_iam_role")[0].lifecycle).toBeUndefined();
  });
});
