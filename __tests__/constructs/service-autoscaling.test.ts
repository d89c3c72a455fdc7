import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import { ServiceAutoscaling } from "../../src/constructs/service-autoscaling";
import { bodies, synthConstruct } from "./synth";

describe("ServiceAutoscaling", () => {
  const { text, resources } = synthConstruct(
    (scope) =>
      new ServiceAutoscaling(scope, "autoscaling", {
        namePrefix: "tw-test",
        clusterName: "tw-test",
        serviceName: "tw-test-api",
        minCount: 2,
        maxCount: 10,
        cpuTargetPercent: 70,
        memoryTargetPercent: 80,
        requestsPerTarget: 1000,
        requestCountResourceLabel: "app/tw/1/targetgroup/tw/2",
        scaleInCooldownSeconds: 60,
        scaleOutCooldownSeconds: 30,
      }),
  );

  it("scales the service's desired count between minCount and maxCount", () => {
    expect(text).toHaveResourceWithProperties(AppautoscalingTarget, {
      service_namespace: "ecs",
      scalable_dimension: "ecs:service:DesiredCount",
      resource_id: "service/tw-test/tw-test-api",
      min_capacity: 2,
      max_capacity: 10,
    });
  });

  it("tracks CPU, memory and requests per target (of its target group), each with the cooldowns", () => {
    const policies = bodies(resources, "aws_appautoscaling_policy").map((p) => [p.name, p.target_tracking_scaling_policy_configuration]);
    expect(policies.map(([name, c]) => [name, c.predefined_metric_specification.predefined_metric_type, c.target_value, c.scale_in_cooldown, c.scale_out_cooldown])).toEqual([
      ["tw-test-cpu", "ECSServiceAverageCPUUtilization", 70, 60, 30],
      ["tw-test-memory", "ECSServiceAverageMemoryUtilization", 80, 60, 30],
      ["tw-test-requests", "ALBRequestCountPerTarget", 1000, 60, 30],
    ]);
    expect(policies[2][1].predefined_metric_specification.resource_label).toBe("app/tw/1/targetgroup/tw/2");
  });
});
