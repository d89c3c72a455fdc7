import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Wafv2WebAcl } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { COUNTED_MANAGED_RULES, MANAGED_RULE_GROUPS, REDACTED_HEADERS, WebAcl } from "../../src/constructs/web-acl";
import { bodies, synthConstruct } from "./synth";

const KEY = "arn:aws:kms:us-east-1:111122223333:key/k";

describe("WebAcl at the edge (CLOUDFRONT scope)", () => {
  const { text, resources } = synthConstruct((scope) => {
    const provider = new AwsProvider(scope, "us-east-1", { region: "us-east-1", alias: "us-east-1" });
    new WebAcl(scope, "web-acl", {
      name: "tw-test-edge",
      scope: "CLOUDFRONT",
      description: "TrustWrapper edge",
      rateLimit: 2000,
      provider,
      logsKmsKeyArn: KEY,
      logRetentionDays: 90,
    });
  });
  const [acl] = bodies(resources, "aws_wafv2_web_acl");

  it("is a CloudFront-scope web ACL in us-east-1 that allows what no rule blocks", () => {
    expect(text).toHaveResourceWithProperties(Wafv2WebAcl, { name: "tw-test-edge", scope: "CLOUDFRONT", default_action: { allow: {} }, provider: "aws.us-east-1" });
  });

  it("applies AWS's managed rule groups in order, counting (not blocking) the rules that would refuse large AI answers, then blocks floods per IP", () => {
    expect(acl.rule.map((r: any) => [r.priority, r.name])).toEqual([...MANAGED_RULE_GROUPS.map((name, i) => [i + 1, name]), [3, "rate-limit-per-ip"]]);
    const common = acl.rule[0].statement[0].managed_rule_group_statement[0];
    expect(common.rule_action_override.map((o: any) => o.name)).toEqual(COUNTED_MANAGED_RULES.AWSManagedRulesCommonRuleSet);
    expect(acl.rule[2]).toMatchObject({ action: { block: {} }, statement: [{ rate_based_statement: [{ limit: 2000, aggregate_key_type: "IP" }] }] });
    for (const rule of acl.rule) expect(rule.visibility_config).toMatchObject({ cloudwatch_metrics_enabled: true, sampled_requests_enabled: true });
  });

  it("logs every request, credentials redacted, to an encrypted aws-waf-logs- group in us-east-1", () => {
    expect(bodies(resources, "aws_cloudwatch_log_group")).toEqual([
      expect.objectContaining({ name: "aws-waf-logs-tw-test-edge", kms_key_id: KEY, retention_in_days: 90, provider: "aws.us-east-1" }),
    ]);
    const [logging] = bodies(resources, "aws_wafv2_web_acl_logging_configuration");
    expect(logging.redacted_fields.map((f: any) => f.single_header.name)).toEqual([...REDACTED_HEADERS]);
  });
});
