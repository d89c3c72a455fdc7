import { Construct } from "constructs";
import { DataAwsSubnet } from "@cdktf/provider-aws/lib/data-aws-subnet";
import { DataAwsVpc } from "@cdktf/provider-aws/lib/data-aws-vpc";
import { VpcNetwork } from "./network";

export interface ExistingNetworkProps {
  /** ID of the VPC, e.g. `vpc-0abc...`. */
  readonly vpcId: string;
  /** Subnets for the internet-facing load balancer (routed to an internet gateway), one per zone. */
  readonly publicSubnetIds: readonly string[];
  /** Subnets for tasks, database and cache (with a route out through NAT), one per zone. */
  readonly privateSubnetIds: readonly string[];
}

/**
 * A VPC the user already runs, adopted by ID: data sources only, so nothing is created or
 * changed in it, and `terraform plan` fails early when an ID does not exist or a subnet
 * belongs to another VPC.
 */
export class ExistingNetwork extends Construct implements VpcNetwork {
  readonly vpcId: string;
  readonly publicSubnetIds: string[];
  readonly privateSubnetIds: string[];

  constructor(scope: Construct, id: string, props: ExistingNetworkProps) {
    super(scope, id);
    const vpc = new DataAwsVpc(this, "vpc", { id: props.vpcId });
    this.vpcId = vpc.id;
    const lookUp = (tier: string, subnetIds: readonly string[]) =>
      subnetIds.map((subnetId, index) => new DataAwsSubnet(this, `${tier}-subnet-${index}`, { id: subnetId, vpcId: vpc.id }).id);
    this.publicSubnetIds = lookUp("public", props.publicSubnetIds);
    this.privateSubnetIds = lookUp("private", props.privateSubnetIds);
  }
}
