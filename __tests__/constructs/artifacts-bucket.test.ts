import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { TerraformOutput } from "cdktf";
import { ArtifactsBucket, ArtifactsBucketProps } from "../../src/constructs/artifacts-bucket";
import { bodies, synthConstruct } from "./synth";

const KEY = "arn:aws:kms:eu-west-1:111122223333:key/k";
const PROPS: ArtifactsBucketProps = {
  bucketPrefix: "tw-test-artifacts-",
  kmsKeyArn: KEY,
  infrequentAccessAfterDays: 30,
  glacierAfterDays: 90,
  noncurrentVersionExpirationDays: 60,
};

function synth(props: Partial<ArtifactsBucketProps> = {}) {
  return synthConstruct((scope) => {
    const artifacts = new ArtifactsBucket(scope, "artifacts", { ...PROPS, ...props });
    new TerraformOutput(scope, "arn", { value: artifacts.arn });
    new TerraformOutput(scope, "name", { value: artifacts.name });
  });
}

describe("ArtifactsBucket", () => {
  it("is a private, KMS-encrypted bucket with ACLs off, kept on destroy unless asked", () => {
    const { text, resources } = synth();
    expect(text).toHaveResourceWithProperties(S3Bucket, { bucket_prefix: "tw-test-artifacts-", force_destroy: false });
    expect(text).toHaveResourceWithProperties(S3BucketOwnershipControls, { rule: { object_ownership: "BucketOwnerEnforced" } });
    expect(bodies(resources, "aws_s3_bucket_server_side_encryption_configuration")[0].rule[0].apply_server_side_encryption_by_default.kms_master_key_id).toBe(KEY);
    expect(synth({ forceDestroy: true }).text).toHaveResourceWithProperties(S3Bucket, { force_destroy: true });
  });

  it("moves objects to Standard-IA, then Glacier Instant Retrieval, and deletes old versions after the days given", () => {
    const [lifecycle] = bodies(
      synth({ infrequentAccessAfterDays: 45, glacierAfterDays: 180, noncurrentVersionExpirationDays: 14 }).resources,
      "aws_s3_bucket_lifecycle_configuration",
    );
    expect(lifecycle.rule).toEqual([
      expect.objectContaining({
        status: "Enabled",
        transition: [
          { days: 45, storage_class: "STANDARD_IA" },
          { days: 180, storage_class: "GLACIER_IR" },
        ],
        noncurrent_version_expiration: [{ noncurrent_days: 14 }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      }),
    ]);
    expect(lifecycle.rule[0].expiration).toBeUndefined();
  });

  it("gives the app the bucket's ARN and generated name", () => {
    const { text, resources } = synth();
    const [bucket] = Object.keys(resources.aws_s3_bucket);
    const { output } = JSON.parse(text);
    expect([output.arn.value, output.name.value]).toEqual([`\${aws_s3_bucket.${bucket}.arn}`, `\${aws_s3_bucket.${bucket}.bucket}`]);
  });
});
