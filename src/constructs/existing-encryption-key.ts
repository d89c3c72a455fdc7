import { Construct } from "constructs";
import { DataAwsKmsKey } from "@cdktf/provider-aws/lib/data-aws-kms-key";

/**
 * A customer-managed KMS key the user already runs, adopted by ARN instead of creating the
 * stack's own. Its key policy is the user's: it must let CloudWatch Logs, CloudWatch alarms and
 * EventBridge use it, as the stack's own key does (see EncryptionKey).
 */
export class ExistingEncryptionKey extends Construct {
  readonly arn: string;

  constructor(scope: Construct, id: string, props: { readonly keyArn: string }) {
    super(scope, id);
    // The lookup fails the plan when the key does not exist or is not readable.
    this.arn = new DataAwsKmsKey(this, "key", { keyId: props.keyArn }).arn;
  }
}
