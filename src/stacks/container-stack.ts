import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { AwsEnvironment } from "../aws-environment";
import { TrustWrapperConfig } from "../config/schema";
import { ApiKeysSecret } from "../constructs/api-keys-secret";
import { ArtifactsBucket } from "../constructs/artifacts-bucket";
import { Cache } from "../constructs/cache";
import { Database } from "../constructs/database";
import { Domain } from "../constructs/domain";
import { FargateService } from "../constructs/fargate-service";
import { LoadBalancer } from "../constructs/load-balancer";
import { encryptedLogGroup } from "../constructs/log-group";
import { VpcNetwork } from "../constructs/network";
import { Observability } from "../constructs/observability";
import { PolicyStatement } from "../constructs/policy-document";
import { RedeployOnSecretChange } from "../constructs/redeploy-on-secret-change";
import { ServiceAutoscaling } from "../constructs/service-autoscaling";
import { cacheSection, databaseSection, loadBalancerSection, serviceSection } from "../monitoring";
import { TrustWrapperStack } from "./trustwrapper-stack";

/** Namespace of the app's own CloudWatch metrics (the guide's `put_metric`). */
export const APP_METRICS_NAMESPACE = "TrustWrapper";

/** What the app calls its environment (the guide's `ENVIRONMENT=production`). */
const APP_ENVIRONMENT_NAMES = { dev: "development", staging: "staging", prod: "production" } as const;

/**
 * The guide's "Option 2: Container-Based" architecture: ALB (HTTPS) → ECS Fargate → RDS
 * PostgreSQL and ElastiCache Redis, in a VPC of public and private subnets, with its secrets,
 * artifacts bucket, IAM roles, dashboard and alarms.
 */
export class ContainerStack extends TrustWrapperStack {
  readonly network: VpcNetwork;
  readonly apiKeys: ApiKeysSecret;
  readonly artifacts: ArtifactsBucket;
  readonly domain: Domain;
  readonly loadBalancer: LoadBalancer;
  readonly database: Database;
  readonly cache: Cache;
  readonly service: FargateService;
  readonly autoscaling: ServiceAutoscaling;
  readonly observability: Observability;

