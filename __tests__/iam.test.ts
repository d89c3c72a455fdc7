import { ServiceRole } from "../src/constructs/service-role";
import { bodyOf, policyStatements, ref, resourcesOf, roleStatements, synthContainer, Synthesized, TerraformJson, stackKey } from "./helpers";

function trustOf(json: TerraformJson, role: ServiceRole): any[] {
  return policyStatements(json, bodyOf(json, role.role).assume_role_policy);
}

describe("IAM (defaults)", () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthContainer();
  });

  it("lets only ECS tasks of this account assume the task roles", () => {
    for (const role of [s.stack.tier.service.executionRole, s.stack.tier.service.taskRole]) {
      expect(trustOf(s.json, role)).toEqual([
        {
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["ecs-tasks.amazonaws.com"] }],
          condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: ["${data.aws_caller_identity.caller-identity.account_id}"] }],
        },
      ]);
    }
  });

  it("lets the execution role write the container logs and read exactly the secrets it injects", () => {
    const statements = roleStatements(s.json, s.stack.tier.service.executionRole);
    expect(Object.keys(statements).sort()).toEqual(["DecryptInjectedSecrets", "ReadInjectedSecrets", "WriteContainerLogs"]);
    expect(statements.ReadInjectedSecrets).toMatchObject({
      actions: ["secretsmanager:GetSecretValue"],
      resources: [ref(s.stack.tier.apiKeys.secret!, "arn"), ref(s.stack.tier.database.instance, "master_user_secret[0].secret_arn")],
    });
    expect(statements.DecryptInjectedSecrets).toMatchObject({ actions: ["kms:Decrypt"], resources: [ref(stackKey(s.stack), "arn")] });
    expect(statements.WriteContainerLogs).toMatchObject({ resources: [`${ref(s.stack.tier.service.logGroup, "arn")}:*`] });
  });

  it("grants image pulls from exactly the image's ECR repository", () => {
    const e = synthContainer({ service: { image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/trustwrapper@sha256:abc" } });
    const statements = roleStatements(e.json, e.stack.tier.service.executionRole);
    expect(statements.PullImage).toMatchObject({
      actions: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
      resources: ["arn:aws:ecr:eu-west-1:123456789012:repository/team/trustwrapper"],
    });
    expect(statements.AuthenticateToEcr).toMatchObject({ actions: ["ecr:GetAuthorizationToken"], resources: ["*"] });
  });

  it("gives the task role the guide's policy, least-privilege", () => {
    const statements = roleStatements(s.json, s.stack.tier.service.taskRole);
    // ECS injects the secrets with the execution role; the app reads none itself, and Redis needs no IAM by default.
    expect(Object.keys(statements).sort()).toEqual(["PublishAppMetrics", "ReadWriteArtifacts", "UseStackKey", "WriteAppLogs"]);
    expect(statements.ReadWriteArtifacts).toEqual({
      sid: "ReadWriteArtifacts",
      actions: ["s3:GetObject", "s3:PutObject"],
      resources: [`${ref(s.stack.tier.artifacts.bucket, "arn")}/*`],
    });
    expect(statements.PublishAppMetrics).toEqual({
      sid: "PublishAppMetrics",
      actions: ["cloudwatch:PutMetricData"],
      resources: ["*"],
      condition: [{ test: "StringEquals", variable: "cloudwatch:namespace", values: ["TrustWrapper"] }],
    });
    expect(statements.WriteAppLogs).toMatchObject({
      actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
      resources: [`${ref(s.stack.tier.service.logGroup, "arn")}:*`],
    });
    expect(statements.UseStackKey).toMatchObject({ resources: [ref(stackKey(s.stack), "arn")] });
  });

  it("lets the task role connect to Redis as the app user with cache.auth iam, and do nothing more", () => {
    const iam = synthContainer({ cache: { auth: "iam" } });
    const statements = roleStatements(iam.json, iam.stack.tier.service.taskRole);
    expect(Object.keys(statements).sort()).toEqual(["ConnectToCacheWithIam", "PublishAppMetrics", "ReadWriteArtifacts", "UseStackKey", "WriteAppLogs"]);
    expect(statements.ConnectToCacheWithIam).toEqual({
      sid: "ConnectToCacheWithIam",
      actions: ["elasticache:Connect"],
      resources: [ref(iam.stack.tier.cache.replicationGroup, "arn"), ref(iam.stack.tier.cache.appUser!, "arn")],
    });
  });

  it("writes every policy as aws_iam_policy_document, with no wildcard action anywhere", () => {
    for (const policy of Object.values(resourcesOf(s.json, "aws_iam_role_policy"))) {
      expect(policy.policy).toMatch(/^\$\{data\.aws_iam_policy_document\.[^.]+\.json\}$/);
    }
    const documents = Object.entries(s.json.data.aws_iam_policy_document);
    for (const [name, document] of documents) {
      for (const statement of document.statement) {
        const wildcardAction = statement.actions.some((action: string) => action === "*" || action.endsWith(":*"));
        // Only the KMS key's administrator statement (the account root) and the S3 TLS deny use service-wide actions.
        if (wildcardAction)
          expect([name, statement.sid]).toEqual([
            expect.stringMatching(/encryption-key|artifacts|log-delivery/),
            expect.stringMatching(/AccountAdministersKeyThroughIam|DenyInsecureTransport/),
          ]);
      }
    }
  });
});
