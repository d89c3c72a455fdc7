import { Construct } from "constructs";
import { EcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import { EcsClusterCapacityProviders } from "@cdktf/provider-aws/lib/ecs-cluster-capacity-providers";
import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { ITerraformDependable } from "cdktf";
import { AwsEnvironment } from "../config/aws-environment";
import { ContainerSecret } from "./api-keys-secret";
import { containerDefinition, ContainerDefinitionProps } from "./container-definition";
import { PolicyStatement } from "./policy-document";
import { SecurityGroup } from "./security-group";
import { ServiceRole } from "./service-role";

export interface FargateServiceProps {
  /** Prefix of every name, e.g. `trustwrapper-prod`; the cluster and task family take it. */
  readonly namePrefix: string;
  /** Region, partition and account of the stack. */
  readonly env: AwsEnvironment;
  /** ECS service name. */
  readonly serviceName: string;
  /** Name of the app's container. */
  readonly containerName: string;
  /** VPC of the tasks' security group. */
  readonly vpcId: string;
  /** Subnets of the tasks (private: tasks never get a public IP). */
  readonly subnetIds: string[];
  /** The image the task runs: a reference, or a Terraform expression such as `${var.image}`. */
  readonly image: string;
  /** An image of the repository the execution role may pull from (ECR), when `image` is an expression. Default `image`. */
  readonly pullableImage?: string;
  /** Task CPU units (a valid Fargate pair with `memory`). */
  readonly cpu: number;
  /** Task memory, MiB. */
  readonly memory: number;
  /** `X86_64` or `ARM64` (Graviton). */
  readonly cpuArchitecture: "X86_64" | "ARM64";
  /** Port the app listens on in the container. */
  readonly containerPort: number;
  /** Tasks to run at first; the autoscaling target moves it after. */
  readonly desiredCount: number;
  /** Plain environment variables of the container. */
  readonly environment: Readonly<Record<string, string>>;
  /** Variables injected from Secrets Manager; the execution role may read exactly these secrets. */
  readonly secrets: readonly ContainerSecret[];
  /** The container's health check. */
  readonly healthCheck: ContainerDefinitionProps["healthCheck"];
  /** Log group of the container's output (the app also reads its name). */
  readonly logGroup: CloudwatchLogGroup;
  /** ARN of the KMS key of the injected secrets. */
  readonly kmsKeyArn: string;
  /** What the app itself may do: the task role's policy. */
  readonly taskRoleStatements: PolicyStatement[];
  /** Target group the tasks register with. */
  readonly targetGroupArn: string;
  /** Listeners that forward to the target group: the service is created after them. */
  readonly listeners: ITerraformDependable[];
  /**
   * Fargate Spot for the tasks above `onDemandBase` regular ones, `spotWeight` Spot tasks per
   * regular one. Default none: every task on regular Fargate (launch type FARGATE).
   */
  readonly spot?: { readonly onDemandBase: number; readonly spotWeight: number };
  /** Seconds the load balancer's health checks are ignored after a task starts. Default 60. */
  readonly healthCheckGracePeriodSeconds?: number;
}

/**
 * The guide's ECS Fargate service: a cluster with Container Insights, the task definition of
 * the TrustWrapper container (read-only root filesystem with a writable /tmp, secrets injected
 * per JSON key, logs to CloudWatch), its execution and task roles, and a service in private
 * subnets behind the load balancer that rolls back a failing deployment.
 */
export class FargateService extends Construct {
  readonly cluster: EcsCluster;
  readonly taskDefinition: EcsTaskDefinition;
  readonly service: EcsService;
  /**
   * The service's ARN, spelled from its cluster and name: a policy document that names it is read
   * at plan time, while one that referenced the service would be read after every release's
   * service update, planning an update of its role policy.
   */
  readonly serviceArn: string;
  /** The cluster's FARGATE and FARGATE_SPOT providers, with `spot` only. */
  readonly capacityProviders?: EcsClusterCapacityProviders;
  readonly securityGroup: SecurityGroup;
  readonly logGroup: CloudwatchLogGroup;
  readonly executionRole: ServiceRole;
  readonly taskRole: ServiceRole;

  constructor(scope: Construct, id: string, props: FargateServiceProps) {
    super(scope, id);
    const { env } = props;
    this.cluster = new EcsCluster(this, "cluster", {
      name: props.namePrefix,
      setting: [{ name: "containerInsights", value: "enabled" }],
    });
    this.logGroup = props.logGroup;
    this.securityGroup = new SecurityGroup(this, "service-security-group", {
      name: `${props.namePrefix}-service`,
      description: "TrustWrapper API tasks",
      vpcId: props.vpcId,
    });

    this.executionRole = new ServiceRole(this, "execution-role", {
      name: `${props.namePrefix}-${env.region}-task-execution`,
      description: "ECS pulls the TrustWrapper image, writes its logs and injects its secrets",
      servicePrincipal: "ecs-tasks.amazonaws.com",
      sourceAccount: env.accountId,
      statements: executionStatements(props, this.logGroup.arn),
    });
    this.taskRole = new ServiceRole(this, "task-role", {
      name: `${props.namePrefix}-${env.region}-task`,
      description: "What the TrustWrapper API may call",
      servicePrincipal: "ecs-tasks.amazonaws.com",
      sourceAccount: env.accountId,
      statements: props.taskRoleStatements,
    });

    const scratchVolumes = { tmp: "/tmp" };
    const container = containerDefinition({
      name: props.containerName,
      image: props.image,
      port: props.containerPort,
      environment: props.environment,
      secrets: props.secrets,
      healthCheck: props.healthCheck,
      logGroupName: this.logGroup.name,
      region: env.region,
      scratchVolumes,
    });
    this.taskDefinition = new EcsTaskDefinition(this, "task-definition", {
      family: props.namePrefix,
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu: String(props.cpu),
      memory: String(props.memory),
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: props.cpuArchitecture },
      executionRoleArn: this.executionRole.arn,
      taskRoleArn: this.taskRole.arn,
      volume: Object.keys(scratchVolumes).map((name) => ({ name })),
      containerDefinitions: JSON.stringify([container]),
    });

    const { spot } = props;
    // ECS refuses a strategy naming a provider the cluster does not have: the service waits for them.
    this.capacityProviders =
      spot === undefined
        ? undefined
        : new EcsClusterCapacityProviders(this, "capacity-providers", { clusterName: this.cluster.name, capacityProviders: ["FARGATE", "FARGATE_SPOT"] });
    this.serviceArn = `arn:${env.partition}:ecs:${env.region}:${env.accountId}:service/${props.namePrefix}/${props.serviceName}`;
    this.service = new EcsService(this, "service", {
      name: props.serviceName,
      cluster: this.cluster.arn,
      taskDefinition: this.taskDefinition.arn,
      desiredCount: props.desiredCount,
      // A service has a launch type or a capacity provider strategy, never both.
      ...(spot === undefined
        ? { launchType: "FARGATE" }
        : {
            capacityProviderStrategy: [
              { capacityProvider: "FARGATE", base: spot.onDemandBase, weight: 1 },
              { capacityProvider: "FARGATE_SPOT", weight: spot.spotWeight },
            ],
          }),
      platformVersion: "LATEST",
      networkConfiguration: { subnets: props.subnetIds, securityGroups: [this.securityGroup.id], assignPublicIp: false },
      loadBalancer: [{ targetGroupArn: props.targetGroupArn, containerName: props.containerName, containerPort: props.containerPort }],
      healthCheckGracePeriodSeconds: props.healthCheckGracePeriodSeconds ?? 60,
      deploymentCircuitBreaker: { enable: true, rollback: true },
      deploymentMinimumHealthyPercent: 100,
      deploymentMaximumPercent: 200,
      enableEcsManagedTags: true,
      propagateTags: "SERVICE",
      enableExecuteCommand: false,
      // Autoscaling owns the task count after the first apply.
      lifecycle: { ignoreChanges: ["desired_count"] },
      dependsOn: [...props.listeners, ...(this.capacityProviders === undefined ? [] : [this.capacityProviders])],
    });
  }
}

