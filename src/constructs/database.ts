import { Construct } from "constructs";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { SecretsmanagerSecretRotation } from "@cdktf/provider-aws/lib/secretsmanager-secret-rotation";
import { AwsEnvironment } from "../config/aws-environment";
import { ContainerSecret } from "./api-keys-secret";
import { encryptedLogGroup } from "./log-group";
import { SecurityGroup } from "./security-group";
import { ServiceRole } from "./service-role";

export interface DatabaseProps {
  /** Instance identifier and name prefix, e.g. `trustwrapper-prod`. */
  readonly namePrefix: string;
  /** Region, partition and account of the stack. */
  readonly env: AwsEnvironment;
  /** VPC of the database's security group. */
  readonly vpcId: string;
  /** Private subnets in at least two zones. */
  readonly subnetIds: string[];
  /** PostgreSQL major version, e.g. `17`. */
  readonly engineVersion: string;
  /** Instance class, e.g. `db.t3.small`. */
  readonly instanceClass: string;
  /** Storage, GiB (gp3). */
  readonly allocatedStorageGb: number;
  /** A standby in a second zone. */
  readonly multiAz: boolean;
  /** Name of the database created in the instance. */
  readonly databaseName: string;
  /** Master user name; RDS keeps its password in Secrets Manager. */
  readonly masterUsername: string;
  /** ARN of the KMS key of the storage, the managed password secret and the logs. */
  readonly kmsKeyArn: string;
  /** Days of automated backups. */
  readonly backupRetentionDays: number;
  /** Days between rotations of the managed master password. */
  readonly passwordRotationDays: number;
  /** Refuse deletion (and `terraform destroy`). */
  readonly deletionProtection: boolean;
  /** Snapshot the database when it is deleted. */
  readonly finalSnapshot: boolean;
  /** Days the exported PostgreSQL logs are kept. */
  readonly logRetentionDays: number;
  /** Seconds between enhanced-monitoring samples (0 turns it off). Default 60. */
  readonly monitoringIntervalSeconds?: number;
}

const PORT = 5432;
/** `rds.force_ssl` refuses anything less; `verify-full` would need the RDS CA bundle in the image. */
const SSL_MODE = "require";
const EXPORTED_LOGS = ["postgresql", "upgrade"];

/**
 * RDS PostgreSQL in private subnets: encrypted with the stack's key, TLS enforced, the master
 * password generated and rotated by RDS in Secrets Manager (never in Terraform), reachable
 * only from the security groups connected to it with `securityGroup.connectTo`.
 */
