import { loadDeployments, parseDeployments } from "../src/config/deployments";
import { DeploymentFailureAlert } from "../src/constructs/deployment-failure-alert";
import { HybridStack } from "../src/stacks/hybrid-stack";
import { imageRepository } from "../src/stacks/image-variable";
import { ServerlessStack } from "../src/stacks/serverless-stack";
import { bodyOf, containerDefinitions, onlyResource, policyStatements, ref, roleStatements, synthContainer, synthStack } from "./helpers";

const ECR = "111122223333.dkr.ecr.us-east-1.amazonaws.com/trustwrapper";
const DIGEST = `sha256:${"a".repeat(64)}`;
const code = { serverless: { function: { code: { s3Bucket: "code-bucket", s3Key: "app.zip" } } } };

describe("the image variable", () => {
  it("is what the task runs, defaults to service.image, accepts only that repository, and is an output", () => {
    const { stack, json } = synthContainer({ service: { image: `${ECR}:1.0` } });
    expect(containerDefinitions(json)[0].image).toBe("${var.image}");
    expect(json.variable.image).toMatchObject({ type: "string", nullable: false, default: `${ECR}:1.0` });
    expect(json.variable.image.validation).toEqual([
      {
        condition: `\${var.image == "${ECR}" || startswith(var.image, "${ECR}:") || startswith(var.image, "${ECR}@")}`,
        error_message: `Expected an image of ${ECR} (the repository of service.image, which the task execution role may pull from), best with an @sha256: digest.`,
      },
    ]);
    expect(json.output.image.value).toBe("${var.image}");
    // The execution role still pulls from service.image's repository, the only one the variable accepts.
    expect(roleStatements(json, stack.tier.service.executionRole).PullImage.resources).toEqual(["arn:aws:ecr:us-east-1:111122223333:repository/trustwrapper"]);
  });

  it("is exposed by the hybrid stack too, and not by the serverless one, which runs no container", () => {
    expect(synthStack(HybridStack, { architecture: "hybrid", ...code }).json.variable.image.default).toBe("your-registry/trustwrapper:latest");
    expect(synthStack(ServerlessStack, { architecture: "serverless", ...code }).json.variable).toBeUndefined();
  });

  it.each([
    [`${ECR}:1.0`, ECR],
    [`${ECR}@${DIGEST}`, ECR],
    [`${ECR}:1.0@${DIGEST}`, ECR],
    [`localhost:5000/team/trustwrapper:2`, "localhost:5000/team/trustwrapper"],
    ["trustwrapper", "trustwrapper"],
  ])("takes the repository of %s", (image, repository) => {
    expect(imageRepository(image)).toBe(repository);
  });
});

describe("a release", () => {
  it("changes no policy: the redeploy role names the service by its ARN, read at plan time, not by a reference to the updated service", () => {
    const { stack, json } = synthContainer();
    const redeploy = roleStatements(json, stack.tier.redeploy.node.findChild("state-machine-role") as never).RedeployService;
    expect(redeploy.resources).toEqual(["arn:aws:ecs:us-east-1:${data.aws_caller_identity.caller-identity.account_id}:service/trustwrapper-prod/trustwrapper-api"]);
    expect(bodyOf(json, stack.tier.service.service)).toMatchObject({ name: "trustwrapper-api", cluster: ref(stack.tier.service.cluster, "arn") });
    expect(bodyOf(json, stack.tier.service.cluster).name).toBe("trustwrapper-prod");
  });
});

describe("TRUSTWRAPPER_IMAGE", () => {
  it("replaces service.image of every stack, over each deployment's overrides", () => {
    const result = parseDeployments(
      {
        domain: { name: "api.example.com", hostedZoneName: "example.com" },
        deployments: [{ environment: "staging", overrides: { domain: { name: "staging.example.com" }, service: { image: `${ECR}:staging` } } }, { environment: "prod" }],
      },
      `${ECR}@${DIGEST}`,
    );
    expect(result.ok ? result.configs.map((c) => c.service.image) : result.errors).toEqual([`${ECR}@${DIGEST}`, `${ECR}@${DIGEST}`]);
    const unset = loadDeployments("", "");
    expect(unset.ok && unset.configs[0].service.image).toBe("your-registry/trustwrapper:latest");
  });
});

describe("a rolled-back release", () => {
  it("reaches the alarm topic: ECS's SERVICE_DEPLOYMENT_FAILED event of the service, sent by a rule the topic policy lets publish", () => {
    const { stack, json } = synthContainer();
    const alert = stack.node.findAll().find((c): c is DeploymentFailureAlert => c instanceof DeploymentFailureAlert);
    if (alert === undefined) throw new Error("no DeploymentFailureAlert in the container stack");
    const topic = stack.observability.alarmTopic;
    expect(JSON.parse(bodyOf(json, alert.rule).event_pattern)).toEqual({
      source: ["aws.ecs"],
      "detail-type": ["ECS Deployment State Change"],
      resources: [ref(stack.tier.service.service, "id")],
      detail: { eventName: ["SERVICE_DEPLOYMENT_FAILED"] },
    });
    const targets = Object.values(json.resource.aws_cloudwatch_event_target).filter((t: any) => t.rule === ref(alert.rule, "name"));
    expect(targets).toEqual([expect.objectContaining({ arn: ref(topic, "arn") })]);
    const policy = onlyResource(json, "aws_sns_topic_policy");
    expect(policy.arn).toBe(ref(topic, "arn"));
    const statements = Object.fromEntries(policyStatements(json, policy.policy).map((s: any) => [s.sid, s]));
    expect(statements.DeploymentFailedEvents).toMatchObject({
      actions: ["sns:Publish"],
      principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }],
      condition: [{ test: "ArnEquals", variable: "aws:SourceArn", values: [ref(alert.rule, "arn")] }],
    });
    // Replacing SNS's default policy must not take publishing away from the account's alarms.
    expect(statements.AccountAlarms.principals).toEqual([{ type: "Service", identifiers: ["cloudwatch.amazonaws.com"] }]);
    expect(Object.keys(statements)).toEqual(["OwnerAccount", "AccountAlarms", "DeploymentFailedEvents"]);
  });

  it("is reported in the hybrid stack too", () => {
    const { stack } = synthStack(HybridStack, { architecture: "hybrid", ...code });
    expect(stack.node.findAll().filter((c) => c instanceof DeploymentFailureAlert)).toHaveLength(1);
  });
});
