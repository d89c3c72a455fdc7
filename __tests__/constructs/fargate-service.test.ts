import { EcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { FargateService, FargateServiceProps } from "../../src/constructs/fargate-service";
import { encryptedLogGroup } from "../../src/constructs/log-group";
import { bodies, ENV, synthConstruct } from "./synth";

const KEY = "arn:aws:kms:eu-west-1:111122223333:key/k";
const SECRET = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:keys-AbCdEf";
const ECR_IMAGE = "111122223333.dkr.ecr.eu-west-1.amazonaws.com/trustwrapper:1.0";

function synth(props: Partial<FargateServiceProps> = {}) {
  return synthConstruct((scope) => {
    const logGroup = encryptedLogGroup(scope, "log-group", { name: "/ecs/tw-test", retentionDays: 30, kmsKeyArn: KEY });
    new FargateService(scope, "service", {
      namePrefix: "tw-test",
      env: ENV,
      serviceName: "tw-test-api",
      containerName: "api",
      vpcId: "vpc-1",
      subnetIds: ["subnet-a", "subnet-b"],
      image: "your-registry/trustwrapper:latest",
      cpu: 512,
      memory: 1024,
      cpuArchitecture: "X86_64",
      containerPort: 8000,
      desiredCount: 2,
      environment: { LOG_LEVEL: "INFO" },
      secrets: [],
      healthCheck: { command: "curl -f http://localhost:8000/health || exit 1", intervalSeconds: 30, timeoutSeconds: 10, retries: 3, startPeriodSeconds: 60 },
      logGroup,
      kmsKeyArn: KEY,
      taskRoleStatements: [],
      targetGroupArn: "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/tw/1",
      listeners: [],
      ...props,
    });
  });
}

/** The statement ids of every policy document of the service (its roles' trust and permissions). */
const executionSids = (data: Record<string, Record<string, any>>) =>
  bodies(data, "aws_iam_policy_document")
    .flatMap((d) => d.statement.map((s: any) => s.sid))
    .filter((sid: string | undefined) => sid !== undefined);

describe("FargateService", () => {
  it("runs Fargate tasks of the given size and architecture, with container insights", () => {
    const { text } = synth({ cpu: 1024, memory: 2048, cpuArchitecture: "ARM64" });
    expect(text).toHaveResourceWithProperties(EcsCluster, { name: "tw-test", setting: [{ name: "containerInsights", value: "enabled" }] });
    expect(text).toHaveResourceWithProperties(EcsTaskDefinition, {
      family: "tw-test",
      requires_compatibilities: ["FARGATE"],
      network_mode: "awsvpc",
      cpu: "1024",
      memory: "2048",
      runtime_platform: { operating_system_family: "LINUX", cpu_architecture: "ARM64" },
      volume: [{ name: "tmp" }],
    });
  });

  it("keeps tasks private, rolls back a failing deployment, starts new tasks before stopping old ones, and leaves the count to autoscaling", () => {
    expect(synth().text).toHaveResourceWithProperties(EcsService, {
      launch_type: "FARGATE",
      network_configuration: expect.objectContaining({ assign_public_ip: false, subnets: ["subnet-a", "subnet-b"] }),
      load_balancer: [expect.objectContaining({ container_name: "api", container_port: 8000 })],
      deployment_circuit_breaker: { enable: true, rollback: true },
      deployment_minimum_healthy_percent: 100,
      deployment_maximum_percent: 200,
      health_check_grace_period_seconds: 60,
      enable_execute_command: false,
      lifecycle: { ignore_changes: ["desired_count"] },
    });
    expect(synth({ healthCheckGracePeriodSeconds: 120 }).text).toHaveResourceWithProperties(EcsService, { health_check_grace_period_seconds: 120 });
  });

  it("defines one read-only container, logging to its log group, with /tmp writable", () => {
    const [task] = bodies(synth().resources, "aws_ecs_task_definition");
    const [container] = JSON.parse(task.container_definitions);
    expect(container).toMatchObject({ name: "api", readonlyRootFilesystem: true, mountPoints: [expect.objectContaining({ sourceVolume: "tmp", containerPath: "/tmp" })] });
    expect(container.logConfiguration.options).toMatchObject({ "awslogs-region": "eu-west-1" });
  });

  it("lets the execution role write logs only, without secrets or an ECR image", () => {
    const sids = executionSids(synth().data);
    expect(sids).toContain("WriteContainerLogs");
    expect(sids.filter((sid: string) => /Secrets|Ecr|PullImage/.test(sid))).toEqual([]);
  });

  it("lets the execution role read and decrypt the injected secrets, and pull from the ECR repository of the image only", () => {
    const { data } = synth({
      image: ECR_IMAGE,
      secrets: [
        { name: "ANTHROPIC_API_KEY", secretArn: SECRET, jsonKey: "ANTHROPIC_API_KEY" },
        { name: "GOOGLE_API_KEY", secretArn: SECRET, jsonKey: "GOOGLE_API_KEY" },
      ],
    });
    const statements = bodies(data, "aws_iam_policy_document").flatMap((d) => d.statement);
    const bySid = (sid: string) => statements.find((s: any) => s.sid === sid);
    expect(bySid("ReadInjectedSecrets").resources).toEqual([SECRET]);
    expect(bySid("DecryptInjectedSecrets").resources).toEqual([KEY]);
    expect(bySid("PullImage").resources).toEqual(["arn:aws:ecr:eu-west-1:111122223333:repository/trustwrapper"]);
    expect(bySid("AuthenticateToEcr").actions).toEqual(["ecr:GetAuthorizationToken"]);
  });
});
