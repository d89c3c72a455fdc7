import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import { EcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import { address, bodyOf, containerDefinitions, onlyResource, ref, resourcesOf, synthContainer, Synthesized, stackKey, createdNetwork } from "./helpers";

describe("ECS Fargate service (defaults)", () => {
  let s: Synthesized;
  let container: any;
  beforeAll(() => {
    s = synthContainer();
    [container] = containerDefinitions(s.json);
  });

  it("runs a cluster with Container Insights", () => {
    expect(s.text).toHaveResourceWithProperties(EcsCluster, {
      name: "trustwrapper-prod",
      setting: [{ name: "containerInsights", value: "enabled" }],
    });
  });

  it("defines a 512 CPU / 1024 MiB awsvpc Fargate task with its two roles", () => {
    expect(onlyResource(s.json, "aws_ecs_task_definition")).toMatchObject({
      family: "trustwrapper-prod",
      cpu: "512",
      memory: "1024",
      network_mode: "awsvpc",
      requires_compatibilities: ["FARGATE"],
      execution_role_arn: ref(s.stack.tier.service.executionRole.role, "arn"),
      task_role_arn: ref(s.stack.tier.service.taskRole.role, "arn"),
      volume: [{ name: "tmp" }],
    });
  });

  it("runs the guide's container on port 8000 with a /health check", () => {
    expect(containerDefinitions(s.json)).toHaveLength(1);
    expect(container).toMatchObject({
      name: "trustwrapper-api",
      // The image variable, whose default is service.image (__tests__/image-release.test.ts).
      image: "${var.image}",
      essential: true,
      portMappings: [{ containerPort: 8000, hostPort: 8000, protocol: "tcp" }],
      healthCheck: {
        command: ["CMD-SHELL", "curl -f http://localhost:8000/health || exit 1"],
        interval: 30,
        timeout: 10,
        retries: 3,
        startPeriod: 60,
      },
    });
  });

  it("keeps the root filesystem read-only with a writable /tmp", () => {
    expect(container.readonlyRootFilesystem).toBe(true);
    expect(container.privileged).toBeUndefined();
    expect(container.mountPoints).toEqual([{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }]);
  });

  it("logs to /ecs/trustwrapper-prod with awslogs", () => {
    const logGroupName = ref(s.stack.tier.service.logGroup, "name");
    expect(container.logConfiguration).toEqual({
      logDriver: "awslogs",
      options: { "awslogs-group": logGroupName, "awslogs-region": "us-east-1", "awslogs-stream-prefix": "ecs" },
    });
    expect(bodyOf(s.json, s.stack.tier.service.logGroup)).toMatchObject({
      name: "/ecs/trustwrapper-prod",
      retention_in_days: 365,
      kms_key_id: ref(stackKey(s.stack), "arn"),
    });
  });

  it("sets the guide's environment, wired to the real resources", () => {
    const environment = Object.fromEntries(container.environment.map((e: any) => [e.name, e.value]));
    expect(environment).toEqual({
      ENVIRONMENT: "production",
      API_PORT: "8000",
      LOG_LEVEL: "INFO",
      AWS_REGION: "us-east-1",
      ALEO_NETWORK: "testnet3",
      CONTRACT_ADDRESS_AGENT_REGISTRY: "agent_registry_simple.aleo",
      CONTRACT_ADDRESS_TRUST_VERIFIER: "trust_verifier_test.aleo",
      S3_BUCKET: ref(s.stack.tier.artifacts.bucket, "bucket"),
      CLOUDWATCH_LOG_GROUP: ref(s.stack.tier.service.logGroup, "name"),
      REDIS_URL: `rediss://${ref(s.stack.tier.cache.replicationGroup, "primary_endpoint_address")}:6379`,
      DATABASE_URL: `postgresql://${ref(s.stack.tier.database.instance, "address")}:5432/trustwrapper?sslmode=require`,
      DB_HOST: ref(s.stack.tier.database.instance, "address"),
      DB_PORT: "5432",
      DB_NAME: "trustwrapper",
      DB_SSLMODE: "require",
    });
  });

  it("injects each API key and the database credentials per JSON key, never as values", () => {
    const apiKeys = ref(s.stack.tier.apiKeys.secret!, "arn");
    const database = ref(s.stack.tier.database.instance, "master_user_secret[0].secret_arn");
    expect(container.secrets).toEqual([
      { name: "ALEO_PRIVATE_KEY", valueFrom: `${apiKeys}:ALEO_PRIVATE_KEY::` },
      { name: "ANTHROPIC_API_KEY", valueFrom: `${apiKeys}:ANTHROPIC_API_KEY::` },
      { name: "DB_PASSWORD", valueFrom: `${database}:password::` },
      { name: "DB_USERNAME", valueFrom: `${database}:username::` },
      { name: "GOOGLE_API_KEY", valueFrom: `${apiKeys}:GOOGLE_API_KEY::` },
      { name: "PGPASSWORD", valueFrom: `${database}:password::` },
      { name: "PGUSER", valueFrom: `${database}:username::` },
    ]);
  });

  it("tells an IAM-authenticated Redis client what to sign its token for with cache.auth iam", () => {
    const iam = synthContainer({ cache: { auth: "iam", engineVersion: "7.0" }, database: { name: "trust" } });
    const [definition] = containerDefinitions(iam.json);
    const environment = Object.fromEntries(definition.environment.map((e: any) => [e.name, e.value]));
    const { cache, database } = iam.stack.tier;
    expect(environment).toMatchObject({
      REDIS_URL: `rediss://${ref(cache.replicationGroup, "primary_endpoint_address")}:6379`,
      REDIS_USERNAME: ref(cache.appUser!, "user_name"),
      REDIS_REPLICATION_GROUP_ID: ref(cache.replicationGroup, "replication_group_id"),
      AWS_REGION: "us-east-1",
      DATABASE_URL: `postgresql://${ref(database.instance, "address")}:5432/trust?sslmode=require`,
      DB_NAME: "trust",
    });
  });

  it("writes out what AWS fills in, so a re-plan shows no change", () => {
    expect(container.cpu).toBe(0);
    expect(container.volumesFrom).toEqual([]);
    expect(container.systemControls).toEqual([]);
    const names = container.environment.map((e: any) => e.name);
    expect(names).toEqual([...names].sort());
    for (const variable of container.environment) expect(variable.value).not.toBe("");
  });

  it("runs 2 tasks in the private subnets, without public IPs, behind the target group", () => {
    expect(bodyOf(s.json, s.stack.tier.service.service)).toMatchObject({
      name: "trustwrapper-api",
      cluster: ref(s.stack.tier.service.cluster, "arn"),
      task_definition: ref(s.stack.tier.service.taskDefinition, "arn"),
      desired_count: 2,
      launch_type: "FARGATE",
      network_configuration: {
        subnets: createdNetwork(s.stack).privateSubnets.map((subnet) => ref(subnet, "id")),
        security_groups: [ref(s.stack.tier.service.securityGroup.group, "id")],
        assign_public_ip: false,
      },
      load_balancer: [{ target_group_arn: ref(s.stack.tier.loadBalancer.targetGroup, "arn"), container_name: "trustwrapper-api", container_port: 8000 }],
      deployment_circuit_breaker: { enable: true, rollback: true },
      lifecycle: { ignore_changes: ["desired_count"] },
    });
  });

  it("is created after the listeners it registers behind", () => {
    expect(bodyOf(s.json, s.stack.tier.service.service).depends_on).toEqual(
      expect.arrayContaining([address(s.stack.tier.loadBalancer.httpsListener), address(s.stack.tier.loadBalancer.httpListener!)]),
    );
  });
});

describe("autoscaling (defaults)", () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthContainer();
  });

  it("scales the service between 2 and 10 tasks", () => {
    expect(s.text).toHaveResourceWithProperties(AppautoscalingTarget, {
      service_namespace: "ecs",
      scalable_dimension: "ecs:service:DesiredCount",
      resource_id: `service/${ref(s.stack.tier.service.cluster, "name")}/${ref(s.stack.tier.service.service, "name")}`,
      min_capacity: 2,
      max_capacity: 10,
    });
  });

  it("tracks CPU 70%, memory 80% and 1000 requests per target with 60 s cooldowns", () => {
    const policies = Object.values(resourcesOf(s.json, "aws_appautoscaling_policy"));
    const byMetric = Object.fromEntries(policies.map((p) => [p.target_tracking_scaling_policy_configuration.predefined_metric_specification.predefined_metric_type, p]));
    expect(Object.keys(byMetric).sort()).toEqual(["ALBRequestCountPerTarget", "ECSServiceAverageCPUUtilization", "ECSServiceAverageMemoryUtilization"]);
    const targets = { ECSServiceAverageCPUUtilization: 70, ECSServiceAverageMemoryUtilization: 80, ALBRequestCountPerTarget: 1000 };
    for (const [metric, target] of Object.entries(targets)) {
      expect(byMetric[metric]).toMatchObject({
        policy_type: "TargetTrackingScaling",
        resource_id: ref(s.stack.tier.autoscaling.target, "resource_id"),
        target_tracking_scaling_policy_configuration: { target_value: target, scale_in_cooldown: 60, scale_out_cooldown: 60 },
      });
    }
    expect(byMetric.ALBRequestCountPerTarget.target_tracking_scaling_policy_configuration.predefined_metric_specification.resource_label).toBe(
      `${ref(s.stack.tier.loadBalancer.loadBalancer, "arn_suffix")}/${ref(s.stack.tier.loadBalancer.targetGroup, "arn_suffix")}`,
    );
  });
});

