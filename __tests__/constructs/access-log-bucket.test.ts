import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { TerraformOutput } from "cdktf";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { AccessLogBucket, AccessLogBucketProps, CLOUDFRONT_LOG_DELIVERY_CANONICAL_ID } from "../../src/constructs/access-log-bucket";
import { bodies, synthConstruct } from "./synth";

const KEY = "arn:aws:kms:eu-west-1:111122223333:key/k";
const PROPS: AccessLogBucketProps = { bucketPrefix: "tw-test-cf-logs-", kmsKeyArn: KEY, retentionDays: 90 };

function synth(props: Partial<AccessLogBucketProps> = {}) {
  return synthConstruct((scope) => {
    const logs = new AccessLogBucket(scope, "logs", { ...PROPS, ...props });
    new TerraformOutput(scope, "domain", { value: logs.domainName });
  });
}

describe("AccessLogBucket", () => {
  it("is a private bucket encrypted with the KMS key whose ownership lets an ACL work (owner preferred, not enforced)", () => {
    const { text, resources } = synth();
    expect(text).toHaveResourceWithProperties(S3Bucket, { bucket_prefix: "tw-test-cf-logs-", force_destroy: false });
    expect(text).toHaveResourceWithProperties(S3BucketOwnershipControls, { rule: { object_ownership: "BucketOwnerPreferred" } });
    expect(bodies(resources, "aws_s3_bucket_server_side_encryption_configuration")[0].rule[0].apply_server_side_encryption_by_default).toEqual({
      sse_algorithm: "aws:kms",
      kms_master_key_id: KEY,
    });
    expect(synth({ forceDestroy: true }).text).toHaveResourceWithProperties(S3Bucket, { force_destroy: true });
  });

  it("grants full control to exactly the bucket owner and CloudFront's log delivery, after the ownership controls exist", () => {
    const { resources, data } = synth();
    const [acl] = bodies(resources, "aws_s3_bucket_acl");
    const [owner] = Object.keys(data.aws_canonical_user_id);
    const ownerId = `\${data.aws_canonical_user_id.${owner}.id}`;
    expect(acl.access_control_policy.owner).toEqual({ id: ownerId });
    expect(acl.access_control_policy.grant).toEqual([
      { grantee: { type: "CanonicalUser", id: ownerId }, permission: "FULL_CONTROL" },
      { grantee: { type: "CanonicalUser", id: CLOUDFRONT_LOG_DELIVERY_CANONICAL_ID }, permission: "FULL_CONTROL" },
    ]);
    const [ownership] = Object.keys(resources.aws_s3_bucket_ownership_controls);
    expect(acl.depends_on).toEqual([`aws_s3_bucket_ownership_controls.${ownership}`]);
  });

  it("expires the logs after the retention, and gives CloudFront the bucket's regional domain name", () => {
    const { text, resources } = synth({ retentionDays: 30 });
    const [lifecycle] = bodies(resources, "aws_s3_bucket_lifecycle_configuration");
    expect(lifecycle.rule).toEqual([expect.objectContaining({ id: "expire-logs", expiration: [{ days: 30 }] })]);
    const [bucket] = Object.keys(resources.aws_s3_bucket);
    expect(lifecycle.bucket).toBe(`\${aws_s3_bucket.${bucket}.id}`);
    expect(JSON.parse(text).output.domain.value).toBe(`\${aws_s3_bucket.${bucket}.bucket_regional_domain_name}`);
  });
});
