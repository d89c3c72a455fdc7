import { APP_METRICS_NAMESPACE, applicationEnvironment, PUBLISH_APP_METRICS } from "../config/application";
import { ApiKeysSecret } from "../constructs/api-keys-secret";
import { ArtifactsBucket } from "../constructs/artifacts-bucket";
import { LOAD_BALANCER_LOG_PREFIX, LogDeliveryBucket, S3_ACCESS_LOG_PREFIX } from "../constructs/log-delivery-bucket";
import { Cache } from "../constructs/cache";
import { Database } from "../constructs/database";
import { Domain, DomainProps } from "../constructs/domain";
import { FargateService } from "../constructs/fargate-service";
import { LoadBalancer, LoadBalancerIngress } from "../constructs/load-balancer";
import { encryptedLogGroup } from "../constructs/log-group";
import { VpcNetwork } from "../constructs/network";
import { MonitoringSection } from "../constructs/observability";
import { RedeployOnSecretChange } from "../constructs/redeploy-on-secret-change";
import { ServiceAutoscaling } from "../constructs/service-autoscaling";
import { WebAcl } from "../constructs/web-acl";
import { imageVariable } from "./image-variable";
import { cacheSection, databaseSection, loadBalancerSection, redeploySection, serviceSection } from "./monitoring";
import { StackOutputs } from "./outputs";
import { serviceCommands } from "./troubleshooting";
import { TrustWrapperStack } from "./trustwrapper-stack";

export interface ContainerTierProps {
  /** The load balancer's public name and zone (with its certificate, or one is requested) and the alias record to it. */
  readonly domain: DomainProps;
  /** Who may reach the load balancer. */
  readonly ingress: LoadBalancerIngress;
  /** Other buckets of the stack whose S3 server access logs the tier's log bucket takes. Default none. */
  readonly loggedBucketArns?: string[];
  /**
   * Seconds a request may take: the load balancer's idle timeout and the deregistration delay are
   * at least this (in-flight requests finish on a draining task). Default none: 60 and 30.
   */
  readonly requestTimeoutSeconds?: number;
  /** A header (with a secret value) the load balancer requires of every request: see LoadBalancerProps. Default none. */
  readonly requiredHeader?: { readonly name: string; readonly value: string };
}

/** What the container tier built, for the stack to wire, watch and output. */
export interface ContainerTier {
  readonly network: VpcNetwork;
  readonly apiKeys: ApiKeysSecret;
  readonly artifacts: ArtifactsBucket;
  /** The load balancer's access logs and the artifacts bucket's server access logs. */
  readonly logs: LogDeliveryBucket;
  readonly domain: Domain;
  readonly loadBalancer: LoadBalancer;
  /** The load balancer's regional WAF web ACL, where loadBalancerWebAcl is enabled. */
  readonly webAcl?: WebAcl;
  readonly database: Database;
  readonly cache: Cache;
  readonly service: FargateService;
  readonly autoscaling: ServiceAutoscaling;
  /** Restarts the tasks when a secret they read at start changes. */
  readonly redeploy: RedeployOnSecretChange;
  /** Dashboard rows and alarms of the service, load balancer, database, cache and redeploys. */
  readonly monitoring: MonitoringSection[];
  readonly outputs: StackOutputs;
}

/**
 * The guide's "Option 2: Container-Based" tier: ALB (HTTPS) → ECS Fargate → RDS PostgreSQL and
 * ElastiCache Redis, in a VPC of public and private subnets, with its secret, artifacts bucket,
 * IAM roles and autoscaling. The container and hybrid stacks both build it, directly in the stack
 * scope: the construct IDs here are part of their Terraform addresses, do not rename them.
 */