/** ECR image references: `<account>.dkr.ecr.<region>.amazonaws.com[.cn]/<repository>[:tag|@digest]`. */
const ECR_IMAGE = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)/;

function executionStatements(props: FargateServiceProps, logGroupArn: string): PolicyStatement[] {
  const statements: PolicyStatement[] = [{ sid: "WriteContainerLogs", actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [`${logGroupArn}:*`] }];
  const secretArns = [...new Set(props.secrets.map((s) => s.secretArn))];
  if (secretArns.length > 0) {
    statements.push(
      { sid: "ReadInjectedSecrets", actions: ["secretsmanager:GetSecretValue"], resources: secretArns },
      { sid: "DecryptInjectedSecrets", actions: ["kms:Decrypt"], resources: [props.kmsKeyArn] },
    );
  }
  const ecr = ECR_IMAGE.exec(props.pullableImage ?? props.image);
  if (ecr) {
    const [, account, region, repository] = ecr;
    statements.push(
      // GetAuthorizationToken has no resource-level permissions.
      { sid: "AuthenticateToEcr", actions: ["ecr:GetAuthorizationToken"], resources: ["*"] },
      {
        sid: "PullImage",
        actions: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
        resources: [`arn:${props.env.partition}:ecr:${region}:${account}:repository/${repository}`],
      },
    );
  }
  return statements;
}
