import { Construct } from "constructs";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { truncatedPrefix } from "../policy/name-limits";
import { policyDocument, PolicyStatement } from "./policy-document";

export interface PrivateBucketProps {
  /**
   * Prefix of the generated bucket name (S3 names are global). One longer than S3 allows
   * (37 characters before Terraform's unique suffix) is cut to fit; one that fits is kept as is.
   */
  readonly bucketPrefix: string;
  /**
   * ARN of the KMS key that encrypts objects. Without it, SSE-S3: only for buckets that AWS log
   * deliveries write to (ELB and S3 server access logs cannot use a customer-managed key).
   * Default none (SSE-S3).
   */
  readonly kmsKeyArn?: string;
  /** Statements besides the TLS-only deny, given the bucket's ARN (e.g. who may deliver logs). Default none. */
  readonly statements?: (bucketArn: string) => PolicyStatement[];
  /** Let `terraform destroy` delete a non-empty bucket. Default false. */
  readonly forceDestroy?: boolean;
  /**
   * `BucketOwnerEnforced` (ACLs off) or `BucketOwnerPreferred` (ACLs on, for writers that need
   * them, such as CloudFront's access logs). Default `BucketOwnerEnforced`.
   */
  readonly objectOwnership?: "BucketOwnerEnforced" | "BucketOwnerPreferred";
}

const OWNERSHIP_ID = "ownership";

/**
 * An S3 bucket that is never public, encrypted (with KMS unless a log delivery needs SSE-S3),
 * versioned and reachable over TLS only. The construct IDs are those the artifacts bucket always
 * had: part of its Terraform addresses.
 */
export function privateBucket(scope: Construct, props: PrivateBucketProps): S3Bucket {
  const bucketPrefix = truncatedPrefix("aws_s3_bucket", "bucket_prefix", props.bucketPrefix);
  const bucket = new S3Bucket(scope, "bucket", { bucketPrefix, forceDestroy: props.forceDestroy ?? false });
  const bucketId = bucket.id;
  new S3BucketPublicAccessBlock(scope, "public-access-block", {
    bucket: bucketId,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  new S3BucketOwnershipControls(scope, OWNERSHIP_ID, { bucket: bucketId, rule: { objectOwnership: props.objectOwnership ?? "BucketOwnerEnforced" } });
  new S3BucketVersioningA(scope, "versioning", { bucket: bucketId, versioningConfiguration: { status: "Enabled" } });
  new S3BucketServerSideEncryptionConfigurationA(scope, "encryption", {
    bucket: bucketId,
    rule: [
      props.kmsKeyArn === undefined
        ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }
        : { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.kmsKeyArn }, bucketKeyEnabled: true },
    ],
  });
  const tlsOnly = policyDocument(scope, "policy-document", [
    {
      sid: "DenyInsecureTransport",
      effect: "Deny",
      actions: ["s3:*"],
      resources: [bucket.arn, `${bucket.arn}/*`],
      principals: [{ type: "*", identifiers: ["*"] }],
      condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
    },
    ...(props.statements?.(bucket.arn) ?? []),
  ]);
  new S3BucketPolicy(scope, "policy", { bucket: bucketId, policy: tlsOnly.json });
  return bucket;
}

/** The ownership controls `privateBucket` made in `scope`: what a bucket ACL must wait for (new buckets start with ACLs disabled). */
export function ownershipControlsOf(scope: Construct): S3BucketOwnershipControls {
  return scope.node.findChild(OWNERSHIP_ID) as S3BucketOwnershipControls;
}

/** A log bucket's lifecycle: every log file (and its old versions) expires after `retentionDays`. */
export function expireLogs(scope: Construct, bucket: S3Bucket, retentionDays: number): S3BucketLifecycleConfiguration {
  return new S3BucketLifecycleConfiguration(scope, "lifecycle", {
    bucket: bucket.id,
    rule: [
      {
        id: "expire-logs",
        status: "Enabled",
        filter: [{}],
        expiration: [{ days: retentionDays }],
        noncurrentVersionExpiration: [{ noncurrentDays: 1 }],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
      },
    ],
  });
}
