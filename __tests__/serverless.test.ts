import { parseConfig } from "../src/config/load";
import { FUNCTION_MANAGED_VARIABLES, isScheduleExpression } from "../src/config/serverless-schema";
import { SECRET_LOOKING_NAME } from "../src/policy/names";
import { ServerlessStack } from "../src/stacks/serverless-stack";
import { address, bodyOf, onlyResource, policyStatements, ref, resourcesOf, roleStatements, stackKey, synthStack } from "./helpers";

const CODE = { s3Bucket: "my-artifacts", s3Key: "trustwrapper/lambda.zip" };

function synthServerless(serverless: Record<string, unknown> = {}, rest: Record<string, unknown> = {}) {
  const { function: fn, ...others } = serverless as { function?: Record<string, unknown> };
  return synthStack(ServerlessStack, { architecture: "serverless", ...rest, serverless: { function: { code: CODE, ...fn }, ...others } });
}

describe("serverless architecture (defaults: the guide's SAM template)", () => {
  const s = synthServerless();
  const fn = () => bodyOf(s.json, s.stack.tier.function.function);

  it("runs the app in one Lambda function with the guide's handler, runtime, memory and timeout", () => {
    expect(fn()).toMatchObject({
      function_name: "trustwrapper-prod-api",
      package_type: "Zip",
      handler: "lambda_handler.lambda_handler",
      runtime: "python3.11",
      memory_size: 1024,
      timeout: 30,
      architectures: ["x86_64"],
      s3_bucket: "my-artifacts",
      s3_key: "trustwrapper/lambda.zip",
      tracing_config: { mode: "Active" },
      role: ref(s.stack.tier.function.role.role, "arn"),
      kms_key_arn: ref(stackKey(s.stack), "arn"),
    });
    // No reservation by default: Lambda keeps 100 of the account's quota unreserved, so a new
    // account (quota below 200) would refuse one of 100.
    expect(fn()).not.toHaveProperty("reserved_concurrent_executions");
  });

  it("gives the function the guide's environment, the table and the secret's ARN, and no secret value", () => {
    const variables = fn().environment.variables;
    expect(variables).toEqual({
      STAGE: "prod",
      ENVIRONMENT: "production",
      LOG_LEVEL: "INFO",
      ALEO_NETWORK: "testnet3",
      CONTRACT_ADDRESS_AGENT_REGISTRY: "agent_registry_simple.aleo",
      CONTRACT_ADDRESS_TRUST_VERIFIER: "trust_verifier_test.aleo",
      DYNAMODB_TABLE: ref(s.stack.tier.table.table, "name"),
      API_KEYS_SECRET_ARN: ref(s.stack.apiKeys.secret!, "arn"),
    });
    expect(Object.keys(variables)).not.toContain("AWS_REGION"); // reserved by Lambda
    // The schema refuses these names among the user's extra variables: keep the list in step.
    expect(Object.keys(variables).filter((name) => !FUNCTION_MANAGED_VARIABLES.includes(name))).toEqual([]);
    // The policy rule against secret-looking plain variables lets a secret's ARN through, not its value.
    expect(Object.keys(variables).filter((name) => SECRET_LOOKING_NAME.test(name))).toEqual([]);
    expect(SECRET_LOOKING_NAME.test("API_KEYS_SECRET")).toBe(true);
  });

  it("sends failed asynchronous invocations to an encrypted dead-letter queue the role may write to", () => {
    const queue = s.stack.tier.function.deadLetterQueue;
    expect(fn().dead_letter_config).toEqual({ target_arn: ref(queue, "arn") });
    expect(bodyOf(s.json, queue).kms_master_key_id).toBe(ref(stackKey(s.stack), "arn"));
    expect(roleStatements(s.json, s.stack.tier.function.role).SendFailedEvents.resources).toEqual([ref(queue, "arn")]);
    expect(fn().depends_on).toContain(address(s.stack.tier.function.role.policy!));
  });

  it("logs to an encrypted log group that exists before the function", () => {
    const group = Object.values(resourcesOf(s.json, "aws_cloudwatch_log_group")).find((g) => g.name === "/aws/lambda/trustwrapper-prod-api");
    expect(group).toMatchObject({ kms_key_id: ref(stackKey(s.stack), "arn"), retention_in_days: 365 });
    expect(fn().logging_config.log_format).toBe("JSON");
  });

  it("proxies the root and every path, any method, to the function", () => {
    const api = s.stack.tier.api;
    expect(bodyOf(s.json, api.api).endpoint_configuration).toEqual({ types: ["REGIONAL"] });
    expect(onlyResource(s.json, "aws_api_gateway_resource")).toMatchObject({ path_part: "{proxy+}", parent_id: ref(api.api, "root_resource_id") });
    const methods = Object.values(resourcesOf(s.json, "aws_api_gateway_method"));
    expect(methods.map((m) => [m.http_method, m.resource_id]).sort()).toEqual(
      [
        ["ANY", ref(api.api, "root_resource_id")],
        ["ANY", ref(api.proxyResource, "id")],
      ].sort(),
    );
    for (const integration of Object.values(resourcesOf(s.json, "aws_api_gateway_integration"))) {
      expect(integration).toMatchObject({ type: "AWS_PROXY", integration_http_method: "POST", uri: ref(s.stack.tier.function.function, "invoke_arn") });
    }
  });

  it("lets only this API's stage invoke the function", () => {
    const permission = bodyOf(s.json, s.stack.tier.api.permission);
    expect(permission).toMatchObject({
      action: "lambda:InvokeFunction",
      principal: "apigateway.amazonaws.com",
      function_name: ref(s.stack.tier.function.function, "function_name"),
      source_arn: `${ref(s.stack.tier.api.api, "execution_arn")}/prod/*`,
    });
  });

  it("has one stage with tracing, JSON access logs in an encrypted group, and the configured throttling", () => {
    const stage = bodyOf(s.json, s.stack.tier.api.stage);
    expect(stage).toMatchObject({ stage_name: "prod", xray_tracing_enabled: true });
    const accessLogs = Object.entries(resourcesOf(s.json, "aws_cloudwatch_log_group")).find(([, g]) => g.name === "/aws/apigateway/trustwrapper-prod-api/prod/access")!;
    expect(stage.access_log_settings.destination_arn).toBe(`\${aws_cloudwatch_log_group.${accessLogs[0]}.arn}`);
    expect(accessLogs[1].kms_key_id).toBe(ref(stackKey(s.stack), "arn"));
    expect(JSON.parse(stage.access_log_settings.format)).toMatchObject({ requestId: "$context.requestId", status: "$context.status" });
    expect(onlyResource(s.json, "aws_api_gateway_method_settings")).toMatchObject({
      method_path: "*/*",
      stage_name: ref(s.stack.tier.api.stage, "stage_name"),
      settings: { metrics_enabled: true, logging_level: "ERROR", data_trace_enabled: false, throttling_rate_limit: 100, throttling_burst_limit: 200 },
    });
    expect(stage.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_api_gateway_account\./)]));
  });

  it("sets the account's logging role to one of its own, which every API of the account uses and a destroy keeps", () => {
    const account = onlyResource(s.json, "aws_api_gateway_account");
    expect(account.cloudwatch_role_arn).toMatch(/^\$\{aws_iam_role\.rest-api_cloudwatch-role_[0-9A-F]+\.arn\}$/);
    // Provider 5.x leaves the account's setting on destroy unless the deprecated reset_on_delete is set.
    expect(account).not.toHaveProperty("reset_on_delete");
    const [roleName] = /rest-api_cloudwatch-role_[0-9A-F]+/.exec(account.cloudwatch_role_arn)!;
    expect(resourcesOf(s.json, "aws_iam_role")[roleName].lifecycle).toEqual({ prevent_destroy: true });
    const attachment = onlyResource(s.json, "aws_iam_role_policy_attachment");
    expect(attachment).toMatchObject({ role: `\${aws_iam_role.${roleName}.name}`, lifecycle: { prevent_destroy: true } });
    expect(attachment.policy_arn).toBe("arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs");
  });

  it("redeploys the API when a route changes, before the old deployment goes", () => {
    const deployment = onlyResource(s.json, "aws_api_gateway_deployment");
    expect(deployment.lifecycle).toEqual({ create_before_destroy: true });
    expect(deployment.triggers.redeployment).toMatch(/^\$\{sha1\(jsonencode\(\[aws_api_gateway_resource\./);
  });

  it("keeps verifications in the guide's DynamoDB table: on demand, id key, user_id_index, PITR, KMS", () => {
    expect(bodyOf(s.json, s.stack.tier.table.table)).toEqual({
      name: "trustwrapper-prod-verifications",
      billing_mode: "PAY_PER_REQUEST",
      hash_key: "id",
      attribute: [
        { name: "id", type: "S" },
        { name: "user_id", type: "S" },
      ],
      global_secondary_index: [{ name: "user_id_index", hash_key: "user_id", projection_type: "ALL" }],
      point_in_time_recovery: { enabled: true },
      server_side_encryption: { enabled: true, kms_key_arn: ref(stackKey(s.stack), "arn") },
      deletion_protection_enabled: true,
    });
  });

  it("lets the function read exactly the API-keys secret and use the table and its index, nothing else", () => {
    const statements = roleStatements(s.json, s.stack.tier.function.role);
    expect(statements.ReadApiKeys).toEqual({ sid: "ReadApiKeys", actions: ["secretsmanager:GetSecretValue"], resources: [ref(s.stack.apiKeys.secret!, "arn")] });
    const table = ref(s.stack.tier.table.table, "arn");
    expect(statements.ReadWriteVerifications.resources).toEqual([table, `${table}/index/user_id_index`]);
    expect(statements.ReadWriteVerifications.actions).toEqual(
      expect.arrayContaining(["dynamodb:Query", "dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:DeleteItem", "dynamodb:UpdateItem"]),
    );
    expect(statements.ReadWriteVerifications.actions.every((a: string) => a.startsWith("dynamodb:") && !a.includes("*"))).toBe(true);
    expect(statements.InvokeModels).toBeUndefined();
    expect(Object.keys(statements).sort()).toEqual([
      "PublishAppMetrics",
      "ReadApiKeys",
      "ReadWriteVerifications",
      "SendFailedEvents",
      "SendTraces",
      "UseStackKey",
      "WriteFunctionLogs",
    ]);
  });

  it("lets only Lambda of this account assume the function's role", () => {
    const trust = policyStatements(s.json, bodyOf(s.json, s.stack.tier.function.role.role).assume_role_policy);
    expect(trust).toEqual([
      {
        actions: ["sts:AssumeRole"],
        principals: [{ type: "Service", identifiers: ["lambda.amazonaws.com"] }],
        condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: ["${data.aws_caller_identity.caller-identity.account_id}"] }],
      },
    ]);
  });

  it("watches the function, the API and the table on the dashboard and with alarms", () => {
    const alarms = Object.values(resourcesOf(s.json, "aws_cloudwatch_metric_alarm"));
    const byName = Object.fromEntries(alarms.map((a) => [a.alarm_name, a]));
    expect(Object.keys(byName).sort()).toEqual(
      [
        "api-5xx",
        "api-latency-p95",
        "function-dead-letters",
        "function-duration-p95",
        "function-errors",
        "function-throttles",
        "table-read-throttles",
        "table-system-errors",
        "table-write-throttles",
      ].map((id) => `trustwrapper-prod-${id}`),
    );
    expect(byName["trustwrapper-prod-function-errors"]).toMatchObject({
      namespace: "AWS/Lambda",
      metric_name: "Errors",
      dimensions: { FunctionName: ref(s.stack.tier.function.function, "function_name") },
    });
    expect(byName["trustwrapper-prod-function-duration-p95"]).toMatchObject({ extended_statistic: "p95", threshold: 24000 });
    expect(byName["trustwrapper-prod-api-5xx"]).toMatchObject({
      namespace: "AWS/ApiGateway",
      metric_name: "5XXError",
      dimensions: { ApiName: ref(s.stack.tier.api.api, "name"), Stage: ref(s.stack.tier.api.stage, "stage_name") },
    });
    expect(byName["trustwrapper-prod-table-write-throttles"].dimensions).toEqual({ TableName: ref(s.stack.tier.table.table, "name") });
    // Failed asynchronous invocations land in the queue without any other sign.
    const queue = { QueueName: ref(s.stack.tier.function.deadLetterQueue, "name") };
    expect(byName["trustwrapper-prod-function-dead-letters"]).toMatchObject({
      namespace: "AWS/SQS",
      metric_name: "ApproximateNumberOfMessagesVisible",
      dimensions: queue,
      statistic: "Maximum",
    });
    expect(byName["trustwrapper-prod-function-dead-letters"]).toMatchObject({ comparison_operator: "GreaterThanThreshold", threshold: 0, evaluation_periods: 1 });
    const dashboard = JSON.parse(onlyResource(s.json, "aws_cloudwatch_dashboard").dashboard_body);
    const performance = dashboard.widgets.find((w: any) => w.properties.title === "TrustWrapper Performance");
    expect(performance.properties.metrics[0]).toEqual(["TrustWrapper", "VerificationRequests", { stat: "Sum" }]);
  });

  it("creates no VPC, load balancer, database or cache", () => {
    for (const type of ["aws_vpc", "aws_lb", "aws_db_instance", "aws_elasticache_replication_group", "aws_ecs_service", "aws_route53_record", "aws_acm_certificate"]) {
      expect({ type, count: Object.keys(resourcesOf(s.json, type)).length }).toEqual({ type, count: 0 });
    }
    expect(Object.keys(s.json.output).sort()).toEqual(
      [
        "alarm_topic_arn",
        "api_invoke_url",
        "api_keys_secret_arn",
        "dashboard_name",
        "function_logs_command",
        "function_name",
        "url",
        "verifications_table",
        "verify_command",
      ].sort(),
    );
    expect(s.json.output.url.value).toBe(ref(s.stack.tier.api.stage, "invoke_url"));
  });
});

