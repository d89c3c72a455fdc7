import { Construct } from "constructs";
import { DataAwsCanonicalUserId } from "@cdktf/provider-aws/lib/data-aws-canonical-user-id";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketAcl } from "@cdktf/provider-aws/lib/s3-bucket-acl";
import { expireLogs, ownershipControlsOf, privateBucket } from "./private-bucket";

export interface AccessLogBucketProps {
  /** Prefix of the generated bucket name, cut to S3's 37 characters where longer (see privateBucket). */
  readonly bucketPrefix: string;
  /** ARN of the KMS key that encrypts the logs; its policy must let `delivery.logs.amazonaws.com` generate data keys. */
  readonly kmsKeyArn: string;
  /** Days the logs are kept. */
  readonly retentionDays: number;
  /** Let `terraform destroy` delete a non-empty bucket. Default false. */
  readonly forceDestroy?: boolean;
}

/** Canonical user of CloudFront's log delivery (`awslogsdelivery`), the same in every commercial region. */
export const CLOUDFRONT_LOG_DELIVERY_CANONICAL_ID = "c4c1ede66af53448b93c283ce9448c4ba468c9432aa01d700d3878632f77d2d0";

/**
 * The bucket of CloudFront's access logs: private, KMS-encrypted, TLS only, logs expiring after
 * the retention. CloudFront's standard logs are written through a bucket ACL, so ACLs are on
 * (owner preferred) and the ACL grants exactly the owner and CloudFront's log delivery.
 */
export class AccessLogBucket extends Construct {
  readonly bucket: S3Bucket;
  /** The ACL that lets CloudFront's log delivery write: a distribution logging here must be created after it. */
  readonly acl: S3BucketAcl;

  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    super(scope, id);
    this.bucket = privateBucket(this, {
      bucketPrefix: props.bucketPrefix,
      kmsKeyArn: props.kmsKeyArn,
      forceDestroy: props.forceDestroy,
      objectOwnership: "BucketOwnerPreferred",
    });
    const owner = new DataAwsCanonicalUserId(this, "owner");
    this.acl = new S3BucketAcl(this, "acl", {
      bucket: this.bucket.id,
      // ACLs work only once the ownership controls enable them.
      dependsOn: [ownershipControlsOf(this)],
      accessControlPolicy: {
        owner: { id: owner.id },
        grant: [
          { grantee: { type: "CanonicalUser", id: owner.id }, permission: "FULL_CONTROL" },
          { grantee: { type: "CanonicalUser", id: CLOUDFRONT_LOG_DELIVERY_CANONICAL_ID }, permission: "FULL_CONTROL" },
        ],
      },
    });
    expireLogs(this, this.bucket, props.retentionDays);
  }

  /** The bucket's regional domain name, as CloudFront's logging configuration takes it. */
  get domainName(): string {
    return this.bucket.bucketRegionalDomainName;
  }
}
