import { HybridStack } from "../src/stacks/hybrid-stack";
import { ServerlessStack } from "../src/stacks/serverless-stack";
import { ref, synthContainer, synthStack } from "./helpers";

const code = { serverless: { function: { code: { s3Bucket: "code-bucket", s3Key: "app.zip" } } } };

describe("the guide's debugging commands as outputs", () => {
  it("name this stack's log group, cluster, service, task family and region", () => {
    const { stack, json } = synthContainer({ region: "eu-west-1" });
    const { service } = stack.tier;
    expect(json.resource.aws_cloudwatch_log_group["app-log-group"].name).toBe("/ecs/trustwrapper-prod");
    expect(json.output.service_logs_command.value).toBe("aws logs tail ${aws_cloudwatch_log_group.app-log-group.name} --follow --region eu-west-1");
    expect(json.output.describe_service_command.value).toMatch(
      new RegExp(
        `^aws ecs describe-services --cluster ${escapeRegExp(ref(service.cluster, "name"))} --services ${escapeRegExp(ref(service.service, "name"))} --region eu-west-1 --query '.*rolloutState.*'$`,
      ),
    );
    expect(json.output.describe_task_definition_command.value).toMatch(
      new RegExp(`^aws ecs describe-task-definition --task-definition ${escapeRegExp(ref(service.taskDefinition, "family"))} --region eu-west-1 `),
    );
    expect(json.output.verify_command.value).toBe(
      `curl -sS -X POST https://trustwrapper.yourdomain.com/verify -H 'Content-Type: application/json' -H "Authorization: Bearer $TRUSTWRAPPER_API_KEY" -d '{"query": "test", "response": "test response"}'`,
    );
  });

  it("give every architecture the /verify call on its own URL, and the ECS commands where there is a service", () => {
    const hybrid = synthStack(HybridStack, { architecture: "hybrid", ...code }).json.output;
    expect(hybrid.verify_command.value).toContain("curl -sS -X POST https://trustwrapper.yourdomain.com/verify ");
    expect(hybrid.describe_service_command).toBeDefined();
    const serverless = synthStack(ServerlessStack, { architecture: "serverless", ...code }).json.output;
    expect(serverless.verify_command.value).toContain(`curl -sS -X POST ${serverless.url.value}/verify `);
    expect(serverless.describe_service_command).toBeUndefined();
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