export class Database extends Construct {
  readonly instance: DbInstance;
  readonly securityGroup: SecurityGroup;
  readonly port = PORT;
  readonly databaseName: string;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    this.databaseName = props.databaseName;
    const identifier = props.namePrefix;
    this.securityGroup = new SecurityGroup(this, "database-security-group", {
      name: `${props.namePrefix}-database`,
      description: "TrustWrapper PostgreSQL: only from the connected groups",
      vpcId: props.vpcId,
    });
    const subnetGroup = new DbSubnetGroup(this, "subnet-group", {
      name: props.namePrefix,
      description: "TrustWrapper database: private subnets",
      subnetIds: props.subnetIds,
    });
    const parameters = new DbParameterGroup(this, "parameter-group", {
      namePrefix: `${props.namePrefix}-postgres${props.engineVersion}-`,
      family: `postgres${props.engineVersion}`,
      description: "TrustWrapper PostgreSQL: TLS only",
      parameter: [{ name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" }],
      lifecycle: { createBeforeDestroy: true },
    });
    // Created here so that the logs RDS exports are encrypted and expire.
    const logGroups = EXPORTED_LOGS.map((log) =>
      encryptedLogGroup(this, `${log}-log-group`, {
        name: `/aws/rds/instance/${identifier}/${log}`,
        retentionDays: props.logRetentionDays,
        kmsKeyArn: props.kmsKeyArn,
      }),
    );
    const monitoringInterval = props.monitoringIntervalSeconds ?? 60;
    const monitoringRole =
      monitoringInterval > 0
        ? new ServiceRole(this, "monitoring-role", {
            name: `${props.namePrefix}-${props.env.region}-rds-monitoring`,
            description: "RDS enhanced monitoring publishes OS metrics",
            servicePrincipal: "monitoring.rds.amazonaws.com",
            sourceAccount: props.env.accountId,
            managedPolicyArns: [`arn:${props.env.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`],
          })
        : undefined;

    this.instance = new DbInstance(this, "instance", {
      identifier,
      engine: "postgres",
      engineVersion: props.engineVersion,
      instanceClass: props.instanceClass,
      allocatedStorage: props.allocatedStorageGb,
      storageType: "gp3",
      storageEncrypted: true,
      kmsKeyId: props.kmsKeyArn,
      multiAz: props.multiAz,
      dbName: props.databaseName,
      username: props.masterUsername,
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: props.kmsKeyArn,
      port: PORT,
      dbSubnetGroupName: subnetGroup.name,
      vpcSecurityGroupIds: [this.securityGroup.id],
      parameterGroupName: parameters.name,
      publiclyAccessible: false,
      iamDatabaseAuthenticationEnabled: true,
      caCertIdentifier: "rds-ca-rsa2048-g1",
      backupRetentionPeriod: props.backupRetentionDays,
      copyTagsToSnapshot: true,
      deleteAutomatedBackups: !props.deletionProtection,
      deletionProtection: props.deletionProtection,
      skipFinalSnapshot: !props.finalSnapshot,
      finalSnapshotIdentifier: props.finalSnapshot ? `${identifier}-final` : undefined,
      autoMinorVersionUpgrade: true,
      allowMajorVersionUpgrade: false,
      enabledCloudwatchLogsExports: EXPORTED_LOGS,
      monitoringInterval,
      monitoringRoleArn: monitoringRole?.arn,
      // Query-level load (Database Insights standard mode): 7 days are free; its data can hold
      // SQL text, so it is encrypted with the stack's key.
      performanceInsightsEnabled: true,
      performanceInsightsRetentionPeriod: 7,
      performanceInsightsKmsKeyId: props.kmsKeyArn,
      dependsOn: logGroups,
    });
    new SecretsmanagerSecretRotation(this, "password-rotation", {
      secretId: this.masterSecretArn,
      rotateImmediately: false,
      rotationRules: { automaticallyAfterDays: props.passwordRotationDays },
    });
  }

  /** ARN of the RDS-managed secret with the master user's `username` and `password`. */
  get masterSecretArn(): string {
    return this.instance.masterUserSecret.get(0).secretArn;
  }

  get address(): string {
    return this.instance.address;
  }

  /**
   * Where a client connects, without credentials: `DATABASE_URL`
   * (`postgresql://<address>:5432/<db>?sslmode=require`, TLS without CA verification) and the same
   * as `DB_HOST`, `DB_PORT`, `DB_NAME`, `DB_SSLMODE`.
   */
  clientEnvironment(): Record<string, string> {
    return {
      DATABASE_URL: `postgresql://${this.address}:${PORT}/${this.databaseName}?sslmode=${SSL_MODE}`,
      DB_HOST: this.address,
      DB_PORT: String(PORT),
      DB_NAME: this.databaseName,
      DB_SSLMODE: SSL_MODE,
    };
  }

  /**
   * The master credentials, injected from the RDS-managed secret: as `PGUSER`/`PGPASSWORD`, which
   * libpq (psycopg) and asyncpg read when `DATABASE_URL` names no user, and as `DB_USERNAME`/`DB_PASSWORD`.
   */
  containerSecrets(): ContainerSecret[] {
    const secretArn = this.masterSecretArn;
    return [
      { name: "PGUSER", secretArn, jsonKey: "username" },
      { name: "PGPASSWORD", secretArn, jsonKey: "password" },
      { name: "DB_USERNAME", secretArn, jsonKey: "username" },
      { name: "DB_PASSWORD", secretArn, jsonKey: "password" },
    ];
  }
}
