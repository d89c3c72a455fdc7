import { Construct } from "constructs";
import { DataAwsAvailabilityZones } from "@cdktf/provider-aws/lib/data-aws-availability-zones";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { Fn } from "cdktf";
import { AwsEnvironment } from "../config/aws-environment";
import { subnetLayout } from "../config/cidr";
import { encryptedLogGroup } from "./log-group";
import { ServiceRole } from "./service-role";

export interface NetworkProps {
  /** Prefix of every name, e.g. `trustwrapper-prod`. */
  readonly namePrefix: string;
  /** Region, partition and account of the stack. */
  readonly env: AwsEnvironment;
  /** The VPC's IPv4 range. */
  readonly cidr: string;
  /** Availability zones the subnets span (one public and one private subnet in each). */
  readonly availabilityZones: number;
  /**
   * The zones by ID, one per `availabilityZones`, in subnet order. Default none: the region's
   * first zones by name that need no opt-in.
   */
  readonly availabilityZoneIds?: string[];
  /** `single`: one NAT gateway; `perAz`: one NAT gateway in each zone. */
  readonly natGateways: "single" | "perAz";
  /** An S3 gateway endpoint on the private route tables, so S3 traffic bypasses NAT. Default false. */
  readonly s3GatewayEndpoint?: boolean;
  /** ARN of the KMS key that encrypts the flow-log group. */
  readonly kmsKeyArn: string;
  /** Days the flow logs are kept. */
  readonly flowLogRetentionDays: number;
}

/** What the constructs placed in a VPC need from it, whether the stack created it or adopted it. */
export interface VpcNetwork {
  readonly vpcId: string;
  /** Subnets routed to an internet gateway: the load balancer's. */
  readonly publicSubnetIds: string[];
  /** Subnets without public addresses: tasks, database, cache. */
  readonly privateSubnetIds: string[];
}

/**
 * The VPC of the guide's `ec2.Vpc(max_azs=2, nat_gateways=1)`: public subnets with an internet
 * gateway for the load balancer, private subnets that reach out through NAT for everything
 * else, the default security group stripped of its rules, and flow logs of all traffic.
 */