describe("serverless options", () => {
  it("runs a container image instead of a zip", () => {
    const image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/trustwrapper:1.0";
    const s = synthServerless({ function: { code: { imageUri: image }, architecture: "arm64" } });
    const fn = bodyOf(s.json, s.stack.tier.function.function);
    expect(fn).toMatchObject({ package_type: "Image", image_uri: image, architectures: ["arm64"] });
    expect(fn).not.toHaveProperty("runtime");
    expect(fn).not.toHaveProperty("handler");
  });

  it("warms the function up on a schedule with the event the guide's handler answers", () => {
    const s = synthServerless({ function: { warmup: { schedule: "rate(10 minutes)" } } });
    const warmup = s.stack.tier.warmup!;
    expect(bodyOf(s.json, warmup.rule).schedule_expression).toBe("rate(10 minutes)");
    expect(onlyResource(s.json, "aws_cloudwatch_event_target")).toMatchObject({
      rule: ref(warmup.rule, "name"),
      arn: ref(s.stack.tier.function.function, "arn"),
      input: '{"warmup":true}',
    });
    const permissions = Object.values(resourcesOf(s.json, "aws_lambda_permission"));
    expect(permissions.find((p) => p.principal === "events.amazonaws.com")).toMatchObject({ source_arn: ref(warmup.rule, "arn") });
  });

  it("has no warm-up schedule unless configured", () => {
    const s = synthServerless();
    expect(s.stack.tier.warmup).toBeUndefined();
    expect(resourcesOf(s.json, "aws_cloudwatch_event_rule")).toEqual({});
  });

  it("lets the function invoke exactly the SageMaker endpoints named in config", () => {
    const s = synthServerless({ function: { sagemakerEndpoints: ["trustwrapper-verifier", "Claims-Model"] } });
    expect(roleStatements(s.json, s.stack.tier.function.role).InvokeModels).toEqual({
      sid: "InvokeModels",
      actions: ["sagemaker:InvokeEndpoint"],
      resources: [
        "arn:aws:sagemaker:us-east-1:${data.aws_caller_identity.caller-identity.account_id}:endpoint/trustwrapper-verifier",
        "arn:aws:sagemaker:us-east-1:${data.aws_caller_identity.caller-identity.account_id}:endpoint/claims-model",
      ],
    });
    expect(bodyOf(s.json, s.stack.tier.function.function).environment.variables.SAGEMAKER_ENDPOINTS).toBe("trustwrapper-verifier,Claims-Model");
  });

  it("serves the API on the configured domain with a regional certificate and an alias record", () => {
    const s = synthServerless({ api: { customDomain: true } }, { domain: { name: "api.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" } });
    const domainName = onlyResource(s.json, "aws_api_gateway_domain_name");
    expect(domainName).toMatchObject({
      domain_name: "api.example.com",
      endpoint_configuration: { types: ["REGIONAL"] },
      security_policy: "TLS_1_2",
      regional_certificate_arn: ref(s.stack.domain!.certificateValidation!, "certificate_arn"),
    });
    expect(onlyResource(s.json, "aws_api_gateway_base_path_mapping")).toMatchObject({
      api_id: ref(s.stack.tier.api.api, "id"),
      stage_name: ref(s.stack.tier.api.stage, "stage_name"),
    });
    const alias = Object.values(resourcesOf(s.json, "aws_route53_record")).find((r) => r.type === "A");
    expect(alias).toMatchObject({ name: "api.example.com", zone_id: "Z0123456789ABCDEFGHIJ" });
    expect(alias!.alias.name).toMatch(/^\$\{aws_api_gateway_domain_name\.[^.]+\.regional_domain_name\}$/);
    expect(s.json.output.url.value).toBe("https://api.example.com");
  });

  it("takes stage, throttling, sizes and the account logging role from config", () => {
    const s = synthServerless(
      {
        function: { memoryMb: 2048, timeoutSeconds: 20, reservedConcurrency: 5, runtime: "python3.12" },
        api: { stageName: "v1", throttlingRateLimit: 10, throttlingBurstLimit: 20, manageAccountLoggingRole: false },
      },
      { environment: "dev" },
    );
    expect(bodyOf(s.json, s.stack.tier.function.function)).toMatchObject({ memory_size: 2048, timeout: 20, reserved_concurrent_executions: 5, runtime: "python3.12" });
    expect(bodyOf(s.json, s.stack.tier.api.stage).stage_name).toBe("v1");
    expect(onlyResource(s.json, "aws_api_gateway_method_settings").settings).toMatchObject({ throttling_rate_limit: 10, throttling_burst_limit: 20 });
    expect(resourcesOf(s.json, "aws_api_gateway_account")).toEqual({});
    expect(bodyOf(s.json, s.stack.tier.table.table).deletion_protection_enabled).toBe(false);
  });
});

