import { Construct } from "constructs";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { privateBucket } from "./private-bucket";

export interface ArtifactsBucketProps {
  /** Prefix of the generated bucket name (S3 names are global), cut to S3's 37 characters where longer (see privateBucket). */
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
    this.bucket = privateBucket(this, { bucketPrefix: props.bucketPrefix, kmsKeyArn: props.kmsKeyArn, forceDestroy: props.forceDestroy });
    const bucket = this.bucket.id;
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
  }

  get arn(): string {
    return this.bucket.arn;
  }

  get name(): string {
    return this.bucket.bucket;
  }
}
