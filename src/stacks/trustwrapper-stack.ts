import { Construct } from "constructs";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { LocalBackend, TerraformStack } from "cdktf";
import { AwsEnvironment, partitionOf } from "../aws-environment";
import { TrustWrapperConfig } from "../config/schema";
import { EncryptionKey } from "../constructs/encryption-key";

/** `<project>-<environment>-<region>`, e.g. `trustwrapper-prod-us-east-1`. */
export function stackName(config: TrustWrapperConfig): string {
  return `${config.project}-${config.environment}-${config.region}`;
}

/**
 * What every architecture's stack shares: the state backend, the AWS provider with the default
 * tags, the account/region/partition constructs build ARNs from, and the stack's KMS key.
 * The construct IDs here are part of every stack's Terraform addresses: do not rename them.
 */
export abstract class TrustWrapperStack extends TerraformStack {
  readonly config: TrustWrapperConfig;
  readonly env: AwsEnvironment;
  readonly encryptionKey: EncryptionKey;
  /** `<project>-<environment>`: the prefix of resource names. */
  readonly namePrefix: string;
  readonly prod: boolean;
  /** CloudWatch Logs retention of every log group. */
  readonly logRetentionDays: number;

  protected constructor(scope: Construct, id: string, config: TrustWrapperConfig) {
    super(scope, id);
    const { project, environment, region } = config;
    this.config = config;
    this.prod = environment === "prod";
    this.namePrefix = `${project}-${environment}`;
    this.logRetentionDays = config.observability.logRetentionDays ?? (this.prod ? 365 : 30);

    // State beside the project (relative to cdktf.out/stacks/<stack>), never a machine's absolute path.
    new LocalBackend(this, { path: `../../../terraform.${id}.tfstate` });
    new AwsProvider(this, "aws", {
      region,
      defaultTags: [{ tags: { ...config.tags, Project: project, Environment: environment, ManagedBy: "cdktf" } }],
    });
    this.env = {
      region,
      partition: partitionOf(region),
      accountId: new DataAwsCallerIdentity(this, "caller-identity").accountId,
    };
    this.encryptionKey = new EncryptionKey(this, "encryption-key", { alias: this.namePrefix, env: this.env });
  }
}