describe("service options", () => {
  it("takes image, size, architecture, counts and extra environment from the configuration", () => {
    const s = synthContainer({
      service: {
        image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/trustwrapper:1.2.3",
        cpu: 1024,
        memory: 4096,
        cpuArchitecture: "ARM64",
        desiredCount: 3,
        environment: { FEATURE_FLAGS: "fast-path" },
        scaling: { minCount: 3, maxCount: 6 },
      },
    });
    expect(onlyResource(s.json, "aws_ecs_task_definition")).toMatchObject({
      cpu: "1024",
      memory: "4096",
      runtime_platform: { cpu_architecture: "ARM64", operating_system_family: "LINUX" },
    });
    const [container] = containerDefinitions(s.json);
    expect([container.image, s.json.variable.image.default]).toEqual(["${var.image}", "123456789012.dkr.ecr.us-east-1.amazonaws.com/trustwrapper:1.2.3"]);
    expect(container.environment).toContainEqual({ name: "FEATURE_FLAGS", value: "fast-path" });
    expect(bodyOf(s.json, s.stack.tier.service.service).desired_count).toBe(3);
    expect(bodyOf(s.json, s.stack.tier.autoscaling.target)).toMatchObject({ min_capacity: 3, max_capacity: 6 });
  });

  it("calls the environment what the app expects", () => {
    const [container] = containerDefinitions(synthContainer({ environment: "dev" }).json);
    expect(container.environment).toContainEqual({ name: "ENVIRONMENT", value: "development" });
  });
});
