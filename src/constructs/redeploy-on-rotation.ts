import { Construct } from "constructs";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { SfnStateMachine } from "@cdktf/provider-aws/lib/sfn-state-machine";
import { AwsEnvironment } from "../aws-environment";
import { encryptedLogGroup } from "./log-group";
import { ServiceRole } from "./service-role";

export interface RedeployOnRotationProps {
  /** Prefix of every name, e.g. `trustwrapper-prod`. */
  readonly namePrefix: string;
  readonly env: AwsEnvironment;
  /** ARN of the secret whose rotation must restart the tasks. */
  readonly secretArn: string;
  readonly clusterArn: string;
  readonly serviceName: string;
  /** ARN of the service (for the least-privilege UpdateService grant). */
  readonly serviceArn: string;
  readonly kmsKeyArn: string;
  readonly logRetentionDays: number;
}

/**
 * ECS reads injected secrets only when a task starts, so after RDS rotates the master password
 * the running tasks hold a stale one. This starts a new deployment of the service whenever
 * Secrets Manager reports a successful rotation of that secret: an EventBridge rule on the
 * `RotationSucceeded` event runs a one-step Step Functions state machine that calls
 * `ecs:UpdateService` with `forceNewDeployment` (no code to package or patch).
 */
export class RedeployOnRotation extends Construct {
  readonly rule: CloudwatchEventRule;
  readonly stateMachine: SfnStateMachine;

  constructor(scope: Construct, id: string, props: RedeployOnRotationProps) {
    super(scope, id);
    const { env } = props;
    const logGroup = encryptedLogGroup(this, "log-group", {
      name: `/aws/vendedlogs/states/${props.namePrefix}-redeploy-on-rotation`,
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
      name: `${props.namePrefix}-redeploy-on-rotation`,
      roleArn: machineRole.arn,
      definition: JSON.stringify({
        Comment: "Restart the TrustWrapper tasks so that they read the rotated database password",
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
      loggingConfiguration: { logDestination: `${logGroup.arn}:*`, includeExecutionData: false, level: "ERROR" },
      tracingConfiguration: { enabled: true },
    });
    this.rule = new CloudwatchEventRule(this, "rotation-rule", {
      name: `${props.namePrefix}-database-password-rotated`,
      description: "The RDS-managed master password was rotated",
      eventPattern: JSON.stringify({
        source: ["aws.secretsmanager"],
        "detail-type": ["AWS Service Event via CloudTrail"],
        detail: { eventName: ["RotationSucceeded"], additionalEventData: { SecretId: [props.secretArn] } },
      }),
    });
    const eventsRole = new ServiceRole(this, "events-role", {
      name: `${props.namePrefix}-${env.region}-redeploy-trigger`,
      description: "EventBridge starts the redeploy state machine",
      servicePrincipal: "events.amazonaws.com",
      sourceAccount: env.accountId,
      statements: [{ sid: "StartRedeploy", actions: ["states:StartExecution"], resources: [this.stateMachine.arn] }],
    });
    new CloudwatchEventTarget(this, "rotation-target", {
      rule: this.rule.name,
      arn: this.stateMachine.arn,
      roleArn: eventsRole.arn,
    });
  }
}
