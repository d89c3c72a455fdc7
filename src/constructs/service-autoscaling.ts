import { Construct } from "constructs";
import { AppautoscalingPolicy } from "@cdktf/provider-aws/lib/appautoscaling-policy";
import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";

export interface ServiceAutoscalingProps {
  /** Prefix of the policy names, e.g. `trustwrapper-prod`. */
  readonly namePrefix: string;
  /** Name of the ECS cluster of the service. */
  readonly clusterName: string;
  /** Name of the ECS service to scale. */
  readonly serviceName: string;
  /** Fewest running tasks. */
  readonly minCount: number;
  /** Most running tasks. */
  readonly maxCount: number;
  /** Target average CPU, percent. */
  readonly cpuTargetPercent: number;
  /** Target average memory, percent. */
  readonly memoryTargetPercent: number;
  /** Target ALB requests per task. */
  readonly requestsPerTarget: number;
  /** `<alb arn suffix>/<target group arn suffix>`. */
  readonly requestCountResourceLabel: string;
  /** Seconds between scale-in activities. */
  readonly scaleInCooldownSeconds: number;
  /** Seconds between scale-out activities. */
  readonly scaleOutCooldownSeconds: number;
}

/**
 * Target-tracking autoscaling of an ECS service on CPU, memory and ALB requests per target;
 * the service scales out as soon as any one of them asks for more tasks.
 */
export class ServiceAutoscaling extends Construct {
  readonly target: AppautoscalingTarget;
  readonly policies: AppautoscalingPolicy[];

  constructor(scope: Construct, id: string, props: ServiceAutoscalingProps) {
    super(scope, id);
    this.target = new AppautoscalingTarget(this, "target", {
      serviceNamespace: "ecs",
      scalableDimension: "ecs:service:DesiredCount",
      resourceId: `service/${props.clusterName}/${props.serviceName}`,
      minCapacity: props.minCount,
      maxCapacity: props.maxCount,
    });
    const metrics = [
      { id: "cpu", type: "ECSServiceAverageCPUUtilization", target: props.cpuTargetPercent },
      { id: "memory", type: "ECSServiceAverageMemoryUtilization", target: props.memoryTargetPercent },
      { id: "requests", type: "ALBRequestCountPerTarget", target: props.requestsPerTarget, label: props.requestCountResourceLabel },
    ];
    this.policies = metrics.map(
      (metric) =>
        new AppautoscalingPolicy(this, `${metric.id}-policy`, {
          name: `${props.namePrefix}-${metric.id}`,
          policyType: "TargetTrackingScaling",
          serviceNamespace: this.target.serviceNamespace,
          scalableDimension: this.target.scalableDimension,
          resourceId: this.target.resourceId,
          targetTrackingScalingPolicyConfiguration: {
            targetValue: metric.target,
            scaleInCooldown: props.scaleInCooldownSeconds,
            scaleOutCooldown: props.scaleOutCooldownSeconds,
            predefinedMetricSpecification: { predefinedMetricType: metric.type, resourceLabel: metric.label },
          },
        }),
    );
  }
}
