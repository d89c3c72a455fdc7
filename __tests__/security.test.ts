import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecurityGroup } from "../src/constructs/security-group";
import { address, bodyOf, onlyResource, policyStatements, ref, resourcesOf, synthContainer, Synthesized, stackKey, createdNetwork } from "./helpers";

describe("security groups (the guide's table, tightened)", () => {
  let s: Synthesized;
  /** Every rule as "group direction port peer", peers named after their groups. */
  let rules: string[];
  beforeAll(() => {
    s = synthContainer();
    const groups: Record<string, SecurityGroup> = {
      alb: s.stack.tier.loadBalancer.securityGroup,
      service: s.stack.tier.service.securityGroup,
      database: s.stack.tier.database.securityGroup,
      cache: s.stack.tier.cache.securityGroup,
    };
    const nameOf = (reference: string) => Object.entries(groups).find(([, g]) => ref(g.group, "id") === reference)?.[0] ?? reference;
    rules = (["ingress", "egress"] as const).flatMap((direction) =>
      Object.values(resourcesOf(s.json, `aws_vpc_security_group_${direction}_rule`)).map(
        (rule) =>
          `${nameOf(rule.security_group_id)} ${direction} ${rule.ip_protocol}/${rule.from_port}-${rule.to_port} ${rule.cidr_ipv4 ?? nameOf(rule.referenced_security_group_id)}`,
      ),
    );
  });

  it("allows exactly the flows the app needs", () => {
    expect(rules.sort()).toEqual(
      [
        "alb ingress tcp/443-443 0.0.0.0/0",
        "alb ingress tcp/80-80 0.0.0.0/0",
        "alb egress tcp/8000-8000 service",
        "service ingress tcp/8000-8000 alb",
        "service egress tcp/5432-5432 database",
        "service egress tcp/6379-6379 cache",
        "service egress tcp/443-443 0.0.0.0/0",
        "database ingress tcp/5432-5432 service",
        "cache ingress tcp/6379-6379 service",
      ].sort(),
    );
  });

  it("opens 0.0.0.0/0 inbound only on the load balancer's 80 and 443", () => {
    const open = Object.values(resourcesOf(s.json, "aws_vpc_security_group_ingress_rule")).filter((r) => r.cidr_ipv4 === "0.0.0.0/0");
    expect(open.map((r) => [r.security_group_id, r.from_port]).sort()).toEqual([
      [ref(s.stack.tier.loadBalancer.securityGroup.group, "id"), 443],
      [ref(s.stack.tier.loadBalancer.securityGroup.group, "id"), 80],
    ]);
  });

  it("never uses inline rules, and describes every group and rule", () => {
    for (const group of Object.values(resourcesOf(s.json, "aws_security_group"))) {
      expect(group.ingress).toBeUndefined();
      expect(group.egress).toBeUndefined();
      expect(group.description).toEqual(expect.any(String));
      expect(group.vpc_id).toBe(ref(createdNetwork(s.stack).vpc, "id"));
    }
    for (const type of ["aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"]) {
      for (const rule of Object.values(resourcesOf(s.json, type))) expect(rule.description).toEqual(expect.any(String));
    }
  });
});

/** The one resource of `type` that configures the bucket `bucketId` (`${aws_s3_bucket.x.id}`). */
function ofBucket(json: Synthesized["json"], type: string, bucketId: string): Record<string, any> {
  const found = Object.values(resourcesOf(json, type)).filter((r) => r.bucket === bucketId);
  if (found.length !== 1) throw new Error(`expected one ${type} of ${bucketId}, found ${found.length}`);
  return found[0];
}

describe("encryption key, secret and artifacts bucket", () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthContainer();
  });

  it("rotates the KMS key and names every principal of its policy", () => {
    expect(s.text).toHaveResourceWithProperties(KmsKey, { enable_key_rotation: true });
    const key = onlyResource(s.json, "aws_kms_key");
    for (const statement of policyStatements(s.json, key.policy)) {
      for (const principal of statement.principals) expect(principal.identifiers).not.toContain("*");
    }
  });

  it("creates the <project>/<environment>/api-keys secret, KMS-encrypted, without any value", () => {
    expect(s.text).toHaveResourceWithProperties(SecretsmanagerSecret, {
      name: "trustwrapper/prod/api-keys",
      kms_key_id: ref(stackKey(s.stack), "arn"),
    });
    expect(s.json.resource.aws_secretsmanager_secret_version).toBeUndefined();
  });

  it("encrypts, versions and locks down the artifacts bucket", () => {
    const bucket = ref(s.stack.tier.artifacts.bucket, "id");
    expect(s.text).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      bucket,
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(ofBucket(s.json, "aws_s3_bucket_versioning", bucket)).toMatchObject({ versioning_configuration: { status: "Enabled" } });
    expect(ofBucket(s.json, "aws_s3_bucket_server_side_encryption_configuration", bucket)).toMatchObject({
      bucket,
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: ref(stackKey(s.stack), "arn") } }],
    });
  });

  it("accepts TLS only", () => {
    const policy = ofBucket(s.json, "aws_s3_bucket_policy", ref(s.stack.tier.artifacts.bucket, "id"));
    expect(policyStatements(s.json, policy.policy)).toEqual([
      expect.objectContaining({
        effect: "Deny",
        actions: ["s3:*"],
        condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      }),
    ]);
  });

  it("moves old objects to cheaper storage", () => {
    expect(ofBucket(s.json, "aws_s3_bucket_lifecycle_configuration", ref(s.stack.tier.artifacts.bucket, "id")).rule[0]).toMatchObject({
      status: "Enabled",
      transition: [
        { days: 30, storage_class: "STANDARD_IA" },
        { days: 90, storage_class: "GLACIER_IR" },
      ],
      noncurrent_version_expiration: [{ noncurrent_days: 90 }],
    });
  });

  it("encrypts every log group and lets none live forever", () => {
    for (const group of Object.values(resourcesOf(s.json, "aws_cloudwatch_log_group"))) {
      expect(group.kms_key_id).toBe(ref(stackKey(s.stack), "arn"));
      expect(group.retention_in_days).toBe(365);
    }
  });
});

