import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { Wafv2WebAcl } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Wafv2WebAclAssociation } from "@cdktf/provider-aws/lib/wafv2-web-acl-association";
import { Wafv2WebAclLoggingConfiguration } from "@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration";
import { encryptedLogGroup } from "./log-group";

/**
 * `CLOUDFRONT`: in front of a distribution (the web ACL, its logs and key in us-east-1);
 * `REGIONAL`: on a load balancer or API Gateway stage of the web ACL's own region.
 */
export type WebAclScope = "CLOUDFRONT" | "REGIONAL";

export interface WebAclProps {
  /** Web ACL name, e.g. `trustwrapper-prod-edge`: 1-128 letters, digits, - or _. */
  readonly name: string;
  /** `CLOUDFRONT` (a distribution's, created in us-east-1) or `REGIONAL` (a load balancer's, in its region). */
  readonly scope: WebAclScope;
  /** What the web ACL protects, for its description, e.g. `TrustWrapper edge`. */
  readonly description: string;
  /** Requests per 5 minutes one IP address may send before it is blocked. */
  readonly rateLimit: number;
  /** The provider of the web ACL's region: the us-east-1 one for `CLOUDFRONT`. Default the stack's. */
  readonly provider?: TerraformProvider;
  /** ARN of a KMS key, in the web ACL's region, for the request log group. */
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
 * A WAFv2 web ACL (CloudFront's or a regional one): AWS's common rules (large bodies counted, not
 * blocked: see COUNTED_MANAGED_RULES) and known-bad-inputs rules, and
 * a per-IP rate limit that blocks floods, with metrics and sampled requests for each rule, and
 * every request logged (credentials redacted) to an encrypted log group beside it.
 */
export class WebAcl extends Construct {
  readonly webAcl: Wafv2WebAcl;
  private readonly provider?: TerraformProvider;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    this.provider = props.provider;
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
      description: `${props.description}: AWS managed rules and a per-IP rate limit`,
      scope: props.scope,
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

  /**
   * Puts a regional resource (an Application Load Balancer, an API Gateway stage) of the web
   * ACL's region behind it. CloudFront distributions name their web ACL themselves instead.
   */
  protect(id: string, resourceArn: string): Wafv2WebAclAssociation {
    return new Wafv2WebAclAssociation(this, id, { provider: this.provider, resourceArn, webAclArn: this.webAcl.arn });
  }
}
