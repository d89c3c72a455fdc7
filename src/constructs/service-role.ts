import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { PolicyStatement, policyDocument } from "./policy-document";

export interface ServiceRoleProps {
  /** Role name. */
  readonly name: string;
  /** What the role is for, shown in IAM. */
  readonly description: string;
  /** Service principal allowed to assume the role, e.g. `ecs-tasks.amazonaws.com`. */
  readonly servicePrincipal: string;
  /**
   * Account whose resources may make the service assume the role (confused-deputy guard).
   * Default none: only for account-wide roles such as API Gateway's logging role.
   */
  readonly sourceAccount?: string;
  /** Statements of the role's inline policy. Default none. */
  readonly statements?: PolicyStatement[];
  /** AWS-managed policies to attach, by ARN. Default none. */
  readonly managedPolicyArns?: string[];
  /**
   * Refuse to destroy the role and its policies (`lifecycle.prevent_destroy`), for a role that
   * serves more than this stack. Default false.
   */
  readonly keepOnDestroy?: boolean;
}

/** An IAM role that one AWS service assumes, with a least-privilege inline policy. */
export class ServiceRole extends Construct {
  readonly role: IamRole;
  /** The inline policy; none when the role has no statements. */
  readonly policy?: IamRolePolicy;

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    const trust = policyDocument(this, "trust", [
      {
        actions: ["sts:AssumeRole"],
        principals: [{ type: "Service", identifiers: [props.servicePrincipal] }],
        condition: props.sourceAccount === undefined ? undefined : [{ test: "StringEquals", variable: "aws:SourceAccount", values: [props.sourceAccount] }],
      },
    ]);
    const lifecycle = props.keepOnDestroy ? { preventDestroy: true } : undefined;
    this.role = new IamRole(this, "role", {
      name: props.name,
      description: props.description,
      assumeRolePolicy: trust.json,
      lifecycle,
    });
    if (props.statements && props.statements.length > 0) {
      const policy = policyDocument(this, "policy-document", props.statements);
      this.policy = new IamRolePolicy(this, "policy", { name: props.name, role: this.role.id, policy: policy.json, lifecycle });
    }
    (props.managedPolicyArns ?? []).forEach((arn, index) => {
      new IamRolePolicyAttachment(this, `managed-policy-${index}`, { role: this.role.name, policyArn: arn, lifecycle });
    });
  }

  get arn(): string {
    return this.role.arn;
  }
}
