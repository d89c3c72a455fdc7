import { ApiFunction } from "../constructs/api-function";
import { FargateService } from "../constructs/fargate-service";
import { StackOutputs } from "./outputs";

/**
 * The deployment guide's troubleshooting commands ("Debugging Commands") as outputs, with this
 * stack's own names and region, so that `terraform output -raw <name>` prints a command to paste.
 */

/** The request body of the guide's test call of `/verify`. */
const VERIFY_TEST_BODY = '{"query": "test", "response": "test response"}';

/** The ECS service's logs, state (events, deployments) and task definition. */
export function serviceDebugCommands(service: FargateService, region: string): StackOutputs {
  return {
    service_logs_command: {
      value: `aws logs tail ${service.logGroup.name} --follow --region ${region}`,
      description: "Follow the API tasks' logs (the guide's first step when tasks do not start)",
    },
    describe_service_command: {
      value: `aws ecs describe-services --cluster ${service.cluster.name} --services ${service.service.name} --region ${region}`,
      description: "The ECS service's deployments and events (failed health checks, circuit-breaker rollbacks)",
    },
    describe_task_definition_command: {
      value: `aws ecs describe-task-definition --task-definition ${service.taskDefinition.family} --region ${region}`,
      description: "The task definition's latest active revision (image, environment, secrets)",
    },
  };
}

/** The Lambda function's logs. */
export function functionDebugCommands(apiFunction: ApiFunction, region: string): StackOutputs {
  return {
    function_logs_command: {
      value: `aws logs tail ${apiFunction.function.loggingConfig.logGroup} --follow --region ${region}`,
      description: "Follow the API function's logs",
    },
  };
}

/** The guide's test call of the API, at the stack's public URL; the key is read from the shell. */
export function verifyCommand(url: string): StackOutputs {
  return {
    verify_command: {
      value: `curl -X POST ${url}/verify -H "Content-Type: application/json" -H "Authorization: Bearer $TRUSTWRAPPER_API_KEY" -d '${VERIFY_TEST_BODY}'`,
      description: "Test the API as the guide does (set TRUSTWRAPPER_API_KEY to one of the app's API keys first)",
    },
  };
}
