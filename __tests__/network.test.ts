import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { cidrSubnet } from "../src/config/cidr";
import { bodyOf, ref, resourcesOf, synthContainer, Synthesized, stackKey, createdNetwork } from "./helpers";

describe("cidrSubnet", () => {
  it.each([
    ["10.0.0.0/16", 4, 0, "10.0.0.0/20"],
    ["10.0.0.0/16", 4, 8, "10.0.128.0/20"],
    ["10.0.0.0/16", 4, 9, "10.0.144.0/20"],
    ["172.16.0.0/24", 4, 15, "172.16.0.240/28"],
  ])("cidrsubnet(%s, %i, %i) = %s", (prefix, bits, num, expected) => {
    expect(cidrSubnet(prefix, bits, num)).toBe(expected);
  });

  it("refuses a network number that does not fit", () => {
    expect(() => cidrSubnet("10.0.0.0/16", 4, 16)).toThrow("does not fit");
  });
});

describe("Network (defaults)", () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthContainer();
  });

  it("creates the VPC with DNS support", () => {
    expect(s.text).toHaveResourceWithProperties(Vpc, { cidr_block: "10.0.0.0/16", enable_dns_hostnames: true, enable_dns_support: true });
  });

  it("spreads a public and a private subnet over each of 2 zones", () => {
    const subnets = Object.values(resourcesOf(s.json, "aws_subnet"));
    const [zones] = Object.keys(s.json.data.aws_availability_zones);
    const zone = (index: number) => `\${element(data.aws_availability_zones.${zones}.names, ${index})}`;
    expect(subnets.map((subnet) => [subnet.tags.Tier, subnet.cidr_block, subnet.availability_zone]).sort()).toEqual([
      ["private", "10.0.128.0/20", zone(0)],
      ["private", "10.0.144.0/20", zone(1)],
      ["public", "10.0.0.0/20", zone(0)],
      ["public", "10.0.16.0/20", zone(1)],
    ]);
    for (const subnet of subnets) expect(subnet.vpc_id).toBe(ref(createdNetwork(s.stack).vpc, "id"));
    expect(subnets.every((subnet) => subnet.map_public_ip_on_launch !== true)).toBe(true);
  });

  it("routes the public subnets through the internet gateway and the private ones through one NAT gateway", () => {
    const [nat] = createdNetwork(s.stack).natGateways;
    expect(createdNetwork(s.stack).natGateways).toHaveLength(1);
    expect(bodyOf(s.json, nat).subnet_id).toBe(ref(createdNetwork(s.stack).publicSubnets[0], "id"));
    const routes = Object.values(resourcesOf(s.json, "aws_route"));
    expect(routes.filter((r) => r.gateway_id?.startsWith("${aws_internet_gateway."))).toHaveLength(1);
    const natRoutes = routes.filter((r) => r.nat_gateway_id !== undefined);
    expect(natRoutes).toHaveLength(2);
    for (const route of natRoutes) {
      expect(route.destination_cidr_block).toBe("0.0.0.0/0");
      expect(route.nat_gateway_id).toBe(ref(nat, "id"));
    }
    expect(Object.keys(resourcesOf(s.json, "aws_route_table_association"))).toHaveLength(4);
  });

  it("strips the default security group of every rule", () => {
    expect(s.text).toHaveResourceWithProperties(DefaultSecurityGroup, { vpc_id: ref(createdNetwork(s.stack).vpc, "id") });
    const group = Object.values(resourcesOf(s.json, "aws_default_security_group"))[0];
    expect(group.ingress).toBeUndefined();
    expect(group.egress).toBeUndefined();
  });

  it("logs all traffic to an encrypted log group through a scoped role", () => {
    expect(s.text).toHaveResourceWithProperties(FlowLog, {
      vpc_id: ref(createdNetwork(s.stack).vpc, "id"),
      traffic_type: "ALL",
      log_destination_type: "cloud-watch-logs",
    });
    const groups = Object.values(resourcesOf(s.json, "aws_cloudwatch_log_group"));
    const flowLogs = groups.find((g) => g.name === "/vpc/trustwrapper-prod/flow-logs");
    expect(flowLogs).toMatchObject({ retention_in_days: 365, kms_key_id: ref(stackKey(s.stack), "arn") });
  });
});

describe("Network options", () => {
  it("puts one NAT gateway in each zone with natGateways: perAz", () => {
    const s = synthContainer({ network: { natGateways: "perAz", availabilityZones: 3 } });
    expect(createdNetwork(s.stack).natGateways).toHaveLength(3);
    expect(Object.keys(resourcesOf(s.json, "aws_nat_gateway"))).toHaveLength(3);
    createdNetwork(s.stack).natGateways.forEach((nat, index) => {
      expect(bodyOf(s.json, nat).subnet_id).toBe(ref(createdNetwork(s.stack).publicSubnets[index], "id"));
    });
    expect(s.text).toHaveResource(NatGateway);
    expect(Object.keys(resourcesOf(s.json, "aws_subnet"))).toHaveLength(6);
  });

  it("carves the subnets from the configured range", () => {
    const s = synthContainer({ network: { vpcCidr: "172.20.0.0/20" } });
    const cidrs = Object.values(resourcesOf(s.json, "aws_subnet"))
      .map((subnet) => subnet.cidr_block)
      .sort();
    expect(cidrs).toEqual(["172.20.0.0/24", "172.20.1.0/24", "172.20.8.0/24", "172.20.9.0/24"]);
  });
});

describe("S3 gateway endpoint", () => {
  it("is off by default", () => {
    expect(resourcesOf(synthContainer().json, "aws_vpc_endpoint")).toEqual({});
  });

  it("routes S3 from every private route table with s3GatewayEndpoint: true, and not from the public one", () => {
    const s = synthContainer({ region: "eu-central-1", network: { s3GatewayEndpoint: true, availabilityZones: 3 } });
    const network = createdNetwork(s.stack);
    const endpoint = bodyOf(s.json, network.s3Endpoint!);
    expect(endpoint).toMatchObject({
      vpc_id: ref(network.vpc, "id"),
      service_name: "com.amazonaws.eu-central-1.s3",
      vpc_endpoint_type: "Gateway",
    });
    expect(endpoint.route_table_ids).toEqual(network.privateRouteTables.map((t) => ref(t, "id")));
    expect(endpoint.route_table_ids).toHaveLength(3);
  });
});