describe("the account's API Gateway logging role", () => {
  const ROLE = "arn:aws:iam::111122223333:role/apigateway-cloudwatch";

  it("adopts a role you run: the account points at it and the stack creates no role", () => {
    const s = synthServerless({ api: { accountLoggingRoleArn: ROLE } });
    expect(onlyResource(s.json, "aws_api_gateway_account")).toEqual(expect.objectContaining({ cloudwatch_role_arn: ROLE }));
    expect(onlyResource(s.json, "aws_api_gateway_account")).not.toHaveProperty("reset_on_delete");
    expect(Object.values(resourcesOf(s.json, "aws_iam_role")).filter((r) => r.name.endsWith("-cloudwatch"))).toEqual([]);
    expect(resourcesOf(s.json, "aws_iam_role_policy_attachment")).toEqual({});
  });

  it("leaves the account alone with manageAccountLoggingRole false", () => {
    const s = synthServerless({ api: { manageAccountLoggingRole: false } });
    expect(resourcesOf(s.json, "aws_api_gateway_account")).toEqual({});
    expect(resourcesOf(s.json, "aws_iam_role_policy_attachment")).toEqual({});
  });
});

describe("serverless configuration errors name the field", () => {
  function errors(input: Record<string, unknown>): readonly string[] {
    const result = parseConfig(input);
    return result.ok ? [] : result.errors;
  }

  it.each([
    [{ architecture: "serverless" }, "serverless.function.code: missing: the serverless architecture needs the app's Lambda code (s3Bucket and s3Key, or imageUri)"],
    [
      { architecture: "serverless", serverless: { function: { code: CODE, warmup: { schedule: "every 5 minutes" } } } },
      "serverless.function.warmup.schedule: expected a schedule expression such as rate(5 minutes) or cron(0/5 * * * ? *)",
    ],
    [
      { architecture: "serverless", serverless: { function: { code: CODE, runtime: "nodejs20.x" } } },
      "serverless.function.runtime: expected one of: python3.10, python3.11, python3.12, python3.13",
    ],
    [
      { architecture: "serverless", serverless: { function: { code: { s3Bucket: "b" } } } },
      "serverless.function.code: expected either s3Bucket and s3Key (a zip) or imageUri (a container image)",
    ],
    [{ architecture: "serverless", serverless: { function: { code: CODE, memoryMb: 64 } } }, "serverless.function.memoryMb: expected a memory size in MB from 128 to 10240"],
    [
      { architecture: "serverless", serverless: { function: { code: CODE, environment: { DYNAMODB_TABLE: "mine" } } } },
      "serverless.function.environment.DYNAMODB_TABLE: DYNAMODB_TABLE is set by the deployment; remove it here",
    ],
    [
      { architecture: "serverless", serverless: { function: { code: CODE, environment: { AWS_REGION: "eu-west-1" } } } },
      "serverless.function.environment.AWS_REGION: AWS_REGION is reserved by Lambda; choose another name",
    ],
    [
      { architecture: "serverless", serverless: { function: { code: CODE, environment: { OPENAI_API_KEY: "sk-..." } } } },
      "serverless.function.environment.OPENAI_API_KEY: OPENAI_API_KEY looks like a secret, and plain variables are stored in Terraform state; add it to secrets.apiKeys (injected from Secrets Manager) instead",
    ],
    [
      { architecture: "serverless", serverless: { function: { code: CODE }, api: { accountLoggingRoleArn: "apigateway-cloudwatch" } } },
      "serverless.api.accountLoggingRoleArn: expected an IAM role ARN such as arn:aws:iam::111122223333:role/apigateway-cloudwatch",
    ],
    [
      {
        architecture: "serverless",
        serverless: { function: { code: CODE }, api: { accountLoggingRoleArn: "arn:aws:iam::111122223333:role/logs", manageAccountLoggingRole: false } },
      },
      "serverless.api.accountLoggingRoleArn: set with manageAccountLoggingRole: false, which leaves the account's setting alone; remove one of them",
    ],
    [
      { architecture: "container", serverless: { api: { customDomain: true } } },
      "serverless.api.customDomain: the container architecture serves domain.name from the load balancer; a custom API Gateway domain is for the serverless architecture only",
    ],
  ])("%j", (input, message) => {
    expect(errors(input)).toEqual([message]);
  });

  it.each([
    ["rate(1 minute)", true],
    ["rate(5 minutes)", true],
    ["rate(1 minutes)", false],
    ["rate(5 minute)", false],
    ["rate(0 minutes)", false],
    ["cron(0/5 * * * ? *)", true],
    ["cron(0 12 * * MON-FRI *)", true],
    ["cron(0 12 * *)", false],
    ["5 minutes", false],
  ])("schedule %s is valid: %s", (expression, valid) => {
    expect(isScheduleExpression(expression)).toBe(valid);
  });
});
