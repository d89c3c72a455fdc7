import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { subnetLayout } from "../../src/config/cidr";
import { Network, NetworkProps } from "../../src/constructs/network";
import { bodies, ENV, synthConstruct } from "./synth";

const KEY = "arn:aws:kms:eu-west-1:111122223333:key/k";

function synth(props: Partial<NetworkProps> = {}) {
  return synthConstruct(
    (scope) =>
      new Network(scope, "network", {
        namePrefix: "tw-test",
        env: ENV,
        cidr: "10.0.0.0/16",
        availabilityZones: 2,
        natGateways: "single",
        kmsKeyArn: KEY,
        flowLogRetentionDays: 30,
        ...props,
      }),
  );
}

describe("subnetLayout", () => {
  it("carves /(prefix+4) subnets: public ones from the bottom, private ones from the middle of the range", () => {
    expect(subnetLayout("10.0.0.0/16", 3)).toEqual({ public: ["10.0.0.0/20", "10.0.16.0/20", "10.0.32.0/20"], private: ["10.0.128.0/20", "10.0.144.0/20", "10.0.160.0/20"] });
  });
});

describe("Network", () => {
  it("is a VPC with DNS, a default security group without rules, and public and private subnets of the layout in each zone", () => {
    const { text, resources } = synth({ availabilityZones: 3 });
    expect(text).toHaveResourceWithProperties(Vpc, { cidr_block: "10.0.0.0/16", enable_dns_hostnames: true, enable_dns_support: true });
    expect(text).toHaveResource(DefaultSecurityGroup);
    expect(bodies(resources, "aws_default_security_group")[0].ingress).toBeUndefined();
    const subnets = bodies(resources, "aws_subnet");
    const tier = (name: string) => subnets.filter((s) => s.tags.Tier === name).map((s) => s.cidr_block);
    expect({ public: tier("public"), private: tier("private") }).toEqual(subnetLayout("10.0.0.0/16", 3));
    // Nothing gets a public address by being launched in a public subnet.
    expect(subnets.filter((s) => s.map_public_ip_on_launch === true)).toEqual([]);
  });

  it("routes the private subnets out through one NAT gateway, or one per zone", () => {
    const single = synth({ availabilityZones: 3 }).resources;
    expect(bodies(single, "aws_nat_gateway")).toHaveLength(1);
    expect(
      new Set(
        bodies(single, "aws_route")
          .filter((r) => r.nat_gateway_id)
          .map((r) => r.nat_gateway_id),
      ).size,
    ).toBe(1);
    const perAz = synth({ availabilityZones: 3, natGateways: "perAz" }).resources;
    expect(bodies(perAz, "aws_nat_gateway")).toHaveLength(3);
    expect(
      new Set(
        bodies(perAz, "aws_route")
          .filter((r) => r.nat_gateway_id)
          .map((r) => r.nat_gateway_id),
      ).size,
    ).toBe(3);
  });

  it("adds an S3 gateway endpoint on every private route table only when asked", () => {
    expect(synth().text).not.toHaveResource(VpcEndpoint);
    const { text, resources } = synth({ s3GatewayEndpoint: true });
    expect(text).toHaveResourceWithProperties(VpcEndpoint, { service_name: "com.amazonaws.eu-west-1.s3", vpc_endpoint_type: "Gateway" });
    expect(bodies(resources, "aws_vpc_endpoint")[0].route_table_ids).toHaveLength(2);
  });

  it("logs all traffic, every minute, into an encrypted log group", () => {
    const { text, resources } = synth();
    expect(text).toHaveResourceWithProperties(FlowLog, { traffic_type: "ALL", log_destination_type: "cloud-watch-logs", max_aggregation_interval: 60 });
    expect(bodies(resources, "aws_cloudwatch_log_group")).toEqual([expect.objectContaining({ name: "/vpc/tw-test/flow-logs", kms_key_id: KEY, retention_in_days: 30 })]);
  });
});
