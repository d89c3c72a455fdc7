import { Construct } from "constructs";
import { SecurityGroup as AwsSecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";

export interface SecurityGroupProps {
  /** Group name, unique in the VPC (AWS refuses names starting with `sg-`). */
  readonly name: string;
  /** What the group guards; changing it replaces the group. */
  readonly description: string;
  /** VPC of the group. */
  readonly vpcId: string;
}

/**
 * A security group whose rules are separate `aws_vpc_security_group_*_rule` resources (never
 * inline), starting with no rule at all: every allowed flow, egress included, is written out.
 */
export class SecurityGroup extends Construct {
  readonly group: AwsSecurityGroup;

  constructor(scope: Construct, id: string, props: SecurityGroupProps) {
    super(scope, id);
    this.group = new AwsSecurityGroup(this, "group", {
      name: props.name,
      description: props.description,
      vpcId: props.vpcId,
      revokeRulesOnDelete: true,
    });
  }

  get id(): string {
    return this.group.id;
  }

  /**
   * Lets this group open TCP connections to `target` on `port`: an egress rule here and the
   * matching ingress rule on the target, each referencing the other group.
   */
  connectTo(target: SecurityGroup, port: number, description: string): void {
    new VpcSecurityGroupEgressRule(this, `egress-${target.node.id}-${port}`, {
      securityGroupId: this.id,
      referencedSecurityGroupId: target.id,
      ipProtocol: "tcp",
      fromPort: port,
      toPort: port,
      description,
    });
    new VpcSecurityGroupIngressRule(target, `ingress-${this.node.id}-${port}`, {
      securityGroupId: target.id,
      referencedSecurityGroupId: this.id,
      ipProtocol: "tcp",
      fromPort: port,
      toPort: port,
      description,
    });
  }

  /** Allows TCP connections on `port` from an IPv4 range. */
  allowIngressFromCidr(cidr: string, port: number, description: string): void {
    new VpcSecurityGroupIngressRule(this, `ingress-${cidrId(cidr)}-${port}`, {
      securityGroupId: this.id,
      cidrIpv4: cidr,
      ipProtocol: "tcp",
      fromPort: port,
      toPort: port,
      description,
    });
  }

  /** Allows TCP connections on `port` from the addresses of a managed prefix list. */
  allowIngressFromPrefixList(prefixListId: string, port: number, description: string): void {
    new VpcSecurityGroupIngressRule(this, `ingress-prefix-list-${port}`, {
      securityGroupId: this.id,
      prefixListId,
      ipProtocol: "tcp",
      fromPort: port,
      toPort: port,
      description,
    });
  }

  /** Allows TCP connections on `port` to an IPv4 range. */
  allowEgressToCidr(cidr: string, port: number, description: string): void {
    new VpcSecurityGroupEgressRule(this, `egress-${cidrId(cidr)}-${port}`, {
      securityGroupId: this.id,
      cidrIpv4: cidr,
      ipProtocol: "tcp",
      fromPort: port,
      toPort: port,
      description,
    });
  }
}

function cidrId(cidr: string): string {
  return cidr === "0.0.0.0/0" ? "anywhere" : cidr.replace(/[./]/g, "-");
}
