import { containerDefinition, ContainerDefinitionProps } from "../../src/constructs/container-definition";

const PROPS: ContainerDefinitionProps = {
  name: "api",
  image: "your-registry/trustwrapper:latest",
  port: 8000,
  environment: { LOG_LEVEL: "INFO", ENVIRONMENT: "production" },
  secrets: [
    { name: "GOOGLE_API_KEY", secretArn: "arn:s", jsonKey: "GOOGLE_API_KEY" },
    { name: "ANTHROPIC_API_KEY", secretArn: "arn:s", jsonKey: "ANTHROPIC_API_KEY" },
  ],
  healthCheck: { command: "curl -f http://localhost:8000/health || exit 1", intervalSeconds: 30, timeoutSeconds: 10, retries: 3, startPeriodSeconds: 60 },
  logGroupName: "/ecs/tw-test",
  region: "eu-west-1",
  scratchVolumes: { tmp: "/tmp" },
};

describe("containerDefinition", () => {
  const container = containerDefinition(PROPS) as Record<string, any>;

  it("is written as ECS stores it, so that a plan after apply shows no change: AWS's filled-in fields, lists sorted by name", () => {
    expect(container).toMatchObject({ cpu: 0, essential: true, volumesFrom: [], systemControls: [], portMappings: [{ containerPort: 8000, hostPort: 8000, protocol: "tcp" }] });
    expect(container.environment.map((e: any) => e.name)).toEqual(["ENVIRONMENT", "LOG_LEVEL"]);
    expect(container.secrets.map((s: any) => s.name)).toEqual(["ANTHROPIC_API_KEY", "GOOGLE_API_KEY"]);
  });

  it("injects each secret's JSON key from its current version", () => {
    expect(container.secrets[0]).toEqual({ name: "ANTHROPIC_API_KEY", valueFrom: "arn:s:ANTHROPIC_API_KEY::" });
  });

  it("has a read-only root filesystem with the scratch volumes writable, the health check as a shell command, and logs to CloudWatch", () => {
    expect(container.readonlyRootFilesystem).toBe(true);
    expect(container.mountPoints).toEqual([{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }]);
    expect(container.healthCheck).toEqual({ command: ["CMD-SHELL", PROPS.healthCheck.command], interval: 30, timeout: 10, retries: 3, startPeriod: 60 });
    expect(container.logConfiguration).toEqual({
      logDriver: "awslogs",
      options: { "awslogs-group": "/ecs/tw-test", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "ecs" },
    });
  });

  it("refuses an empty environment value, which AWS would drop (and Terraform then diff forever)", () => {
    expect(() => containerDefinition({ ...PROPS, environment: { FEATURE_X: "" } })).toThrow("container api: environment variable FEATURE_X is empty");
  });
});