export class Network extends Construct implements VpcNetwork {
  readonly vpc: Vpc;
  readonly publicSubnets: Subnet[] = [];
  readonly privateSubnets: Subnet[] = [];
  readonly natGateways: NatGateway[] = [];
  readonly privateRouteTables: RouteTable[] = [];
  /** The S3 gateway endpoint, when `s3GatewayEndpoint` is set. */
  readonly s3Endpoint?: VpcEndpoint;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const zoneIds = props.availabilityZoneIds;
    const zones = new DataAwsAvailabilityZones(this, "zones", {
      state: "available",
      // Listing the zone IDs closes the set: a zone AWS adds to the region never joins it.
      filter: zoneIds === undefined ? [{ name: "opt-in-status", values: ["opt-in-not-required"] }] : [{ name: "zone-id", values: zoneIds }],
      lifecycle:
        zoneIds === undefined
          ? undefined
          : {
              // A mistyped or unavailable zone fails the plan, naming the option, before any subnet is created.
              postcondition: [
                {
                  condition: `\${length(self.zone_ids) == ${zoneIds.length}}`,
                  errorMessage: `network.availabilityZoneIds: expected ${zoneIds.join(", ")} to be available zones of ${props.env.region}`,
                },
              ],
            },
    });
    this.vpc = new Vpc(this, "vpc", {
      cidrBlock: props.cidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: props.namePrefix },
    });
    new DefaultSecurityGroup(this, "default-security-group", { vpcId: this.vpc.id, tags: { Name: `${props.namePrefix}-default-unused` } });
    const internetGateway = new InternetGateway(this, "internet-gateway", { vpcId: this.vpc.id, tags: { Name: props.namePrefix } });

    const publicRoutes = new RouteTable(this, "public-routes", { vpcId: this.vpc.id, tags: { Name: `${props.namePrefix}-public` } });
    new Route(this, "public-default-route", {
      routeTableId: publicRoutes.id,
      destinationCidrBlock: "0.0.0.0/0",
      gatewayId: internetGateway.id,
    });

    const layout = subnetLayout(props.cidr, props.availabilityZones);
    for (let index = 0; index < props.availabilityZones; index++) {
      // By ID where given (the same zone in every account), else the index-th zone name.
      const zone = zoneIds === undefined ? { availabilityZone: Fn.element(zones.names, index) } : { availabilityZoneId: zoneIds[index] };
      const publicSubnet = new Subnet(this, `public-subnet-${index}`, {
        vpcId: this.vpc.id,
        ...zone,
        cidrBlock: layout.public[index],
        mapPublicIpOnLaunch: false,
        tags: { Name: `${props.namePrefix}-public-${index}`, Tier: "public" },
      });
      new RouteTableAssociation(this, `public-subnet-${index}-routes`, { subnetId: publicSubnet.id, routeTableId: publicRoutes.id });
      this.publicSubnets.push(publicSubnet);

      if (index === 0 || props.natGateways === "perAz") {
        const address = new Eip(this, `nat-address-${index}`, { domain: "vpc", tags: { Name: `${props.namePrefix}-nat-${index}` } });
        this.natGateways.push(
          new NatGateway(this, `nat-gateway-${index}`, {
            allocationId: address.allocationId,
            subnetId: publicSubnet.id,
            tags: { Name: `${props.namePrefix}-${index}` },
            dependsOn: [internetGateway],
          }),
        );
      }
      const nat = this.natGateways[this.natGateways.length - 1];

      const privateSubnet = new Subnet(this, `private-subnet-${index}`, {
        vpcId: this.vpc.id,
        ...zone,
        cidrBlock: layout.private[index],
        tags: { Name: `${props.namePrefix}-private-${index}`, Tier: "private" },
      });
      const privateRoutes = new RouteTable(this, `private-routes-${index}`, {
        vpcId: this.vpc.id,
        tags: { Name: `${props.namePrefix}-private-${index}` },
      });
      new Route(this, `private-default-route-${index}`, {
        routeTableId: privateRoutes.id,
        destinationCidrBlock: "0.0.0.0/0",
        natGatewayId: nat.id,
      });
      new RouteTableAssociation(this, `private-subnet-${index}-routes`, { subnetId: privateSubnet.id, routeTableId: privateRoutes.id });
      this.privateSubnets.push(privateSubnet);
      this.privateRouteTables.push(privateRoutes);
    }
    if (props.s3GatewayEndpoint) {
      // Routes to S3 by prefix list, which wins over the NAT default route for S3's addresses.
      this.s3Endpoint = new VpcEndpoint(this, "s3-gateway-endpoint", {
        vpcId: this.vpc.id,
        serviceName: `com.amazonaws.${props.env.region}.s3`,
        vpcEndpointType: "Gateway",
        routeTableIds: this.privateRouteTables.map((t) => t.id),
        tags: { Name: `${props.namePrefix}-s3` },
      });
    }

    const flowLogGroup = encryptedLogGroup(this, "flow-log-group", {
      name: `/vpc/${props.namePrefix}/flow-logs`,
      retentionDays: props.flowLogRetentionDays,
      kmsKeyArn: props.kmsKeyArn,
    });
    const flowLogRole = new ServiceRole(this, "flow-log-role", {
      name: `${props.namePrefix}-${props.env.region}-flow-logs`,
      description: "VPC flow logs deliver to their log group",
      servicePrincipal: "vpc-flow-logs.amazonaws.com",
      sourceAccount: props.env.accountId,
      statements: [
        {
          actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          resources: [flowLogGroup.arn, `${flowLogGroup.arn}:*`],
        },
      ],
    });
    new FlowLog(this, "flow-log", {
      vpcId: this.vpc.id,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: flowLogGroup.arn,
      iamRoleArn: flowLogRole.arn,
      maxAggregationInterval: 60,
    });
  }

  get vpcId(): string {
    return this.vpc.id;
  }

  get publicSubnetIds(): string[] {
    return this.publicSubnets.map((s) => s.id);
  }

  get privateSubnetIds(): string[] {
    return this.privateSubnets.map((s) => s.id);
  }
}