describe("access logs of the load balancer and the artifacts bucket", () => {
  let s: Synthesized;
  let logBucket: string;
  beforeAll(() => {
    s = synthContainer();
    logBucket = ref(s.stack.tier.logs.bucket, "id");
  });

  it("turns on the load balancer's access logs into the log bucket, after the policy that lets ELB write", () => {
    const alb = bodyOf(s.json, s.stack.tier.loadBalancer.loadBalancer);
    expect(alb.access_logs).toEqual({ bucket: ref(s.stack.tier.logs.bucket, "bucket"), prefix: "alb", enabled: true });
    expect(alb.depends_on).toEqual([address(s.stack.tier.logs.policy)]);
  });

  it("sends the artifacts bucket's server access logs there", () => {
    expect(onlyResource(s.json, "aws_s3_bucket_logging")).toMatchObject({
      bucket: ref(s.stack.tier.artifacts.bucket, "id"),
      target_bucket: ref(s.stack.tier.logs.bucket, "bucket"),
      target_prefix: "s3/artifacts/",
    });
  });

  it("encrypts with SSE-S3 (log delivery cannot use a KMS key), versions, locks down and expires the logs", () => {
    expect(ofBucket(s.json, "aws_s3_bucket_server_side_encryption_configuration", logBucket).rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } },
    ]);
    expect(ofBucket(s.json, "aws_s3_bucket_public_access_block", logBucket)).toMatchObject({ block_public_acls: true, restrict_public_buckets: true });
    expect(ofBucket(s.json, "aws_s3_bucket_ownership_controls", logBucket).rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
    expect(ofBucket(s.json, "aws_s3_bucket_versioning", logBucket).versioning_configuration).toEqual({ status: "Enabled" });
    expect(ofBucket(s.json, "aws_s3_bucket_lifecycle_configuration", logBucket).rule[0]).toMatchObject({ expiration: [{ days: 365 }] });
    expect(bodyOf(s.json, s.stack.tier.logs.bucket).force_destroy).toBe(false);
  });

  it("lets only ELB (this region's account) and S3 log delivery (for this account's artifacts bucket) write, under their prefixes", () => {
    const statements = policyStatements(s.json, ofBucket(s.json, "aws_s3_bucket_policy", logBucket).policy);
    const bucketArn = ref(s.stack.tier.logs.bucket, "arn");
    const accountId = "${data.aws_caller_identity.caller-identity.account_id}";
    expect(statements.slice(1)).toEqual([
      {
        sid: "LoadBalancerAccessLogs",
        actions: ["s3:PutObject"],
        resources: [`${bucketArn}/alb/AWSLogs/${accountId}/*`],
        principals: [{ type: "AWS", identifiers: [expect.stringMatching(/^\$\{data\.aws_elb_service_account\.[^.]+\.arn\}$/)] }],
      },
      {
        sid: "S3ServerAccessLogs",
        actions: ["s3:PutObject"],
        resources: [`${bucketArn}/s3/*`],
        principals: [{ type: "Service", identifiers: ["logging.s3.amazonaws.com"] }],
        condition: [
          { test: "StringEquals", variable: "aws:SourceAccount", values: [accountId] },
          { test: "ArnLike", variable: "aws:SourceArn", values: [ref(s.stack.tier.artifacts.bucket, "arn")] },
        ],
      },
    ]);
  });

  it("uses the log-delivery service principal in regions opened since August 2022", () => {
    const zurich = synthContainer({ region: "eu-central-2" });
    const statements = policyStatements(zurich.json, ofBucket(zurich.json, "aws_s3_bucket_policy", ref(zurich.stack.tier.logs.bucket, "id")).policy);
    expect(statements[1].principals).toEqual([{ type: "Service", identifiers: ["logdelivery.elasticloadbalancing.amazonaws.com"] }]);
    expect(zurich.json.data.aws_elb_service_account).toBeUndefined();
  });
});
