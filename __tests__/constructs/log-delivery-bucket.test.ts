import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { Construct } from "constructs";
import { AwsEnvironment } from "../../src/config/aws-environment";
import { LOAD_BALANCER_LOG_PREFIX, LogDeliveryBucket, LogDeliveryBucketProps, S3_ACCESS_LOG_PREFIX } from "../../src/constructs/log-delivery-bucket";
import { bodies, ENV, synthConstruct } from "./synth";

const LOGGED = ["arn:aws:s3:::tw-test-artifacts-1"];
const PROPS: LogDeliveryBucketProps = { bucketPrefix: "tw-test-logs-", env: ENV, retentionDays: 90, loggedBucketArns: LOGGED };

function synth(props: Partial<LogDeliveryBucketProps> = {}, use?: (logs: LogDeliveryBucket, scope: Construct) => void) {
  return synthConstruct((scope) => {
    const logs = new LogDeliveryBucket(scope, "logs", { ...PROPS, ...props });
    use?.(logs, scope);
  });
}

/** The bucket policy document's statements, by sid. */
function statements(out: ReturnType<typeof synth>): Record<string, any> {
  const [document] = bodies(out.data, "aws_iam_policy_document");
  return Object.fromEntries(document.statement.map((s: any) => [s.sid, s]));
}

describe("LogDeliveryBucket", () => {
  it("is encrypted with SSE-S3 (no log delivery writes with a customer-managed key), with ACLs off, kept on destroy unless asked", () => {
    const out = synth();
    expect(bodies(out.resources, "aws_s3_bucket_server_side_encryption_configuration")[0].rule).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }]);
    expect(bodies(out.resources, "aws_s3_bucket_ownership_controls")[0].rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
    expect(out.text).toHaveResourceWithProperties(S3Bucket, { bucket_prefix: "tw-test-logs-", force_destroy: false });
    expect(synth({ forceDestroy: true }).text).toHaveResourceWithProperties(S3Bucket, { force_destroy: true });
  });

  it("lets S3 server access logs in under their prefix, only from this account's listed buckets", () => {
    const out = synth();
    const [bucket] = Object.keys(out.resources.aws_s3_bucket);
    const { S3ServerAccessLogs: s3 } = statements(out);
    expect(s3).toMatchObject({
      actions: ["s3:PutObject"],
      resources: [`\${aws_s3_bucket.${bucket}.arn}/${S3_ACCESS_LOG_PREFIX}/*`],
      principals: [{ type: "Service", identifiers: ["logging.s3.amazonaws.com"] }],
      condition: [
        { test: "StringEquals", variable: "aws:SourceAccount", values: [ENV.accountId] },
        { test: "ArnLike", variable: "aws:SourceArn", values: LOGGED },
      ],
    });
  });

  it("in a region opened before August 2022: ELB's regional account writes the load balancer's logs, for this account only", () => {
    const out = synth();
    const [bucket] = Object.keys(out.resources.aws_s3_bucket);
    const [elbAccount] = Object.keys(out.data.aws_elb_service_account);
    const { LoadBalancerAccessLogs: elb } = statements(out);
    expect(elb).toMatchObject({
      actions: ["s3:PutObject"],
      resources: [`\${aws_s3_bucket.${bucket}.arn}/${LOAD_BALANCER_LOG_PREFIX}/AWSLogs/${ENV.accountId}/*`],
      principals: [{ type: "AWS", identifiers: [`\${data.aws_elb_service_account.${elbAccount}.arn}`] }],
    });
  });

  it("in a later region: the log-delivery service principal writes them, and ELB's account is not looked up", () => {
    const env: AwsEnvironment = { ...ENV, region: "eu-central-2" };
    const out = synth({ env });
    expect(statements(out).LoadBalancerAccessLogs.principals).toEqual([{ type: "Service", identifiers: ["logdelivery.elasticloadbalancing.amazonaws.com"] }]);
    expect(out.data.aws_elb_service_account).toBeUndefined();
  });

  it("expires the logs after the retention", () => {
    const [lifecycle] = bodies(synth({ retentionDays: 14 }).resources, "aws_s3_bucket_lifecycle_configuration");
    expect(lifecycle.rule).toEqual([expect.objectContaining({ id: "expire-logs", expiration: [{ days: 14 }] })]);
  });

  it("takes another bucket's access logs under a prefix, in the owner's construct, once the bucket policy exists", () => {
    const out = synth({}, (logs, scope) => {
      const owner = new Construct(scope, "artifacts");
      logs.takeAccessLogsOf(owner, new S3Bucket(owner, "bucket", { bucketPrefix: "tw-test-artifacts-" }), `${S3_ACCESS_LOG_PREFIX}/artifacts/`);
    });
    const ids = Object.keys(out.resources.aws_s3_bucket);
    const [source, target] = ["artifacts_bucket", "logs_bucket"].map((prefix) => ids.find((id) => id.startsWith(prefix)));
    const [policy] = Object.keys(out.resources.aws_s3_bucket_policy);
    expect(out.text).toHaveResourceWithProperties(S3BucketLoggingA, {
      bucket: `\${aws_s3_bucket.${source}.id}`,
      target_bucket: `\${aws_s3_bucket.${target}.bucket}`,
      target_prefix: "s3/artifacts/",
      depends_on: [`aws_s3_bucket_policy.${policy}`],
    });
    expect(Object.keys(out.resources.aws_s3_bucket_logging)[0]).toMatch(/^artifacts_access-logging/);
  });
});
