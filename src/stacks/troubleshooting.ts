import { StackOutputs } from "./outputs";

/**
 * The deployment guide's debugging commands, with this stack's real names and region, as
 * outputs: `terraform output -raw service_logs_command` prints one ready to run.
 */
export function serviceCommands(props: {
  readonly region: string;
  readonly clusterName: string;
  readonly serviceName: string;
  readonly taskFamily: string;
  readonly logGroupName: string;
}): StackOutputs {
  const { region, clusterName, serviceName, taskFamily, logGroupName } = props;
  return {
    service_logs_command: { value: `aws logs tail ${logGroupName} --follow --region ${region}`, description: "Follow the API's logs" },
    describe_service_command: {
      value:
        `aws ecs describe-services --cluster ${clusterName} --services ${serviceName} --region ${region}` +
        " --query 'services[0].{running:runningCount,desired:desiredCount,deployments:deployments[].[status,rolloutState,rolloutStateReason,taskDefinition],events:events[:5].message}'",
      description: "The service's deployments (a circuit-breaker rollback shows as rolloutState FAILED) and latest events",
    },
    describe_task_definition_command: {
      value: `aws ecs describe-task-definition --task-definition ${taskFamily} --region ${region} --query 'taskDefinition.{revision:revision,image:containerDefinitions[0].image}'`,
      description: "The latest revision of the task definition and its image",
    },
  };
}

/** The Lambda function's logs (serverless and hybrid). */
export function functionCommands(logGroupName: string, region: string): StackOutputs {
  return {
    function_logs_command: { value: `aws logs tail ${logGroupName} --follow --region ${region}`, description: "Follow the API function's logs" },
  };
}

/** The guide's test of the API: a POST to /verify with an API key from the shell's TRUSTWRAPPER_API_KEY. */
export function verifyCommand(url: string): StackOutputs {
  return {
    verify_command: {
      value: `curl -sS -X POST ${url}/verify -H 'Content-Type: application/json' -H "Authorization: Bearer $TRUSTWRAPPER_API_KEY" -d '{"query": "test", "response": "test response"}'`,
      description: "Call the API's /verify (set TRUSTWRAPPER_API_KEY first)",
    },
  };
}
