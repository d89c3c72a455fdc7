import { parseConfig } from "../src/config/load";
import { zoneIdPrefix } from "../src/config/aws-environment";
import { estimateStack } from "../src/cost/estimate";
import { loadPriceSheet } from "../src/cost/price-sheet";
import { HybridStack } from "../src/stacks/hybrid-stack";
import { ServerlessStack } from "../src/stacks/serverless-stack";
import { address, bodyOf, config, createdNetwork, onlyResource, ref, resourcesOf, stackKey, synthContainer, synthStack } from "./helpers";

const CODE = { s3Bucket: "my-artifacts", s3Key: "trustwrapper/lambda.zip" };

function errorsOf(input: unknown): readonly string[] {
  const result = parseConfig(input);
  if (result.ok) throw new Error("expected the configuration to be rejected");
  return result.errors;
}

describe("load balancer web ACL (loadBalancerWebAcl)", () => {
  const prod = synthContainer();

  it("is on by default in prod: a REGIONAL web ACL associated with the load balancer", () => {
    const webAcl = prod.stack.tier.webAcl!;
    expect(bodyOf(prod.json, webAcl.webAcl)).toMatchObject({ name: "trustwrapper-prod-alb", scope: "REGIONAL", default_action: { allow: {} } });
    // The stack's own provider: a regional web ACL must be in the load balancer's region.
    expect(bodyOf(prod.json, webAcl.webAcl).provider).toBeUndefined();
    expect(onlyResource(prod.json, "aws_wafv2_web_acl_association")).toEqual({
      resource_arn: ref(prod.stack.tier.loadBalancer.loadBalancer, "arn"),
      web_acl_arn: ref(webAcl.webAcl, "arn"),
    });
  });

  it("has the edge's managed rules, counts large bodies instead of blocking them, and rate-limits per IP", () => {
    const rules = bodyOf(prod.json, prod.stack.tier.webAcl!.webAcl).rule;
    expect(rules.map((r: any) => r.name)).toEqual(["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "rate-limit-per-ip"]);
    expect(rules[0].statement[0].managed_rule_group_statement[0].rule_action_override).toEqual([{ name: "SizeRestrictions_BODY", action_to_use: [{ count: [{}] }] }]);
    expect(rules[2].statement[0].rate_based_statement[0]).toEqual({ limit: 2000, aggregate_key_type: "IP" });
  });

  it("logs every request, credentials redacted, to an aws-waf-logs- group encrypted with the stack's key", () => {
    const logging = onlyResource(prod.json, "aws_wafv2_web_acl_logging_configuration");
    const [groupRef] = logging.log_destination_configs;
    const group = Object.entries(resourcesOf(prod.json, "aws_cloudwatch_log_group")).find(([name]) => groupRef === `\${aws_cloudwatch_log_group.${name}.arn}`)?.[1];
    expect(group).toMatchObject({ name: "aws-waf-logs-trustwrapper-prod-alb", kms_key_id: ref(stackKey(prod.stack), "arn"), retention_in_days: 365 });
    expect(logging.redacted_fields.map((f: any) => f.single_header.name)).toEqual(["authorization", "x-api-key", "cookie"]);
  });

  it("is off by default outside prod, and on where enabled", () => {
    expect(resourcesOf(synthContainer({ environment: "dev" }).json, "aws_wafv2_web_acl")).toEqual({});
    const dev = synthContainer({ environment: "dev", loadBalancerWebAcl: { enabled: true, rateLimit: 300 } });
    expect(bodyOf(dev.json, dev.stack.tier.webAcl!.webAcl).rule[2].statement[0].rate_based_statement[0].limit).toBe(300);
    expect(resourcesOf(synthContainer({ loadBalancerWebAcl: { enabled: false } }).json, "aws_wafv2_web_acl")).toEqual({});
  });

  it("is off by default in the hybrid architecture (CloudFront's web ACL checks every request), on where enabled", () => {
    const hybrid = (input: Record<string, unknown> = {}) => synthStack(HybridStack, { architecture: "hybrid", serverless: { function: { code: CODE } }, ...input });
    const byDefault = hybrid();
    expect(byDefault.stack.containerTier.webAcl).toBeUndefined();
    expect(Object.values(resourcesOf(byDefault.json, "aws_wafv2_web_acl")).map((acl) => acl.scope)).toEqual(["CLOUDFRONT"]);
    const both = hybrid({ loadBalancerWebAcl: { enabled: true } });
    expect(
      Object.values(resourcesOf(both.json, "aws_wafv2_web_acl"))
        .map((acl) => acl.scope)
        .sort(),
    ).toEqual(["CLOUDFRONT", "REGIONAL"]);
    expect(onlyResource(both.json, "aws_wafv2_web_acl_association").resource_arn).toBe(ref(both.stack.containerTier.loadBalancer.loadBalancer, "arn"));
  });

  it("rejects a rate limit WAF does not accept, naming the field", () => {
    expect(errorsOf({ loadBalancerWebAcl: { rateLimit: 5 } })).toEqual(["loadBalancerWebAcl.rateLimit: expected a request count from 10 to 2000000000"]);
  });

  it("is in the cost estimate: the web ACL, its rules and the inspected requests", () => {
    const sheet = loadPriceSheet("us-east-1")!;
    const wafLines = (json: unknown) => estimateStack(json as any, sheet, config().estimate).lines.filter((l) => l.service === "WAF");
    expect(wafLines(prod.json).map((l) => [l.address, l.priceKey])).toEqual([
      [address(prod.stack.tier.webAcl!.webAcl), "waf.webAclMonth"],
      [address(prod.stack.tier.webAcl!.webAcl), "waf.ruleMonth"],
      [address(prod.stack.tier.webAcl!.webAcl), "waf.millionRequests"],
    ]);
    expect(wafLines(synthContainer({ environment: "dev" }).json)).toEqual([]);
  });
});

describe("availability zones by ID (network.availabilityZoneIds)", () => {
  it("pins each subnet to its zone ID and closes the zone lookup to those IDs", () => {
    const s = synthContainer({ network: { availabilityZoneIds: ["use1-az4", "use1-az6"] } });
    const network = createdNetwork(s.stack);
    for (const [index, subnet] of [...network.publicSubnets.entries(), ...network.privateSubnets.entries()]) {
      const body = bodyOf(s.json, subnet);
      expect(body.availability_zone_id).toBe(["use1-az4", "use1-az6"][index]);
      expect(body.availability_zone).toBeUndefined();
    }
    const [zones] = Object.values(s.json.data.aws_availability_zones);
    expect(zones.filter).toEqual([{ name: "zone-id", values: ["use1-az4", "use1-az6"] }]);
    expect(zones.lifecycle.postcondition).toEqual([
      {
        condition: "${length(self.zone_ids) == 2}",
        error_message: "network.availabilityZoneIds: expected use1-az4, use1-az6 to be available zones of us-east-1",
      },
    ]);
  });

  it("leaves the subnets of a configuration without it where they were (zones by name)", () => {
    const s = synthContainer();
    const [zones] = Object.values(s.json.data.aws_availability_zones);
    expect(zones.filter).toEqual([{ name: "opt-in-status", values: ["opt-in-not-required"] }]);
    expect(zones.lifecycle).toBeUndefined();
    expect(bodyOf(s.json, createdNetwork(s.stack).publicSubnets[0]).availability_zone_id).toBeUndefined();
  });

  it.each([
    [{ network: { availabilityZoneIds: ["use1-az1"] } }, "network.availabilityZoneIds: expected 2 zone IDs (network.availabilityZones), got 1"],
    [{ network: { availabilityZoneIds: ["use1-az1", "use1-az1"] } }, "network.availabilityZoneIds: expected each zone ID once"],
    [{ network: { availabilityZoneIds: ["use1-az1", "us-east-1b"] } }, "network.availabilityZoneIds.1: expected an availability zone ID such as use1-az1"],
    [
      { region: "eu-west-1", network: { availabilityZoneIds: ["euw1-az1", "use1-az2"] } },
      "network.availabilityZoneIds: use1-az2 is not a zone of eu-west-1 (its zone IDs are euw1-az1, euw1-az2, ...)",
    ],
    [
      {
        network: {
          availabilityZoneIds: ["use1-az1", "use1-az2"],
          existingVpc: {
            vpcId: "vpc-0123456789abcdef0",
            publicSubnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"],
            privateSubnetIds: ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"],
          },
        },
      },
      "network.availabilityZoneIds: not used with existingVpc",
    ],
  ])("rejects %j", (input, expected) => {
    const errors = errorsOf(input);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(expected);
  });

  it.each([
    ["us-east-1", "use1"],
    ["ap-southeast-2", "apse2"],
    ["eu-central-1", "euc1"],
    ["ap-northeast-3", "apne3"],
    ["ca-west-1", "caw1"],
    ["us-gov-west-1", undefined],
    ["cn-north-1", undefined],
  ])("knows the zone ID prefix of %s", (region, prefix) => {
    expect(zoneIdPrefix(region)).toBe(prefix);
  });
});

describe("the guide's debugging commands of the function (the service's: troubleshooting.test.ts)", () => {
  it("hybrid: the service's and the function's commands, and /verify through CloudFront", () => {
    const s = synthStack(HybridStack, { architecture: "hybrid", serverless: { function: { code: CODE } } });
    expect(s.json.output.service_logs_command.value).toBe(`aws logs tail ${ref(s.stack.containerTier.service.logGroup, "name")} --follow --region us-east-1`);
    expect(s.json.output.function_logs_command.value).toBe(`aws logs tail ${ref(s.stack.serverlessTier.function.logGroup, "name")} --follow --region us-east-1`);
    expect(s.json.output.verify_command.value).toContain("curl -sS -X POST https://trustwrapper.yourdomain.com/verify ");
  });

  it("serverless: the function's logs and /verify at the stage URL; no ECS commands", () => {
    const s = synthStack(ServerlessStack, { architecture: "serverless", serverless: { function: { code: CODE } } });
    expect(s.json.output.verify_command.value).toContain(`curl -sS -X POST ${ref(s.stack.tier.api.stage, "invoke_url")}/verify `);
    // The log group's own name: the function's logging_config read back can be empty (the emulator's is), and an output indexing it fails the plan.
    expect(s.json.output.function_logs_command.value).toBe(`aws logs tail ${ref(s.stack.tier.function.logGroup, "name")} --follow --region us-east-1`);
    expect(s.json.output.describe_service_command).toBeUndefined();
  });
});
