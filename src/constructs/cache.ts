import { Construct } from "constructs";
import { ElasticacheReplicationGroup } from "@cdktf/provider-aws/lib/elasticache-replication-group";
import { ElasticacheSubnetGroup } from "@cdktf/provider-aws/lib/elasticache-subnet-group";
import { ElasticacheUser } from "@cdktf/provider-aws/lib/elasticache-user";
import { ElasticacheUserGroup } from "@cdktf/provider-aws/lib/elasticache-user-group";
import { CacheAuthMode } from "../config/schema";
import { encryptedLogGroup } from "./log-group";
import { PolicyStatement } from "./policy-document";
import { SecurityGroup } from "./security-group";

export interface CacheProps {
  /** Replication group ID and name prefix, e.g. `trustwrapper-prod` (at most 40 characters). */
  readonly namePrefix: string;
  /** VPC of the cache's security group. */
  readonly vpcId: string;
  /** Private subnets. */
  readonly subnetIds: string[];
  /** Node type, e.g. `cache.t3.micro`. */
  readonly nodeType: string;
  /** Redis version, 7.0 or later (IAM authentication). */
  readonly engineVersion: string;
  /** Nodes: 1 primary plus replicas; 2 or more fail over automatically across zones. */
  readonly nodes: number;
  /** Days of daily snapshots (0: none). */
  readonly snapshotRetentionDays: number;
  /** ARN of the KMS key of the data at rest and of the slow log. */
  readonly kmsKeyArn: string;
  /** Days the slow log is kept. */
  readonly logRetentionDays: number;
  /**
   * `tls`: clients connect over TLS without AUTH, as the `default` user; `iam`: the `default` user
   * is switched off and clients authenticate as `appUser` with an IAM token. Either way no
   * password exists (ElastiCache has no write-only AUTH token or password argument, so one would
   * be in Terraform state). Default `tls`.
   */
  readonly auth?: CacheAuthMode;
}

const PORT = 6379;
/** What the app's user may run: everything but the commands that can break or reconfigure the cache. */
const APP_ACCESS = "on ~* +@all -@dangerous";

/**
 * ElastiCache Redis as a replication group (a plain cache cluster cannot encrypt Redis):
 * encrypted at rest and in transit, in private subnets, reachable only from connected security
 * groups. The user group and replication group are the same in both auth modes, so switching
 * modes changes only the users (in place).
 */
export class Cache extends Construct {
  readonly replicationGroup: ElasticacheReplicationGroup;
  readonly securityGroup: SecurityGroup;
  /** The IAM-authenticated user of `iam` mode; undefined in `tls` mode. */
  readonly appUser?: ElasticacheUser;
  readonly port = PORT;

  constructor(scope: Construct, id: string, props: CacheProps) {
    super(scope, id);
    this.securityGroup = new SecurityGroup(this, "cache-security-group", {
      name: `${props.namePrefix}-cache`,
      description: "TrustWrapper Redis: only from the connected groups",
      vpcId: props.vpcId,
    });
    const subnetGroup = new ElasticacheSubnetGroup(this, "subnet-group", {
      name: props.namePrefix,
      description: "TrustWrapper Redis: private subnets",
      subnetIds: props.subnetIds,
    });
    const iam = (props.auth ?? "tls") === "iam";
    // Every user group needs a user named `default`: it is who a connection without AUTH is.
    const defaultUser = new ElasticacheUser(this, "default-user", {
      userId: `${props.namePrefix}-default`,
      userName: "default",
      engine: "REDIS",
      accessString: iam ? "off -@all" : APP_ACCESS,
      authenticationMode: { type: "no-password-required" },
    });
    // IAM authentication requires the user ID to equal the user name.
    this.appUser = iam
      ? new ElasticacheUser(this, "app-user", {
          userId: `${props.namePrefix}-app`,
          userName: `${props.namePrefix}-app`,
          engine: "REDIS",
          accessString: APP_ACCESS,
          authenticationMode: { type: "iam" },
        })
      : undefined;
    const userGroup = new ElasticacheUserGroup(this, "user-group", {
      userGroupId: props.namePrefix,
      engine: "REDIS",
      userIds: [defaultUser.userId, ...(this.appUser ? [this.appUser.userId] : [])],
    });
    const slowLog = encryptedLogGroup(this, "slow-log-group", {
      name: `/elasticache/${props.namePrefix}/slow-log`,
      retentionDays: props.logRetentionDays,
      kmsKeyArn: props.kmsKeyArn,
    });
    const highlyAvailable = props.nodes > 1;
    this.replicationGroup = new ElasticacheReplicationGroup(this, "replication-group", {
      replicationGroupId: props.namePrefix,
      description: "TrustWrapper cache",
      engine: "redis",
      engineVersion: props.engineVersion,
      nodeType: props.nodeType,
      numCacheClusters: props.nodes,
      automaticFailoverEnabled: highlyAvailable,
      multiAzEnabled: highlyAvailable,
      port: PORT,
      subnetGroupName: subnetGroup.name,
      securityGroupIds: [this.securityGroup.id],
      atRestEncryptionEnabled: "true",
      kmsKeyId: props.kmsKeyArn,
      transitEncryptionEnabled: true,
      userGroupIds: [userGroup.userGroupId],
      snapshotRetentionLimit: props.snapshotRetentionDays,
      autoMinorVersionUpgrade: "true",
      applyImmediately: false,
      logDeliveryConfiguration: [{ destination: slowLog.name, destinationType: "cloudwatch-logs", logFormat: "json", logType: "slow-log" }],
    });
  }

  /** The primary endpoint as a TLS URL (`rediss://`), without credentials. */
  get url(): string {
    return `rediss://${this.replicationGroup.primaryEndpointAddress}:${PORT}`;
  }

  /**
   * What a client needs to connect: `REDIS_URL`, and in `iam` mode what its IAM token is signed
   * for (the user and the replication group; the region is `AWS_REGION`).
   */
  clientEnvironment(): Record<string, string> {
    if (!this.appUser) return { REDIS_URL: this.url };
    return { REDIS_URL: this.url, REDIS_USERNAME: this.appUser.userName, REDIS_REPLICATION_GROUP_ID: this.replicationGroup.replicationGroupId };
  }

  /** CacheClusterId of the primary node, the dimension of its CloudWatch metrics. */
  get primaryNodeId(): string {
    return `${this.replicationGroup.id}-001`;
  }

  /** What a client's role needs: `elasticache:Connect` as the app user in `iam` mode, nothing in `tls` mode. */
  clientStatements(): PolicyStatement[] {
    if (!this.appUser) return [];
    return [{ sid: "ConnectToCacheWithIam", actions: ["elasticache:Connect"], resources: [this.replicationGroup.arn, this.appUser.arn] }];
  }
}
