import { Construct } from "constructs";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { SfnStateMachine } from "@cdktf/provider-aws/lib/sfn-state-machine";
import { AwsEnvironment } from "../config/aws-environment";
import { encryptedLogGroup } from "./log-group";
import { ServiceRole } from "./service-role";

export interface RedeployOnSecretChangeProps {
  /** Prefix of every name, e.g. `trustwrapper-prod`. */
  readonly namePrefix: string;
  /** Region, partition and account of the stack. */
  readonly env: AwsEnvironment;
  /** ARNs of the secrets the tasks read at start: a new current value of any of them restarts the tasks. */
  readonly secretArns: string[];
  /** ARN of the ECS cluster of the service. */
  readonly clusterArn: string;
  /** Name of the ECS service to redeploy. */
  readonly serviceName: string;
  /** ARN of the service (for the least-privilege UpdateService grant). */
  readonly serviceArn: string;
  /** ARN of the KMS key of the state machine's log group. */
  readonly kmsKeyArn: string;
  /** Days the state machine's log group keeps its logs. */
  readonly logRetentionDays: number;
}

/**
 * ECS reads injected secrets only when a task starts, so after RDS rotates the master password
 * (or someone sets new API keys) the running tasks hold stale values. This starts a new
 * deployment of the service whenever one of the secrets gets a new current version: Secrets
 * Manager's own `Secret Label Updated` event for the `AWSCURRENT` label (sent to EventBridge
 * directly, no CloudTrail trail needed) runs a one-step Step Functions state machine that calls
 * `ecs:UpdateService` with `forceNewDeployment`. There is no code to package or patch.
 */
export class RedeployOnSecretChange extends Construct {
  readonly rule: CloudwatchEventRule;
  readonly stateMachine: SfnStateMachine;

  constructor(scope: Construct, id: string, props: RedeployOnSecretChangeProps) {
    super(scope, id);
    const { env } = props;
    const logGroup = encryptedLogGroup(this, "log-group", {
      name: `/aws/vendedlogs/states/${props.namePrefix}-redeploy-on-secret-change`,
      retentionDays: props.logRetentionDays,
      kmsKeyArn: props.kmsKeyArn,
    });
    const machineRole = new ServiceRole(this, "state-machine-role", {
      name: `${props.namePrefix}-${env.region}-redeploy`,
      description: "Starts a new deployment of the TrustWrapper service",
      servicePrincipal: "states.amazonaws.com",
      sourceAccount: env.accountId,
      statements: [
        { sid: "RedeployService", actions: ["ecs:UpdateService"], resources: [props.serviceArn] },
        {
          // Log delivery APIs have no resource-level permissions.
          sid: "DeliverExecutionLogs",
          actions: [
            "logs:CreateLogDelivery",
            "logs:GetLogDelivery",
            "logs:UpdateLogDelivery",
            "logs:DeleteLogDelivery",
            "logs:ListLogDeliveries",
            "logs:PutResourcePolicy",
            "logs:DescribeResourcePolicies",
            "logs:DescribeLogGroups",
          ],
          resources: ["*"],
        },
        {
          // X-Ray trace APIs have no resource-level permissions.
          sid: "WriteTraces",
          actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"],
          resources: ["*"],
        },
      ],
    });
    this.stateMachine = new SfnStateMachine(this, "state-machine", {
      name: `${props.namePrefix}-redeploy-on-secret-change`,
      roleArn: machineRole.arn,
      definition: JSON.stringify({
        Comment: "Restart the TrustWrapper tasks so that they read the new secret values",
        StartAt: "ForceNewDeployment",
        States: {
          ForceNewDeployment: {
            Type: "Task",
            Resource: `arn:${env.partition}:states:::aws-sdk:ecs:updateService`,
            Parameters: { Cluster: props.clusterArn, Service: props.serviceName, ForceNewDeployment: true },
            Retry: [{ ErrorEquals: ["States.ALL"], IntervalSeconds: 30, MaxAttempts: 3, BackoffRate: 2 }],
            End: true,
          },
        },
      }),
      // The execution data is the Secrets Manager event (secret ARN and version ID, never the value)
      // and the UpdateService response: worth keeping to see why a redeploy failed.
      loggingConfiguration: { logDestination: `${logGroup.arn}:*`, includeExecutionData: true, level: "ERROR" },
      tracingConfiguration: { enabled: true },
    });
    this.rule = new CloudwatchEventRule(this, "secret-change-rule", {
      name: `${props.namePrefix}-secret-changed`,
      description: "A secret the TrustWrapper tasks read at start has a new current value",
      eventPattern: JSON.stringify({
        source: ["aws.secretsmanager"],
        "detail-type": ["Secret Label Updated"],
        resources: props.secretArns,
        detail: { labelUpdated: ["AWSCURRENT"] },
      }),
    });
    const eventsRole = new ServiceRole(this, "events-role", {
      name: `${props.namePrefix}-${env.region}-redeploy-trigger`,
      description: "EventBridge starts the redeploy state machine",
      servicePrincipal: "events.amazonaws.com",
      sourceAccount: env.accountId,
      statements: [{ sid: "StartRedeploy", actions: ["states:StartExecution"], resources: [this.stateMachine.arn] }],
    });
    new CloudwatchEventTarget(this, "secret-change-target", {
      rule: this.rule.name,
      arn: this.stateMachine.arn,
      roleArn: eventsRole.arn,
    });
  }
}
