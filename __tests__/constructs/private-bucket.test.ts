import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "constructs";
import { expireLogs, ownershipControlsOf, privateBucket, PrivateBucketProps } from "../../src/constructs/private-bucket";
import { bodies, synthConstruct } from "./synth";

const KEY = "arn:aws:kms:eu-west-1:111122223333:key/k";

function synth(props: Partial<PrivateBucketProps> = {}) {
  return synthConstruct((scope) => privateBucket(new Construct(scope, "artifacts"), { bucketPrefix: "tw-test-artifacts-", kmsKeyArn: KEY, ...props }));
}

describe("privateBucket", () => {
  it("blocks public access, enforces the owner (ACLs off), keeps versions, and is kept on destroy unless emptied on purpose", () => {
    const { text } = synth();
    expect(text).toHaveResourceWithProperties(S3Bucket, { bucket_prefix: "tw-test-artifacts-", force_destroy: false });
    expect(text).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(text).toHaveResourceWithProperties(S3BucketOwnershipControls, { rule: { object_ownership: "BucketOwnerEnforced" } });
    expect(text).toHaveResourceWithProperties(S3BucketVersioningA, { versioning_configuration: { status: "Enabled" } });
    expect(synth({ forceDestroy: true }).text).toHaveResourceWithProperties(S3Bucket, { force_destroy: true });
  });

  it("encrypts with the KMS key (and a bucket key), or with SSE-S3 without one (for AWS log deliveries)", () => {
    const encryption = (props: Partial<PrivateBucketProps>) => bodies(synth(props).resources, "aws_s3_bucket_server_side_encryption_configuration")[0].rule;
    expect(encryption({})).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: KEY }, bucket_key_enabled: true }]);
    expect(encryption({ kmsKeyArn: undefined })).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }]);
  });

  it("denies every request without TLS, then allows what its statements say", () => {
    const statements = (arn: string) => [
      { sid: "LogDelivery", actions: ["s3:PutObject"], resources: [`${arn}/*`], principals: [{ type: "Service", identifiers: ["delivery.logs.amazonaws.com"] }] },
    ];
    const [document] = bodies(synth({ statements }).data, "aws_iam_policy_document");
    expect(document.statement.map((s: any) => [s.sid, s.effect ?? "Allow"])).toEqual([
      ["DenyInsecureTransport", "Deny"],
      ["LogDelivery", "Allow"],
    ]);
    expect(document.statement[0].condition).toEqual([{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }]);
  });

  it("cuts a prefix longer than S3 allows, and keeps one that fits", () => {
    const prefix = (bucketPrefix: string) => bodies(synth({ bucketPrefix }).resources, "aws_s3_bucket")[0].bucket_prefix;
    expect(prefix(`${"a".repeat(50)}-`).length).toBeLessThanOrEqual(37);
    expect(prefix("tw-test-artifacts-")).toBe("tw-test-artifacts-");
  });

  it("turns ACLs on for writers that need them, and hands out the ownership controls an ACL must wait for", () => {
    let found: S3BucketOwnershipControls | undefined;
    const { text } = synthConstruct((scope) => {
      const logs = new Construct(scope, "logs");
      privateBucket(logs, { bucketPrefix: "tw-test-logs-", objectOwnership: "BucketOwnerPreferred" });
      found = ownershipControlsOf(logs);
    });
    expect(text).toHaveResourceWithProperties(S3BucketOwnershipControls, { rule: { object_ownership: "BucketOwnerPreferred" } });
    expect(found).toBeInstanceOf(S3BucketOwnershipControls);
  });
});

describe("expireLogs", () => {
  it("expires every log file after the retention, old versions after a day, and abandoned uploads after a week", () => {
    const { resources } = synthConstruct((scope) => {
      const logs = new Construct(scope, "logs");
      expireLogs(logs, privateBucket(logs, { bucketPrefix: "tw-test-logs-" }), 90);
    });
    expect(bodies(resources, "aws_s3_bucket_lifecycle_configuration")[0].rule).toEqual([
      expect.objectContaining({
        status: "Enabled",
        expiration: [{ days: 90 }],
        noncurrent_version_expiration: [{ noncurrent_days: 1 }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      }),
    ]);
  });
});
