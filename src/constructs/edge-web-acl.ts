import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { Wafv2WebAcl } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Wafv2WebAclLoggingConfiguration } from "@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration";
import { encryptedLogGroup } from "./log-group";

export interface EdgeWebAclProps {
  /** Web ACL name, e.g. `trustwrapper-prod-edge`. */
  readonly name: string;
  /** Requests per 5 minutes one IP address may send before it is blocked. */
  readonly rateLimit: number;
  /** The us-east-1 provider: CloudFront web ACLs live there, whatever the stack's region. */
  readonly provider: TerraformProvider;
  /** ARN of a us-east-1 KMS key for the request log group. */
  readonly logsKmsKeyArn: string;
  /** Days the web ACL's log group keeps its logs. */
  readonly logRetentionDays: number;
}

/** Request headers the web ACL's logs never show: the API's credentials. */
export const REDACTED_HEADERS = ["authorization", "x-api-key", "cookie"] as const;

/** AWS managed rule groups the web ACL applies, in priority order. */
export const MANAGED_RULE_GROUPS = ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"] as const;

/**
 * Rules of those groups that only count (metrics, sampled requests) instead of blocking:
 * `SizeRestrictions_BODY` blocks bodies over 8 KB, and verification requests carry whole AI answers.
 */
export const COUNTED_MANAGED_RULES: Partial<Record<(typeof MANAGED_RULE_GROUPS)[number], readonly string[]>> = {
  AWSManagedRulesCommonRuleSet: ["SizeRestrictions_BODY"],
};

function visibility(metricName: string) {
  return { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName };
}

/**
 * The WAFv2 web ACL in front of CloudFront: AWS's common rules (large bodies counted, not
 * blocked: see COUNTED_MANAGED_RULES) and known-bad-inputs rules, and
 * a per-IP rate limit that blocks floods, with metrics and sampled requests for each rule, and
 * every request logged (credentials redacted) to an encrypted log group beside it in us-east-1.
 */
export class EdgeWebAcl extends Construct {
  readonly webAcl: Wafv2WebAcl;

  constructor(scope: Construct, id: string, props: EdgeWebAclProps) {
    super(scope, id);
    const managedRules = MANAGED_RULE_GROUPS.map((name, index) => ({
      name,
      priority: index + 1,
      overrideAction: { none: {} },
      // WAF statements are untyped in the provider bindings: written in Terraform's own names,
      // as lists of blocks, the form scanners read.
      statement: [
        {
          managed_rule_group_statement: [
            {
              name,
              vendor_name: "AWS",
              rule_action_override: (COUNTED_MANAGED_RULES[name] ?? []).map((rule) => ({ name: rule, action_to_use: [{ count: [{}] }] })),
            },
          ],
        },
      ],
      visibilityConfig: visibility(name),
    }));
    this.webAcl = new Wafv2WebAcl(this, "web-acl", {
      provider: props.provider,
      name: props.name,
      description: "TrustWrapper edge: AWS managed rules and a per-IP rate limit",
      scope: "CLOUDFRONT",
      defaultAction: { allow: {} },
      rule: [
        ...managedRules,
        {
          name: "rate-limit-per-ip",
          priority: managedRules.length + 1,
          action: { block: {} },
          statement: [{ rate_based_statement: [{ limit: props.rateLimit, aggregate_key_type: "IP" }] }],
          visibilityConfig: visibility("rate-limit-per-ip"),
        },
      ],
      visibilityConfig: visibility(props.name),
    });
    const logGroup = encryptedLogGroup(this, "log-group", {
      // WAF delivers only to log groups whose name starts with aws-waf-logs-.
      name: `aws-waf-logs-${props.name}`,
      retentionDays: props.logRetentionDays,
      kmsKeyArn: props.logsKmsKeyArn,
      provider: props.provider,
    });
    new Wafv2WebAclLoggingConfiguration(this, "logging", {
      provider: props.provider,
      resourceArn: this.webAcl.arn,
      logDestinationConfigs: [logGroup.arn],
      redactedFields: REDACTED_HEADERS.map((name) => ({ singleHeader: { name } })),
    });
  }

  get arn(): string {
    return this.webAcl.arn;
  }
}
