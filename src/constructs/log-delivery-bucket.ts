import { Construct } from "constructs";
import { DataAwsElbServiceAccount } from "@cdktf/provider-aws/lib/data-aws-elb-service-account";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { AwsEnvironment } from "../config/aws-environment";
import { PolicyStatement } from "./policy-document";
import { expireLogs, privateBucket } from "./private-bucket";

/**
 * Regions where Elastic Load Balancing delivers access logs from its own regional account
 * (`aws_elb_service_account`): those opened before August 2022. Every later region takes the
 * log-delivery service principal instead (ELB user guide, "Enable access logs").
 */
const ELB_ACCOUNT_REGIONS = new Set([
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "af-south-1",
  "ap-east-1",
  "ap-southeast-3",
  "ap-south-1",
  "ap-northeast-3",
  "ap-northeast-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-northeast-1",
  "ca-central-1",
  "eu-central-1",
  "eu-west-1",
  "eu-west-2",
  "eu-south-1",
  "eu-west-3",
  "eu-north-1",
  "me-south-1",
  "sa-east-1",
  "us-gov-west-1",
  "us-gov-east-1",
  "cn-north-1",
  "cn-northwest-1",
]);

/** Key prefixes of the two kinds of logs. */
export const LOAD_BALANCER_LOG_PREFIX = "alb";
export const S3_ACCESS_LOG_PREFIX = "s3";

export interface LogDeliveryBucketProps {
  /** Prefix of the generated bucket name, cut to S3's 37 characters where longer (see privateBucket). */
  readonly bucketPrefix: string;
  /** Region, partition and account of the stack. */
  readonly env: AwsEnvironment;
  /** Days the logs are kept. */
  readonly retentionDays: number;
  /** ARNs of the buckets whose S3 server access logs land here. */
  readonly loggedBucketArns: string[];
  /** Let `terraform destroy` delete a non-empty bucket. Default false. */
  readonly forceDestroy?: boolean;
}

/**
 * The bucket of the load balancer's access logs and the other buckets' S3 server access logs.
 * It is encrypted with SSE-S3 because neither ELB nor S3 log delivery can write with a
 * customer-managed KMS key; its policy lets exactly those two deliveries write, each under its
 * prefix and for this account only.
 */
export class LogDeliveryBucket extends Construct {
  readonly bucket: S3Bucket;
  /** The policy that lets ELB write: a load balancer must be created after it (ELB checks when logging is turned on). */
  readonly policy: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: LogDeliveryBucketProps) {
    super(scope, id);
    const { env } = props;
    const elbPrincipal = ELB_ACCOUNT_REGIONS.has(env.region)
      ? { type: "AWS", identifiers: [new DataAwsElbServiceAccount(this, "elb-account", {}).arn] }
      : { type: "Service", identifiers: ["logdelivery.elasticloadbalancing.amazonaws.com"] };
    const statements = (bucketArn: string): PolicyStatement[] => [
      {
        sid: "LoadBalancerAccessLogs",
        actions: ["s3:PutObject"],
        resources: [`${bucketArn}/${LOAD_BALANCER_LOG_PREFIX}/AWSLogs/${env.accountId}/*`],
        principals: [elbPrincipal],
      },
      {
        sid: "S3ServerAccessLogs",
        actions: ["s3:PutObject"],
        resources: [`${bucketArn}/${S3_ACCESS_LOG_PREFIX}/*`],
        principals: [{ type: "Service", identifiers: ["logging.s3.amazonaws.com"] }],
        condition: [
          { test: "StringEquals", variable: "aws:SourceAccount", values: [env.accountId] },
          { test: "ArnLike", variable: "aws:SourceArn", values: props.loggedBucketArns },
        ],
      },
    ];
    this.bucket = privateBucket(this, { bucketPrefix: props.bucketPrefix, forceDestroy: props.forceDestroy, statements });
    this.policy = this.node.findChild("policy") as S3BucketPolicy;
    expireLogs(this, this.bucket, props.retentionDays);
  }

  get name(): string {
    return this.bucket.bucket;
  }

  /**
   * Makes S3 deliver the server access logs of `source` (who read or wrote which object) here
   * under `prefix`, once this bucket's policy lets it. The logging resource belongs to `owner`,
   * the construct of the source bucket (its Terraform address stays there).
   */
  takeAccessLogsOf(owner: Construct, source: S3Bucket, prefix: string): S3BucketLoggingA {
    return new S3BucketLoggingA(owner, "access-logging", { bucket: source.id, targetBucket: this.name, targetPrefix: prefix, dependsOn: [this.policy] });
  }
}
