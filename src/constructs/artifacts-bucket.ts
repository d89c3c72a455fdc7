import { Construct } from "constructs";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { policyDocument } from "./policy-document";

export interface ArtifactsBucketProps {
  /** Prefix of the generated bucket name (S3 names are global), at most 37 characters. */
  readonly bucketPrefix: string;
  /** ARN of the KMS key that encrypts objects. */
  readonly kmsKeyArn: string;
  /** Days before objects move to Standard-IA. */
  readonly infrequentAccessAfterDays: number;
  /** Days before objects move to Glacier Instant Retrieval. */
  readonly glacierAfterDays: number;
  /** Days before non-current versions are deleted. */
  readonly noncurrentVersionExpirationDays: number;
  /** Let `terraform destroy` delete a non-empty bucket. Default false. */
  readonly forceDestroy?: boolean;
}

/**
 * The guide's artifacts bucket (the app's S3_BUCKET): KMS-encrypted, versioned, never public,
 * reachable over TLS only, and moving old objects to cheaper storage.
 */
export class ArtifactsBucket extends Construct {
  readonly bucket: S3Bucket;

  constructor(scope: Construct, id: string, props: ArtifactsBucketProps) {
    super(scope, id);
    this.bucket = new S3Bucket(this, "bucket", { bucketPrefix: props.bucketPrefix, forceDestroy: props.forceDestroy ?? false });
    const bucket = this.bucket.id;
    new S3BucketPublicAccessBlock(this, "public-access-block", {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "ownership", { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } });
    new S3BucketVersioningA(this, "versioning", { bucket, versioningConfiguration: { status: "Enabled" } });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.kmsKeyArn }, bucketKeyEnabled: true }],
    });
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket,
      rule: [
        {
          id: "cheaper-storage-over-time",
          status: "Enabled",
          filter: [{}],
          transition: [
            { days: props.infrequentAccessAfterDays, storageClass: "STANDARD_IA" },
            { days: props.glacierAfterDays, storageClass: "GLACIER_IR" },
          ],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionExpirationDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });
    const tlsOnly = policyDocument(this, "policy-document", [
      {
        sid: "DenyInsecureTransport",
        effect: "Deny",
        actions: ["s3:*"],
        resources: [this.bucket.arn, `${this.bucket.arn}/*`],
        principals: [{ type: "*", identifiers: ["*"] }],
        condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      },
    ]);
    new S3BucketPolicy(this, "policy", { bucket, policy: tlsOnly.json });
  }

  get arn(): string {
    return this.bucket.arn;
  }

  get name(): string {
    return this.bucket.bucket;
  }
}
