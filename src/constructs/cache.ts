import { Construct } from "constructs";
import { ElasticacheReplicationGroup } from "@cdktf/provider-aws/lib/elasticache-replication-group";
import { ElasticacheSubnetGroup } from "@cdktf/provider-aws/lib/elasticache-subnet-group";
import { ElasticacheUser } from "@cdktf/provider-aws/lib/elasticache-user";
import { ElasticacheUserGroup } from "@cdktf/provider-aws/lib/elasticache-user-group";
import { encryptedLogGroup } from "./log-group";
import { PolicyStatement } from "./policy-document";
import { SecurityGroup } from "./security-group";

export interface CacheProps {
  /** Replication group ID and name prefix, e.g. `trustwrapper-prod` (at most 40 characters). */
  readonly namePrefix: string;
  readonly vpcId: string;
  /** Private subnets. */
  readonly subnetIds: string[];
  readonly nodeType: string;
  /** Redis version, 7.0 or later (IAM authentication). */
  readonly engineVersion: string;
  /** Nodes: 1 primary plus replicas; 2 or more fail over automatically across zones. */
  readonly nodes: number;
  readonly snapshotRetentionDays: number;
  /** ARN of the KMS key of the data at rest and of the slow log. */
  readonly kmsKeyArn: string;
  readonly logRetentionDays: number;
}

const PORT = 6379;

/**
 * ElastiCache Redis as a replication group (a plain cache cluster cannot encrypt Redis):
 * encrypted at rest and in transit, in private subnets, reachable only from connected security
 * groups. Clients authenticate as `userName` with IAM (a short-lived SigV4 token signed by the
 * task role), so no password exists anywhere; the built-in `default` user is switched off.
 */
export class Cache extends Construct {
  readonly replicationGroup: ElasticacheReplicationGroup;
  readonly securityGroup: SecurityGroup;
  readonly appUser: ElasticacheUser;
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
    const disabledDefaultUser = new ElasticacheUser(this, "default-user", {
      userId: `${props.namePrefix}-default`,
      userName: "default",
      engine: "REDIS",
      accessString: "off -@all",
      authenticationMode: { type: "no-password-required" },
    });
    // IAM authentication requires the user ID to equal the user name.
    this.appUser = new ElasticacheUser(this, "app-user", {
      userId: `${props.namePrefix}-app`,
      userName: `${props.namePrefix}-app`,
      engine: "REDIS",
      accessString: "on ~* +@all -@dangerous",
      authenticationMode: { type: "iam" },
    });
    const userGroup = new ElasticacheUserGroup(this, "user-group", {
      userGroupId: props.namePrefix,
      engine: "REDIS",
      userIds: [disabledDefaultUser.userId, this.appUser.userId],
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
      logDeliveryConfiguration: [
        { destination: slowLog.name, destinationType: "cloudwatch-logs", logFormat: "json", logType: "slow-log" },
      ],
    });
  }

  /** The primary endpoint as a TLS URL (`rediss://`). */
  get url(): string {
    return `rediss://${this.replicationGroup.primaryEndpointAddress}:${PORT}`;
  }

  /** CacheClusterId of the primary node, the dimension of its CloudWatch metrics. */
  get primaryNodeId(): string {
    return `${this.replicationGroup.id}-001`;
  }

  /** What a role needs to connect as the app user with IAM authentication. */
  connectStatement(): PolicyStatement {
    return {
      sid: "ConnectToCacheWithIam",
      actions: ["elasticache:Connect"],
      resources: [this.replicationGroup.arn, this.appUser.arn],
    };
  }
}
