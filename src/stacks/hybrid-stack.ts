import { Construct } from "constructs";
import { DataAwsEc2ManagedPrefixList } from "@cdktf/provider-aws/lib/data-aws-ec2-managed-prefix-list";
import { stackSecretName, TrustWrapperConfig } from "../config/schema";
import { AccessLogBucket } from "../constructs/access-log-bucket";
import { ApiDistribution } from "../constructs/api-distribution";
import { Domain } from "../constructs/domain";
import { S3_ACCESS_LOG_PREFIX } from "../constructs/log-delivery-bucket";
import { WebAcl } from "../constructs/web-acl";
import { EncryptionKey } from "../constructs/encryption-key";
import { Observability } from "../constructs/observability";
import { OriginVerifySecret } from "../constructs/origin-verify-secret";
import { distributionSection } from "./monitoring";
import { addContainerTier, ContainerTier } from "./container-tier";
import { addOutputs } from "./outputs";
import { verifyCommand } from "./troubleshooting";
import { addServerlessTier, ServerlessTier } from "./serverless-tier";
import { TrustWrapperStack } from "./trustwrapper-stack";

/** AWS's managed prefix list of the addresses CloudFront connects to origins from. */
export const CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST = "com.amazonaws.global.cloudfront.origin-facing";

/**
 * The guide's "Option 3: Hybrid" architecture: CloudFront (with a WAF web ACL) in front of the
 * serverless tier (API Gateway → Lambda → DynamoDB) for light operations and the container tier
 * (ALB → ECS Fargate → RDS, Redis) for the heavy paths. The load balancer accepts HTTPS from
 * CloudFront's origin-facing addresses only, under its own name `<originSubdomain>.<domain.name>`
 * that its certificate matches, and forwards only requests carrying our distribution's secret
 * `X-Origin-Verify` header (any CloudFront distribution comes from those addresses).
 * CloudFront's certificate and web ACL are in us-east-1.
 */
export class HybridStack extends TrustWrapperStack {
  readonly containerTier: ContainerTier;
  readonly serverlessTier: ServerlessTier;
  /** The public name, on CloudFront. */
  readonly edgeDomain: Domain;
  readonly webAcl: WebAcl;
  readonly accessLogs: AccessLogBucket;
  /** The secret header CloudFront sends the load balancer and the load balancer requires. */
  readonly originVerify: OriginVerifySecret;
  readonly distribution: ApiDistribution;
  readonly observability: Observability;
  /**
   * `<project>-<environment>-<region>-edge`: CloudFront's response headers policy is global and
   * the web ACL, its logs and key live in us-east-1, so the region keeps the names of several
   * deployments (`deployments:`) apart.
   */
  private readonly edgeName: string;

  constructor(scope: Construct, id: string, config: TrustWrapperConfig) {
    super(scope, id, config);
    const { hybrid, domain } = config;
    this.edgeName = `${this.namePrefix}-${config.region}-edge`;
    const cloudFrontOrigins = new DataAwsEc2ManagedPrefixList(this, "cloudfront-origin-facing", { name: CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST });
    this.accessLogs = new AccessLogBucket(this, "edge-access-logs", {
      bucketPrefix: `${this.namePrefix}-edge-logs-`,
      kmsKeyArn: this.encryptionKey.arn,
      retentionDays: hybrid.accessLogRetentionDays,
      forceDestroy: !this.prod,
    });
    this.originVerify = new OriginVerifySecret(this, "origin-verify", {
      name: stackSecretName(config, "origin-verify-token"),
      kmsKeyArn: this.encryptionKey.arn,
      version: hybrid.originVerifyVersion,
    });
    const originVerifyHeader = { name: this.originVerify.headerName, value: this.originVerify.value };
    this.containerTier = addContainerTier(this, {
      // The origin's own certificate, in the stack's region (domain.certificateArn is CloudFront's).
      domain: { ...domain, name: `${hybrid.originSubdomain}.${domain.name}`, certificateArn: undefined },
      ingress: { from: "prefixList", prefixListId: cloudFrontOrigins.id, description: "CloudFront's origin-facing servers" },
      loggedBucketArns: [this.accessLogs.bucket.arn],
      requestTimeoutSeconds: hybrid.heavyRequestTimeoutSeconds,
      requiredHeader: originVerifyHeader,
    });
    this.containerTier.logs.takeAccessLogsOf(this.accessLogs, this.accessLogs.bucket, `${S3_ACCESS_LOG_PREFIX}/edge-access-logs/`);
    this.serverlessTier = addServerlessTier(this, { apiKeys: this.containerTier.apiKeys, showAppMetrics: false });

    this.edgeDomain = new Domain(this, "edge-domain", {
      name: domain.name,
      hostedZoneId: this.containerTier.domain.zoneId,
      certificateArn: domain.certificateArn,
      certificateProvider: this.usEast1Provider,
    });
    this.webAcl = new WebAcl(this, "edge-web-acl", {
      name: this.edgeName,
      scope: "CLOUDFRONT",
      description: "TrustWrapper edge",
      rateLimit: hybrid.wafRateLimit,
      provider: this.usEast1Provider,
      logsKmsKeyArn: this.usEast1KeyArn(),
      logRetentionDays: this.logRetentionDays,
    });
    const api = this.serverlessTier.api;
    this.distribution = new ApiDistribution(this, "edge", {
      namePrefix: this.edgeName,
      domainName: this.edgeDomain.name,
      certificateArn: this.edgeDomain.certificateArn,
      lightOrigin: { domainName: api.executeApiDomainName, originPath: `/${api.stage.stageName}` },
      heavyOrigin: { domainName: this.containerTier.domain.name, readTimeoutSeconds: hybrid.heavyRequestTimeoutSeconds, customHeader: originVerifyHeader },
      heavyPathPatterns: hybrid.heavyPathPatterns,
      webAclArn: this.webAcl.arn,
      logBucketDomainName: this.accessLogs.domainName,
      logBucketAcl: this.accessLogs.acl,
      priceClass: hybrid.priceClass,
    });
    this.edgeDomain.addAlias("alias-record", this.distribution);
    this.edgeDomain.addAlias("alias-record-ipv6", this.distribution, "AAAA");

    this.observability = this.createObservability([...this.containerTier.monitoring, ...this.serverlessTier.monitoring, distributionSection(this.distribution)]);
    this.alertOnFailedDeployments(this.containerTier.service, this.observability);
    addOutputs(this, {
      url: { value: `https://${this.edgeDomain.name}`, description: "Public URL of the TrustWrapper API" },
      ...verifyCommand(`https://${this.edgeDomain.name}`),
      cloudfront_domain_name: { value: this.distribution.dnsName, description: "CloudFront distribution's own name" },
      ...this.containerTier.outputs,
      ...this.serverlessTier.outputs,
      ...this.observabilityOutputs(this.observability),
    });
  }

  /**
   * A KMS key in us-east-1 for the web ACL's logs (a log group's key must be in its region):
   * the stack's own where the stack is there, else a second key beside the web ACL.
   */
  private usEast1KeyArn(): string {
    if (this.config.region === "us-east-1") return this.encryptionKey.arn;
    return new EncryptionKey(this, "edge-encryption-key", {
      alias: this.edgeName,
      env: { ...this.env, region: "us-east-1" },
      provider: this.usEast1Provider,
    }).arn;
  }
}
