import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { CloudfrontDistribution, CloudfrontDistributionOrigin } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { CloudfrontResponseHeadersPolicy } from "@cdktf/provider-aws/lib/cloudfront-response-headers-policy";

/** An HTTPS origin of the distribution. */
export interface HttpsOrigin {
  /** Host name CloudFront connects to; the origin's certificate must be valid for it. */
  readonly domainName: string;
  /** Path prefixed to every request, e.g. API Gateway's `/prod` stage. Default none. */
  readonly originPath?: string;
  /** Seconds CloudFront waits for the origin's response (1-60; up to 180 with a quota raise). Default 30. */
  readonly readTimeoutSeconds?: number;
  /** A header CloudFront adds to every request to this origin (replacing any the viewer sent), e.g. a secret the origin requires. Default none. */
  readonly customHeader?: { readonly name: string; readonly value: string };
}

export interface ApiDistributionProps {
  /** Prefix of the response headers policy name (unique in the account: the policy is global), e.g. `trustwrapper-prod-us-east-1-edge`. */
  readonly namePrefix: string;
  /** The public name the distribution answers to. */
  readonly domainName: string;
  /** ARN of a validated us-east-1 certificate for `domainName`. */
  readonly certificateArn: string;
  /** Where every path not in `heavyPathPatterns` goes: API Gateway and Lambda. */
  readonly lightOrigin: HttpsOrigin;
  /** Where `heavyPathPatterns` go: the load balancer and the container service. */
  readonly heavyOrigin: HttpsOrigin;
  /** CloudFront path patterns (e.g. `/verify*`) sent to `heavyOrigin`. */
  readonly heavyPathPatterns: readonly string[];
  /** ARN of the WAFv2 (CLOUDFRONT scope) web ACL. */
  readonly webAclArn: string;
  /** Regional domain name of the access-log bucket. */
  readonly logBucketDomainName: string;
  /** The log bucket's ACL granting CloudFront's log delivery: CloudFront refuses a log bucket without it. */
  readonly logBucketAcl: ITerraformDependable;
  /** `PriceClass_100`, `_200` or `_All`. */
  readonly priceClass: string;
}

/** AWS managed policies (their IDs are the same in every account). */
export const MANAGED_CACHE_POLICY_CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
/** Forwards every viewer header, cookie and query string but Host: the origin sees its own name, which its certificate matches. */
export const MANAGED_ORIGIN_REQUEST_POLICY_ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac";

export const LIGHT_ORIGIN_ID = "api-gateway";
export const HEAVY_ORIGIN_ID = "load-balancer";

const ALL_METHODS = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"];

/**
 * The hybrid architecture's CloudFront distribution: HTTPS only to viewers (TLS 1.2+), HTTPS
 * only to its two origins, API Gateway for light operations and the load balancer for the heavy
 * paths, nothing cached (every response is an API answer), security response headers, access
 * logs to S3, and the web ACL in front.
 */
export class ApiDistribution extends Construct {
  readonly distribution: CloudfrontDistribution;
  readonly responseHeadersPolicy: CloudfrontResponseHeadersPolicy;
  /** Route53 cannot evaluate the health of a CloudFront alias target. */
  readonly evaluateTargetHealth = false;

  constructor(scope: Construct, id: string, props: ApiDistributionProps) {
    super(scope, id);
    this.responseHeadersPolicy = new CloudfrontResponseHeadersPolicy(this, "response-headers-policy", {
      name: `${props.namePrefix}-security-headers`,
      comment: "Security headers on every TrustWrapper API response",
      securityHeadersConfig: {
        strictTransportSecurity: { accessControlMaxAgeSec: 31536000, includeSubdomains: true, preload: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: "DENY", override: true },
        referrerPolicy: { referrerPolicy: "no-referrer", override: true },
        xssProtection: { protection: true, modeBlock: true, override: true },
      },
    });
    const behavior = {
      viewerProtocolPolicy: "https-only",
      allowedMethods: ALL_METHODS,
      cachedMethods: ["GET", "HEAD"],
      cachePolicyId: MANAGED_CACHE_POLICY_CACHING_DISABLED,
      originRequestPolicyId: MANAGED_ORIGIN_REQUEST_POLICY_ALL_VIEWER_EXCEPT_HOST,
      responseHeadersPolicyId: this.responseHeadersPolicy.id,
      compress: true,
    };
    this.distribution = new CloudfrontDistribution(this, "distribution", {
      enabled: true,
      comment: `TrustWrapper API (${props.domainName})`,
      aliases: [props.domainName],
      httpVersion: "http2and3",
      isIpv6Enabled: true,
      priceClass: props.priceClass,
      webAclId: props.webAclArn,
      viewerCertificate: { acmCertificateArn: props.certificateArn, sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" },
      origin: [httpsOrigin(LIGHT_ORIGIN_ID, props.lightOrigin), httpsOrigin(HEAVY_ORIGIN_ID, props.heavyOrigin)],
      defaultCacheBehavior: { ...behavior, targetOriginId: LIGHT_ORIGIN_ID },
      orderedCacheBehavior: props.heavyPathPatterns.map((pathPattern) => ({ ...behavior, pathPattern, targetOriginId: HEAVY_ORIGIN_ID })),
      loggingConfig: { bucket: props.logBucketDomainName, prefix: "cloudfront/", includeCookies: false },
      restrictions: { geoRestriction: { restrictionType: "none" } },
      dependsOn: [props.logBucketAcl],
    });
  }

  get dnsName(): string {
    return this.distribution.domainName;
  }

  get zoneId(): string {
    return this.distribution.hostedZoneId;
  }
}

function httpsOrigin(originId: string, origin: HttpsOrigin): CloudfrontDistributionOrigin {
  return {
    originId,
    domainName: origin.domainName,
    originPath: origin.originPath,
    customHeader: origin.customHeader && [origin.customHeader],
    customOriginConfig: {
      httpPort: 80,
      httpsPort: 443,
      originProtocolPolicy: "https-only",
      originSslProtocols: ["TLSv1.2"],
      originReadTimeout: origin.readTimeoutSeconds,
    },
  };
}
