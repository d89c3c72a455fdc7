import { Construct } from "constructs";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack } from "cdktf";
import { addBackend } from "../terraform/backend";
import { providerAccount } from "../terraform/provider-account";
import { AwsEnvironment, partitionOf } from "../config/aws-environment";
import { namePrefix, TrustWrapperConfig } from "../config/schema";
import { EncryptionKey } from "../constructs/encryption-key";
import { ExistingEncryptionKey } from "../constructs/existing-encryption-key";
import { ExistingNetwork } from "../constructs/existing-network";
import { Network, VpcNetwork } from "../constructs/network";
import { PolicyValidation, PolicyViolationError } from "../policy/validation";
import { ApiKeysSecret } from "../constructs/api-keys-secret";
import { DeploymentFailureAlert } from "../constructs/deployment-failure-alert";
import { FargateService } from "../constructs/fargate-service";
import { MonitoringSection, Observability } from "../constructs/observability";
import { StackOutputs } from "./outputs";

export { stackName } from "../config/deployments";

/**
 * What every architecture's stack shares: the state backend, the AWS provider with the default
 * tags, the account/region/partition constructs build ARNs from, and the stack's KMS key.
 * The construct IDs here are part of every stack's Terraform addresses: do not rename them.
 */
export abstract class TrustWrapperStack extends TerraformStack {
  readonly config: TrustWrapperConfig;
  readonly env: AwsEnvironment;
  /** The stack's KMS key: created, or adopted from `encryption.existingKmsKeyArn`. */
  readonly encryptionKey: EncryptionKey | ExistingEncryptionKey;
  /** `<project>-<environment>`: the prefix of resource names. */
  readonly namePrefix: string;
  readonly prod: boolean;
  /** CloudWatch Logs retention of every log group. */
  readonly logRetentionDays: number;
  /** The synth-time policy checks (src/policy), run by every synth before the stack is written. */
  readonly policy: PolicyValidation;
  private readonly defaultTags: Record<string, string>;
  private globalProvider?: AwsProvider;

  protected constructor(scope: Construct, id: string, config: TrustWrapperConfig) {
    super(scope, id);
    const { project, environment, region } = config;
    this.config = config;
    this.prod = environment === "prod";
    this.namePrefix = namePrefix(config);
    this.logRetentionDays = config.observability.logRetentionDays ?? (this.prod ? 365 : 30);
    const heavyRequests =
      config.architecture === "hybrid" ? { pathPatterns: config.hybrid.heavyPathPatterns, timeoutSeconds: config.hybrid.heavyRequestTimeoutSeconds } : undefined;
    this.policy = new PolicyValidation(this, { prod: this.prod, heavyRequests }, config.policy.exceptions);
    this.node.addValidation(this.policy);

    const oldestTerraform = addBackend(this, config.backend, id, region);
    this.addOverride("terraform.required_version", `>= ${oldestTerraform}`);
    const costCenter: Record<string, string> = config.costCenter === undefined ? {} : { CostCenter: config.costCenter };
    this.defaultTags = { ...config.tags, ...costCenter, Project: project, Environment: environment, ManagedBy: "cdktf" };
    new AwsProvider(this, "aws", { region, defaultTags: [{ tags: this.defaultTags }], ...providerAccount(config.account) });
    this.env = {
      region,
      partition: partitionOf(region),
      accountId: new DataAwsCallerIdentity(this, "caller-identity").accountId,
    };
    const existingKey = config.encryption.existingKmsKeyArn;
    this.encryptionKey =
      existingKey === undefined
        ? new EncryptionKey(this, "encryption-key", {
            alias: this.namePrefix,
            env: this.env,
            allowCloudFrontLogDelivery: config.architecture === "hybrid",
            keepOnDestroy: this.keepsBackups(),
          })
        : new ExistingEncryptionKey(this, "existing-encryption-key", { keyArn: existingKey });
  }

  /**
   * Whether a destroy leaves backups encrypted with the stack's key, which must then outlive the
   * stack: in prod, always (the database's final snapshot and retained automated backups, the
   * DynamoDB table's 35-day system backup of a table with point-in-time recovery); elsewhere, where
   * the database's final snapshot or deletion protection (which retains automated backups) is
   * turned on. A flag on the final snapshot alone would miss the serverless table's backup.
   */
  private keepsBackups(): boolean {
    const { architecture, database } = this.config;
    return this.prod || (architecture !== "serverless" && (database.finalSnapshot === true || database.deletionProtection === true));
  }