  constructor(scope: Construct, id: string, config: TrustWrapperConfig) {
    super(scope, id, config);
    const { project, environment, region } = config;
    const { prod, namePrefix, logRetentionDays, env } = this;
    const kmsKeyArn = this.encryptionKey.arn;

    this.network = this.createNetwork();
    const vpcId = this.network.vpcId;

    this.apiKeys = new ApiKeysSecret(this, "api-keys", {
      name: config.secrets.apiKeysSecretName,
      keys: config.secrets.apiKeys,
      kmsKeyArn,
      existingSecretArn: config.secrets.existingApiKeysSecretArn,
    });
    this.artifacts = new ArtifactsBucket(this, "artifacts", {
      bucketPrefix: `${namePrefix}-artifacts-`,
      kmsKeyArn,
      forceDestroy: !prod,
      ...config.artifacts,
    });

    this.domain = new Domain(this, "domain", config.domain);
    this.loadBalancer = new LoadBalancer(this, "load-balancer", {
      namePrefix,
      vpcId,
      subnetIds: this.network.publicSubnetIds,
      certificateArn: this.domain.certificateArn,
      targetPort: config.service.containerPort,
      healthCheckPath: config.service.healthCheckPath,
      deletionProtection: prod,
    });
    this.domain.addAlias("alias-record", this.loadBalancer);

    this.database = new Database(this, "database", {
      namePrefix,
      env,
      vpcId,
      subnetIds: this.network.privateSubnetIds,
      engineVersion: config.database.engineVersion,
      instanceClass: config.database.instanceClass,
      allocatedStorageGb: config.database.allocatedStorageGb,
      multiAz: config.database.multiAz,
      databaseName: config.database.name,
      masterUsername: config.database.masterUsername,
      kmsKeyArn,
      backupRetentionDays: config.database.backupRetentionDays,
      passwordRotationDays: config.database.passwordRotationDays,
      deletionProtection: config.database.deletionProtection ?? prod,
      finalSnapshot: config.database.finalSnapshot ?? prod,
      logRetentionDays,
    });
    this.cache = new Cache(this, "cache", {
      namePrefix,
      vpcId,
      subnetIds: this.network.privateSubnetIds,
      nodeType: config.cache.nodeType,
      engineVersion: config.cache.engineVersion,
      nodes: config.cache.nodes,
      snapshotRetentionDays: config.cache.snapshotRetentionDays,
      kmsKeyArn,
      logRetentionDays,
    });

    const appLogGroup = encryptedLogGroup(this, "app-log-group", { name: `/ecs/${namePrefix}`, retentionDays: logRetentionDays, kmsKeyArn });
    const { service: serviceConfig } = config;
    this.service = new FargateService(this, "service", {
      namePrefix,
      env,
      serviceName: `${project}-api`,
      containerName: `${project}-api`,
      vpcId,
      subnetIds: this.network.privateSubnetIds,
      image: serviceConfig.image,
      cpu: serviceConfig.cpu,
      memory: serviceConfig.memory,
      cpuArchitecture: serviceConfig.cpuArchitecture,
      containerPort: serviceConfig.containerPort,
      desiredCount: serviceConfig.desiredCount,
      environment: {
        ...serviceConfig.environment,
        ENVIRONMENT: APP_ENVIRONMENT_NAMES[environment],
        API_PORT: String(serviceConfig.containerPort),
        LOG_LEVEL: serviceConfig.logLevel,
        AWS_REGION: region,
        ALEO_NETWORK: config.application.aleoNetwork,
        CONTRACT_ADDRESS_AGENT_REGISTRY: config.application.agentRegistryContract,
        CONTRACT_ADDRESS_TRUST_VERIFIER: config.application.trustVerifierContract,
        S3_BUCKET: this.artifacts.name,
        CLOUDWATCH_LOG_GROUP: appLogGroup.name,
        REDIS_URL: this.cache.url,
        REDIS_USERNAME: this.cache.appUser.userName,
        DB_HOST: this.database.address,
        DB_PORT: String(this.database.port),
        DB_NAME: config.database.name,
        DB_SSLMODE: "require",
      },
      secrets: [...this.apiKeys.containerSecrets(), ...this.database.containerSecrets("DB_")],
      healthCheck: {
        ...serviceConfig.healthCheck,
        command: serviceConfig.healthCheck.command ?? `curl -f http://localhost:${serviceConfig.containerPort}${serviceConfig.healthCheckPath} || exit 1`,
      },
      logGroup: appLogGroup,
      kmsKeyArn,
      taskRoleStatements: this.taskRoleStatements(config, env, appLogGroup.arn),
      targetGroupArn: this.loadBalancer.targetGroup.arn,
      listeners: [this.loadBalancer.httpsListener, this.loadBalancer.httpListener],
    });

    // The guide's security-group table, with every flow between groups written both ways.
    const serviceGroup = this.service.securityGroup;
    this.loadBalancer.securityGroup.connectTo(serviceGroup, serviceConfig.containerPort, "Load balancer to the API tasks");
    serviceGroup.connectTo(this.database.securityGroup, this.database.port, "API tasks to PostgreSQL");
    serviceGroup.connectTo(this.cache.securityGroup, this.cache.port, "API tasks to Redis");
    serviceGroup.allowEgressToCidr("0.0.0.0/0", 443, "HTTPS to AI providers, Aleo and AWS APIs (through NAT)");

    this.autoscaling = new ServiceAutoscaling(this, "autoscaling", {
      namePrefix,
      clusterName: this.service.cluster.name,
      serviceName: this.service.service.name,
      requestCountResourceLabel: this.loadBalancer.requestCountResourceLabel,
      ...serviceConfig.scaling,
    });

    new RedeployOnSecretChange(this, "redeploy-on-secret-change", {
      namePrefix,
      env,
      secretArns: [this.apiKeys.arn, this.database.masterSecretArn],
      clusterArn: this.service.cluster.arn,
      serviceName: this.service.service.name,
      serviceArn: this.service.service.id,
      kmsKeyArn,
      logRetentionDays,
    });

    this.observability = new Observability(this, "observability", {
      namePrefix,
      region,
      kmsKeyArn,
      alarmEmail: config.observability.alarmEmail,
      sections: [
        serviceSection(this.service, APP_METRICS_NAMESPACE),
        loadBalancerSection(this.loadBalancer),
        databaseSection(this.database),
        cacheSection(this.cache),
      ],
    });

    const outputs: Record<string, { value: string; description: string }> = {
      url: { value: `https://${this.domain.name}`, description: "Public URL of the TrustWrapper API" },
      alb_dns_name: { value: this.loadBalancer.dnsName, description: "DNS name of the load balancer" },
      cluster_name: { value: this.service.cluster.name, description: "ECS cluster" },
      service_name: { value: this.service.service.name, description: "ECS service" },
      database_endpoint: { value: this.database.instance.endpoint, description: "PostgreSQL endpoint (host:port)" },
      database_secret_arn: { value: this.database.masterSecretArn, description: "RDS-managed secret with the master credentials" },
      redis_endpoint: { value: this.cache.replicationGroup.primaryEndpointAddress, description: "Redis primary endpoint (TLS, IAM auth)" },
      api_keys_secret_arn: { value: this.apiKeys.arn, description: "Secret to fill with the API keys" },
      artifacts_bucket: { value: this.artifacts.name, description: "Artifacts bucket (S3_BUCKET)" },
      dashboard_name: { value: this.observability.dashboard.dashboardName, description: "CloudWatch dashboard" },
      alarm_topic_arn: { value: this.observability.alarmTopic.arn, description: "SNS topic of the alarms" },
    };
    for (const [name, output] of Object.entries(outputs)) {
      new TerraformOutput(this, name, { ...output, staticId: true });
    }
  }

  /** The guide's task-role policy, made least-privilege. */
  private taskRoleStatements(config: TrustWrapperConfig, env: AwsEnvironment, logGroupArn: string): PolicyStatement[] {
    const secretName = config.secrets.apiKeysSecretName;
    const secretScope = secretName.includes("/") ? `${secretName.split("/")[0]}/*` : `${secretName}-*`;
    return [
      {
        sid: "ReadAppSecrets",
        actions: ["secretsmanager:GetSecretValue"],
        resources: [`arn:${env.partition}:secretsmanager:${env.region}:${env.accountId}:secret:${secretScope}`],
      },
      { sid: "ReadWriteArtifacts", actions: ["s3:GetObject", "s3:PutObject"], resources: [`${this.artifacts.arn}/*`] },
      { sid: "UseStackKey", actions: ["kms:Decrypt", "kms:GenerateDataKey"], resources: [this.encryptionKey.arn] },
      {
        // PutMetricData has no resource-level permissions: the namespace condition scopes it.
        sid: "PublishAppMetrics",
        actions: ["cloudwatch:PutMetricData"],
        resources: ["*"],
        condition: [{ test: "StringEquals", variable: "cloudwatch:namespace", values: [APP_METRICS_NAMESPACE] }],
      },
      { sid: "WriteAppLogs", actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [`${logGroupArn}:*`] },
      this.cache.connectStatement(),
    ];
  }
}
