import { Construct } from "constructs";
import { DataAwsSecretsmanagerSecret } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-secret";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";

export interface ApiKeysSecretProps {
  /** Secret name, e.g. `trustwrapper/prod/api-keys`. */
  readonly name: string;
  /** JSON keys the secret holds; each becomes an environment variable of the same name. */
  readonly keys: readonly string[];
  /** ARN of the KMS key that encrypts the secret. */
  readonly kmsKeyArn: string;
  /** Days a deleted secret can be restored. Default 30. */
  readonly recoveryWindowDays?: number;
  /**
   * ARN of a secret that already exists: it is looked up instead of created (`name` and
   * `kmsKeyArn` are then not used). Default none: the secret is created.
   */
  readonly existingSecretArn?: string;
}

/** One JSON key of a Secrets Manager secret, injected by ECS as an environment variable. */
export interface ContainerSecret {
  /** The environment variable. */
  readonly name: string;
  readonly secretArn: string;
  /** The key inside the secret's JSON value. */
  readonly jsonKey: string;
}

/**
 * The Secrets Manager secret with the AI-provider and Aleo keys. Terraform creates only the
 * (KMS-encrypted) container: its value is set outside Terraform (`aws secretsmanager
 * put-secret-value`), so no key ever reaches the Terraform configuration or state. An existing
 * secret can be adopted by ARN instead.
 */
export class ApiKeysSecret extends Construct {
  /** The secret this construct created; undefined when it adopted an existing one. */
  readonly secret?: SecretsmanagerSecret;
  readonly arn: string;
  readonly keys: readonly string[];

  constructor(scope: Construct, id: string, props: ApiKeysSecretProps) {
    super(scope, id);
    this.keys = props.keys;
    if (props.existingSecretArn !== undefined) {
      this.arn = new DataAwsSecretsmanagerSecret(this, "existing-secret", { arn: props.existingSecretArn }).arn;
      return;
    }
    this.secret = new SecretsmanagerSecret(this, "secret", {
      name: props.name,
      description: `TrustWrapper API keys as JSON: ${props.keys.join(", ")}. Set the value outside Terraform.`,
      kmsKeyId: props.kmsKeyArn,
      recoveryWindowInDays: props.recoveryWindowDays ?? 30,
    });
    this.arn = this.secret.arn;
  }

  /** One container secret per JSON key, named as the key. */
  containerSecrets(): ContainerSecret[] {
    const secretArn = this.arn;
    return this.keys.map((key) => ({ name: key, secretArn, jsonKey: key }));
  }
}
