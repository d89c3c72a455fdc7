import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";

export interface EncryptedLogGroupProps {
  /** Log group name, e.g. `/ecs/trustwrapper-prod`. */
  readonly name: string;
  /** Days the logs are kept. */
  readonly retentionDays: number;
  /** ARN of the KMS key that encrypts the events. */
  readonly kmsKeyArn: string;
  /** Provider of another region, e.g. us-east-1 for a CloudFront web ACL's logs. Default the stack's provider. */
  readonly provider?: TerraformProvider;
}

/** A CloudWatch log group that is always KMS-encrypted and always expires its events. */
export function encryptedLogGroup(scope: Construct, id: string, props: EncryptedLogGroupProps): CloudwatchLogGroup {
  return new CloudwatchLogGroup(scope, id, {
    name: props.name,
    retentionInDays: props.retentionDays,
    kmsKeyId: props.kmsKeyArn,
    provider: props.provider,
  });
}