  /** The VPC of the stack: created as configured, or adopted from `network.existingVpc`. */
  createNetwork(): VpcNetwork {
    const { network } = this.config;
    if (network.existingVpc !== undefined) return new ExistingNetwork(this, "existing-network", network.existingVpc);
    return new Network(this, "network", {
      namePrefix: this.namePrefix,
      env: this.env,
      cidr: network.vpcCidr,
      availabilityZones: network.availabilityZones,
      availabilityZoneIds: network.availabilityZoneIds,
      natGateways: network.natGateways,
      s3GatewayEndpoint: network.s3GatewayEndpoint,
      kmsKeyArn: this.encryptionKey.arn,
      flowLogRetentionDays: this.logRetentionDays,
    });
  }

  /**
   * A second AWS provider, aliased `us-east-1`, for what AWS serves only from that region
   * (CloudFront's certificate and web ACL), created on first use, with the same default tags.
   */
  get usEast1Provider(): AwsProvider {
    this.globalProvider ??= new AwsProvider(this, "aws-us-east-1", {
      alias: "us-east-1",
      region: "us-east-1",
      defaultTags: [{ tags: this.defaultTags }],
      ...providerAccount(this.config.account),
    });
    return this.globalProvider;
  }

  /** The secret with the AI-provider and Aleo keys: created empty, or adopted from `secrets.existingApiKeysSecretArn`. */
  createApiKeysSecret(): ApiKeysSecret {
    const { secrets } = this.config;
    return new ApiKeysSecret(this, "api-keys", {
      name: secrets.apiKeysSecretName,
      keys: secrets.apiKeys,
      kmsKeyArn: this.encryptionKey.arn,
      existingSecretArn: secrets.existingApiKeysSecretArn,
    });
  }

  /** The stack's dashboard and alarms, from the sections of its parts. */
  protected createObservability(sections: MonitoringSection[]): Observability {
    return new Observability(this, "observability", {
      namePrefix: this.namePrefix,
      region: this.config.region,
      kmsKeyArn: this.encryptionKey.arn,
      alarmEmail: this.config.observability.alarmEmail,
      sections,
    });
  }

  /** Sends the service's failed deployments (rolled back by its circuit breaker) to the alarm topic. */
  protected alertOnFailedDeployments(service: FargateService, observability: Observability): DeploymentFailureAlert {
    return new DeploymentFailureAlert(this, "deployment-failure-alert", {
      namePrefix: this.namePrefix,
      env: this.env,
      serviceArn: service.service.id,
      topic: observability.alarmTopic,
    });
  }

  protected observabilityOutputs(observability: Observability): StackOutputs {
    return {
      dashboard_name: { value: observability.dashboard.dashboardName, description: "CloudWatch dashboard" },
      alarm_topic_arn: { value: observability.alarmTopic.arn, description: "SNS topic of the alarms" },
    };
  }

  /**
   * cdktf runs `terraform version` at synth for import blocks, moved blocks and the cloud
   * backend. Where no terraform binary is installed (many CI runners) only that check is
   * dropped, with a warning: Terraform enforces the emitted `required_version` itself at init.
   * Every other validation still fails the synth.
   */
  override runAllValidations(): void {
    const lines = this.policyViolations();
    if (lines.length > 0) throw new PolicyViolationError(lines);
  }

  /**
   * Runs every validation of the stack's constructs (cdktf's and the policy checks) and returns
   * the policy violations, one line each; any other failure throws, as cdktf's synth does.
   */
  policyViolations(): string[] {
    const errors = this.node.findAll().flatMap((c) => c.node.validate().map((message) => ({ path: c.node.path, message })));
    const missingBinary = errors.filter((e) => TERRAFORM_NOT_FOUND.test(e.message));
    if (missingBinary.length > 0) {
      console.warn(`${this.node.id}: no terraform binary found; skipped cdktf's terraform version check (Terraform checks required_version at init)`);
    }
    const failures = errors.filter((e) => !TERRAFORM_NOT_FOUND.test(e.message) && !this.policy.lines.includes(e.message));
    if (failures.length > 0) {
      throw new Error(`Validation failed with the following errors:\n  ${failures.map((e) => `[${e.path}] ${e.message}`).join("\n  ")}`);
    }
    return this.policy.lines;
  }

  /** The stack's Terraform JSON: the one its policy checks just ran on, where they did (see PolicyValidation.takeChecked). */
  override toTerraform(): any {
    return this.policy.takeChecked() ?? super.toTerraform();
  }

  /**
   * Before writing, cdktf resolves every element of every stack once more only to find references
   * between stacks, for which it adds outputs and remote-state lookups: a tenth of a synth. Every
   * stack here stands alone (a test checks that cdktf's pass adds nothing), so only its other step,
   * the default backend, is kept.
   */
  override prepareStack(): void {
    this.ensureBackendExists();
  }
}

/** cdktf's message when `terraform version` cannot run (ValidateBinaryVersion). */
const TERRAFORM_NOT_FOUND = /^Could not determine version of \S+, \S+ version failed:/;