export function addContainerTier(stack: TrustWrapperStack, props: ContainerTierProps): ContainerTier {
  const { config, prod, namePrefix, logRetentionDays, env } = stack;
  const { project, region } = config;
  const kmsKeyArn = stack.encryptionKey.arn;

  const network = stack.createNetwork();
  const vpcId = network.vpcId;
  const apiKeys = stack.createApiKeysSecret();
  const artifacts = new ArtifactsBucket(stack, "artifacts", {
    bucketPrefix: `${namePrefix}-artifacts-`,
    kmsKeyArn,
    forceDestroy: !prod,
    ...config.artifacts,
  });
  const logs = new LogDeliveryBucket(stack, "log-delivery", {
    bucketPrefix: `${namePrefix}-logs-`,
    env,
    retentionDays: logRetentionDays,
    loggedBucketArns: [artifacts.arn, ...(props.loggedBucketArns ?? [])],
    forceDestroy: !prod,
  });
  logs.takeAccessLogsOf(artifacts, artifacts.bucket, `${S3_ACCESS_LOG_PREFIX}/artifacts/`);

  const domain = new Domain(stack, "domain", props.domain);
  const loadBalancer = new LoadBalancer(stack, "load-balancer", {
    namePrefix,
    vpcId,
    subnetIds: network.publicSubnetIds,
    certificateArn: domain.certificateArn,
    targetPort: config.service.containerPort,
    healthCheckPath: config.service.healthCheckPath,
    deletionProtection: prod,
    idleTimeoutSeconds: Math.max(60, props.requestTimeoutSeconds ?? 0),
    deregistrationDelaySeconds: Math.max(30, props.requestTimeoutSeconds ?? 0),
    ingress: props.ingress,
    requiredHeader: props.requiredHeader,
    accessLogs: { bucket: logs.name, prefix: LOAD_BALANCER_LOG_PREFIX, after: logs.policy },
  });
  domain.addAlias("alias-record", loadBalancer);
  // On by default in prod where the load balancer is open to the internet; behind CloudFront its web ACL has checked every request.
  const webAcl =
    (config.loadBalancerWebAcl.enabled ?? (prod && props.ingress.from === "internet"))
      ? new WebAcl(stack, "load-balancer-web-acl", {
          name: `${namePrefix}-alb`,
          scope: "REGIONAL",
          description: "TrustWrapper load balancer",
          rateLimit: config.loadBalancerWebAcl.rateLimit,
          logsKmsKeyArn: kmsKeyArn,
          logRetentionDays,
        })
      : undefined;
  webAcl?.protect("load-balancer", loadBalancer.loadBalancer.arn);

  const database = new Database(stack, "database", {
    namePrefix,
    env,
    vpcId,
    subnetIds: network.privateSubnetIds,
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
  const cache = new Cache(stack, "cache", {
    namePrefix,
    vpcId,
    subnetIds: network.privateSubnetIds,
    nodeType: config.cache.nodeType,
    engineVersion: config.cache.engineVersion,
    nodes: config.cache.nodes,
    snapshotRetentionDays: config.cache.snapshotRetentionDays,
    kmsKeyArn,
    logRetentionDays,
    auth: config.cache.auth,
  });

  const appLogGroup = encryptedLogGroup(stack, "app-log-group", { name: `/ecs/${namePrefix}`, retentionDays: logRetentionDays, kmsKeyArn });
  const { service: serviceConfig } = config;
  const image = imageVariable(stack, serviceConfig.image);
  const service = new FargateService(stack, "service", {
    namePrefix,
    env,
    serviceName: `${project}-api`,
    containerName: `${project}-api`,
    vpcId,
    subnetIds: network.privateSubnetIds,
    image: image.stringValue,
    pullableImage: serviceConfig.image,
    cpu: serviceConfig.cpu,
    memory: serviceConfig.memory,
    cpuArchitecture: serviceConfig.cpuArchitecture,
    containerPort: serviceConfig.containerPort,
    desiredCount: serviceConfig.desiredCount,
    spot: serviceConfig.spot.enabled ? serviceConfig.spot : undefined,
    environment: {
      ...serviceConfig.environment,
      ...applicationEnvironment(config, serviceConfig.logLevel),
      API_PORT: String(serviceConfig.containerPort),
      AWS_REGION: region,
      S3_BUCKET: artifacts.name,
      CLOUDWATCH_LOG_GROUP: appLogGroup.name,
      ...cache.clientEnvironment(),
      ...database.clientEnvironment(),
    },
    secrets: [...apiKeys.containerSecrets(), ...database.containerSecrets()],
    healthCheck: {
      ...serviceConfig.healthCheck,
      command: serviceConfig.healthCheck.command ?? `curl -f http://localhost:${serviceConfig.containerPort}${serviceConfig.healthCheckPath} || exit 1`,
    },
    logGroup: appLogGroup,
    kmsKeyArn,
    // The app reads no secret itself: ECS injects them with the execution role.
    taskRoleStatements: [
      { sid: "ReadWriteArtifacts", actions: ["s3:GetObject", "s3:PutObject"], resources: [`${artifacts.arn}/*`] },
      { sid: "UseStackKey", actions: ["kms:Decrypt", "kms:GenerateDataKey"], resources: [kmsKeyArn] },
      PUBLISH_APP_METRICS,
      { sid: "WriteAppLogs", actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [`${appLogGroup.arn}:*`] },
      ...cache.clientStatements(),
    ],
    targetGroupArn: loadBalancer.targetGroup.arn,
    listeners: loadBalancer.listeners,
  });

  // The guide's security-group table, with every flow between groups written both ways.
  const serviceGroup = service.securityGroup;
  loadBalancer.securityGroup.connectTo(serviceGroup, serviceConfig.containerPort, "Load balancer to the API tasks");
  serviceGroup.connectTo(database.securityGroup, database.port, "API tasks to PostgreSQL");
  serviceGroup.connectTo(cache.securityGroup, cache.port, "API tasks to Redis");
  serviceGroup.allowEgressToCidr("0.0.0.0/0", 443, "HTTPS to AI providers, Aleo and AWS APIs (through NAT)");

  const autoscaling = new ServiceAutoscaling(stack, "autoscaling", {
    namePrefix,
    clusterName: service.cluster.name,
    serviceName: service.service.name,
    requestCountResourceLabel: loadBalancer.requestCountResourceLabel,
    ...serviceConfig.scaling,
  });

  const redeploy = new RedeployOnSecretChange(stack, "redeploy-on-secret-change", {
    namePrefix,
    env,
    secretArns: [apiKeys.arn, database.masterSecretArn],
    clusterArn: service.cluster.arn,
    serviceName: service.service.name,
    serviceArn: service.serviceArn,
    kmsKeyArn,
    logRetentionDays,
  });

  return {
    network,
    apiKeys,
    artifacts,
    logs,
    domain,
    loadBalancer,
    webAcl,
    database,
    cache,
    service,
    autoscaling,
    redeploy,
    monitoring: [serviceSection(service, APP_METRICS_NAMESPACE), loadBalancerSection(loadBalancer), databaseSection(database), cacheSection(cache), redeploySection(redeploy)],
    outputs: {
      alb_dns_name: { value: loadBalancer.dnsName, description: "DNS name of the load balancer" },
      cluster_name: { value: service.cluster.name, description: "ECS cluster" },
      service_name: { value: service.service.name, description: "ECS service" },
      image: { value: image.stringValue, description: "Image the service runs (the image variable): pass it back with -var on an apply that releases nothing" },
      database_endpoint: { value: database.instance.endpoint, description: "PostgreSQL endpoint (host:port)" },
      database_secret_arn: { value: database.masterSecretArn, description: "RDS-managed secret with the master credentials" },
      redis_endpoint: {
        value: cache.replicationGroup.primaryEndpointAddress,
        description: `Redis primary endpoint (TLS, ${config.cache.auth === "iam" ? "IAM auth" : "no AUTH"})`,
      },
      api_keys_secret_arn: { value: apiKeys.arn, description: "Secret to fill with the API keys" },
      artifacts_bucket: { value: artifacts.name, description: "Artifacts bucket (S3_BUCKET)" },
      ...serviceCommands({
        region,
        clusterName: service.cluster.name,
        serviceName: service.service.name,
        taskFamily: service.taskDefinition.family,
        logGroupName: appLogGroup.name,
      }),
    },
  };
}
