import { ContainerSecret } from "./api-keys-secret";

export interface ContainerDefinitionProps {
  /** Container name, which the load balancer's target and the logs use. */
  readonly name: string;
  /** Image, e.g. `<account>.dkr.ecr.<region>.amazonaws.com/trustwrapper:1.0`. */
  readonly image: string;
  /** Port the app listens on (TCP, same on the host in awsvpc mode). */
  readonly port: number;
  /** Plain environment variables; values must be non-empty. */
  readonly environment: Readonly<Record<string, string>>;
  /** Variables injected from Secrets Manager at task start. */
  readonly secrets: readonly ContainerSecret[];
  /** Docker health check: a shell command and its timing, seconds. */
  readonly healthCheck: {
    readonly command: string;
    readonly intervalSeconds: number;
    readonly timeoutSeconds: number;
    readonly retries: number;
    readonly startPeriodSeconds: number;
  };
  /** CloudWatch log group the awslogs driver writes to. */
  readonly logGroupName: string;
  /** Region of that log group. */
  readonly region: string;
  /** Writable scratch volumes: volume name to mount path. The root filesystem is read-only. */
  readonly scratchVolumes: Readonly<Record<string, string>>;
}

/**
 * The container definition as ECS stores it, so that `terraform plan` after apply shows no
 * change: every field AWS fills in is written out with the value AWS returns (cpu 0, empty
 * `volumesFrom` and `systemControls`, the host port of awsvpc), lists are sorted by name, and an
 * empty environment value (which AWS drops) is rejected instead of emitted.
 */
export function containerDefinition(props: ContainerDefinitionProps): Record<string, unknown> {
  const environment = Object.entries(props.environment)
    .map(([name, value]) => {
      if (value === "") throw new Error(`container ${props.name}: environment variable ${name} is empty`);
      return { name, value };
    })
    .sort(byName);
  return {
    name: props.name,
    image: props.image,
    cpu: 0,
    essential: true,
    readonlyRootFilesystem: true,
    portMappings: [{ containerPort: props.port, hostPort: props.port, protocol: "tcp" }],
    environment,
    // `<arn>:<json key>::` selects one key of the secret's current version.
    secrets: props.secrets.map((s) => ({ name: s.name, valueFrom: `${s.secretArn}:${s.jsonKey}::` })).sort(byName),
    mountPoints: Object.entries(props.scratchVolumes)
      .map(([sourceVolume, containerPath]) => ({ sourceVolume, containerPath, readOnly: false }))
      .sort((a, b) => a.sourceVolume.localeCompare(b.sourceVolume)),
    volumesFrom: [],
    systemControls: [],
    healthCheck: {
      command: ["CMD-SHELL", props.healthCheck.command],
      interval: props.healthCheck.intervalSeconds,
      timeout: props.healthCheck.timeoutSeconds,
      retries: props.healthCheck.retries,
      startPeriod: props.healthCheck.startPeriodSeconds,
    },
    logConfiguration: {
      logDriver: "awslogs",
      options: {
        "awslogs-group": props.logGroupName,
        "awslogs-region": props.region,
        "awslogs-stream-prefix": "ecs",
      },
    },
  };
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name.localeCompare(b.name);
}
