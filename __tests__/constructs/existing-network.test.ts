import { DataAwsVpc } from "@cdktf/provider-aws/lib/data-aws-vpc";
import { TerraformOutput } from "cdktf";
import { ExistingNetwork, ExistingNetworkProps } from "../../src/constructs/existing-network";
import { bodies, synthConstruct } from "./synth";

const PROPS: ExistingNetworkProps = { vpcId: "vpc-1", publicSubnetIds: ["subnet-pa", "subnet-pb"], privateSubnetIds: ["subnet-qa", "subnet-qb", "subnet-qc"] };

function synth() {
  return synthConstruct((scope) => {
    const network = new ExistingNetwork(scope, "network", PROPS);
    new TerraformOutput(scope, "ids", { value: { vpc: network.vpcId, public: network.publicSubnetIds, private: network.privateSubnetIds } });
  });
}

describe("ExistingNetwork", () => {
  it("creates nothing: it looks up the VPC and each subnet by ID, each subnet in that VPC", () => {
    const { text, resources, data } = synth();
    expect(resources).toEqual({});
    expect(text).toHaveDataSourceWithProperties(DataAwsVpc, { id: "vpc-1" });
    const [vpc] = Object.keys(data.aws_vpc);
    const subnets = bodies(data, "aws_subnet");
    expect(subnets.map((s) => s.id).sort()).toEqual(["subnet-pa", "subnet-pb", "subnet-qa", "subnet-qb", "subnet-qc"]);
    for (const subnet of subnets) expect(subnet.vpc_id).toBe(`\${data.aws_vpc.${vpc}.id}`);
  });

  it("hands on the looked-up IDs, public and private apart, in the order given", () => {
    const { text, data } = synth();
    const [vpc] = Object.keys(data.aws_vpc);
    const subnetId = (id: string) => {
      const name = Object.keys(data.aws_subnet).find((key) => data.aws_subnet[key].id === id);
      return `\${data.aws_subnet.${name}.id}`;
    };
    expect(JSON.parse(text).output.ids.value).toEqual({
      vpc: `\${data.aws_vpc.${vpc}.id}`,
      public: PROPS.publicSubnetIds.map(subnetId),
      private: PROPS.privateSubnetIds.map(subnetId),
    });
  });
});
