import { SecurityGroup as AwsSecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SecurityGroup } from "../../src/constructs/security-group";
import { bodies, synthConstruct } from "./synth";

const PROPS = { description: "test", vpcId: "vpc-1" };

describe("SecurityGroup", () => {
  it("starts with no rule at all, and revokes its rules on delete", () => {
    const { text, resources } = synthConstruct((scope) => new SecurityGroup(scope, "sg", { name: "tw-test-a", ...PROPS }));
    expect(text).toHaveResourceWithProperties(AwsSecurityGroup, { name: "tw-test-a", vpc_id: "vpc-1", revoke_rules_on_delete: true });
    const [group] = bodies(resources, "aws_security_group");
    expect([group.ingress, group.egress]).toEqual([undefined, undefined]);
    expect(bodies(resources, "aws_vpc_security_group_ingress_rule")).toEqual([]);
  });

  it("connects one group to another on one TCP port: egress here, ingress there, each naming the other", () => {
    const { resources } = synthConstruct((scope) => {
      const app = new SecurityGroup(scope, "app", { name: "tw-test-app", ...PROPS });
      const db = new SecurityGroup(scope, "db", { name: "tw-test-db", ...PROPS });
      app.connectTo(db, 5432, "app to database");
    });
    const [egress] = bodies(resources, "aws_vpc_security_group_egress_rule");
    const [ingress] = bodies(resources, "aws_vpc_security_group_ingress_rule");
    for (const rule of [egress, ingress]) expect(rule).toMatchObject({ ip_protocol: "tcp", from_port: 5432, to_port: 5432, description: "app to database" });
    expect(egress.security_group_id).toBe(ingress.referenced_security_group_id);
    expect(ingress.security_group_id).toBe(egress.referenced_security_group_id);
  });

  it("opens a port from or to a CIDR, and from a prefix list", () => {
    const { resources } = synthConstruct((scope) => {
      const sg = new SecurityGroup(scope, "sg", { name: "tw-test-a", ...PROPS });
      sg.allowIngressFromCidr("10.0.0.0/16", 443, "from the VPC");
      sg.allowIngressFromPrefixList("pl-1", 443, "from CloudFront");
      sg.allowEgressToCidr("0.0.0.0/0", 443, "HTTPS out");
    });
    expect(bodies(resources, "aws_vpc_security_group_ingress_rule").map((r) => [r.cidr_ipv4, r.prefix_list_id, r.from_port])).toEqual([
      ["10.0.0.0/16", undefined, 443],
      [undefined, "pl-1", 443],
    ]);
    expect(bodies(resources, "aws_vpc_security_group_egress_rule").map((r) => [r.cidr_ipv4, r.from_port])).toEqual([["0.0.0.0/0", 443]]);
  });
});
