import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { AwsEnvironment } from "../config/aws-environment";
import { PolicyStatement, policyDocument } from "./policy-document";

export interface EncryptionKeyProps {
  /** Alias without the `alias/` prefix, e.g. `trustwrapper-prod`. */
  readonly alias: string;
  /** Region, partition and account of the stack, which the key policy names. */
  readonly env: AwsEnvironment;
  /** Days the key waits before deletion. Default 30. */
  readonly deletionWindowDays?: number;
  /** Let CloudFront's log delivery write access logs into buckets the key encrypts. Default false. */
  readonly allowCloudFrontLogDelivery?: boolean;
  /** Provider of the key's region (`env.region`). Default the stack's provider. */
  readonly provider?: TerraformProvider;
  /**
   * Refuse to destroy the key and its alias (`lifecycle.prevent_destroy`), for stacks whose
   * destroy leaves backups encrypted with the key: once the key is deleted they cannot be
   * restored. `terraform destroy` then stops naming them; docs/operations.md "Tearing down" says what
   * to do. Default false.
   */
  readonly keepOnDestroy?: boolean;
}

/**
 * The stack's customer-managed KMS key: it encrypts the secrets, database, cache, bucket, logs
 * and alarm topic. Its policy names every principal (no `*`): the account administers it through
 * IAM, CloudWatch Logs may use it for this account's log groups, CloudWatch alarms and
 * EventBridge may publish to the topic it encrypts.
 */
export class EncryptionKey extends Construct {
  readonly key: KmsKey;
  readonly alias: KmsAlias;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    const { region, partition, accountId } = props.env;
    const statements: PolicyStatement[] = [
      {
        sid: "AccountAdministersKeyThroughIam",
        actions: ["kms:*"],
        resources: ["*"],
        principals: [{ type: "AWS", identifiers: [`arn:${partition}:iam::${accountId}:root`] }],
      },
      {
        sid: "CloudWatchLogsEncryptsThisAccountsLogGroups",
        actions: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        resources: ["*"],
        principals: [{ type: "Service", identifiers: [`logs.${region}.amazonaws.com`] }],
        condition: [
          {
            test: "ArnLike",
            variable: "kms:EncryptionContext:aws:logs:arn",
            values: [`arn:${partition}:logs:${region}:${accountId}:log-group:*`],
          },
        ],
      },
      {
        sid: "AlarmsPublishToEncryptedTopics",
        actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
        resources: ["*"],
        principals: [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com", "events.amazonaws.com"] }],
        condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [accountId] }],
      },
    ];
    if (props.allowCloudFrontLogDelivery) {
      statements.push({
        sid: "CloudFrontDeliversAccessLogs",
        actions: ["kms:GenerateDataKey*"],
        resources: ["*"],
        // The statement AWS documents for legacy CloudFront logging, which sends no source
        // context to condition on; what it writes is limited by the bucket's ACL.
        principals: [{ type: "Service", identifiers: ["delivery.logs.amazonaws.com"] }],
      });
    }
    const lifecycle = props.keepOnDestroy ? { preventDestroy: true } : undefined;
    this.key = new KmsKey(this, "key", {
      description: `Encrypts the data of ${props.alias}`,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowDays ?? 30,
      policy: policyDocument(this, "policy", statements).json,
      provider: props.provider,
      lifecycle,
    });
    // The alias stays with the key: it names the key the kept backups need.
    this.alias = new KmsAlias(this, "alias", { name: `alias/${props.alias}`, targetKeyId: this.key.keyId, provider: props.provider, lifecycle });
  }

  get arn(): string {
    return this.key.arn;
  }
}
