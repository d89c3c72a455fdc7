import { APP_METRICS_NAMESPACE, applicationEnvironment, PUBLISH_APP_METRICS } from "../config/application";
import { ApiFunction } from "../constructs/api-function";
import { ApiKeysSecret } from "../constructs/api-keys-secret";
import { LambdaRestApi } from "../constructs/lambda-rest-api";
import { MonitoringSection } from "../constructs/observability";
import { PolicyStatement } from "../constructs/policy-document";
import { VerificationTable } from "../constructs/verification-table";
import { WarmupSchedule } from "../constructs/warmup-schedule";
import { functionSection, restApiSection, tableSection } from "./monitoring";
import { functionCommands } from "./troubleshooting";
import { StackOutputs } from "./outputs";
import { TrustWrapperStack } from "./trustwrapper-stack";

export interface ServerlessTierProps {
  /** The secret with the API keys, which the function reads at start. */
  readonly apiKeys: ApiKeysSecret;
  /** The function is the app's only runtime: its widget carries the app's own metrics. */
  readonly showAppMetrics: boolean;
}

/** What the serverless tier built, for the stack to route to, watch and output. */
export interface ServerlessTier {
  readonly table: VerificationTable;
  readonly function: ApiFunction;
  readonly api: LambdaRestApi;
  readonly warmup?: WarmupSchedule;
  readonly monitoring: MonitoringSection[];
  readonly outputs: StackOutputs;
}

/**
 * The guide's "Option 1: Serverless" tier (its SAM template): API Gateway → Lambda (the FastAPI
 * app through Mangum) → DynamoDB, optionally invoking SageMaker endpoints, with the optional
 * warm-up schedule. The serverless and hybrid stacks both build it, in the stack scope.
 */
export function addServerlessTier(stack: TrustWrapperStack, props: ServerlessTierProps): ServerlessTier {
  const { config, env, namePrefix, prod, logRetentionDays } = stack;
  const { function: functionConfig, api: apiConfig } = config.serverless;
  const kmsKeyArn = stack.encryptionKey.arn;
  const code = functionConfig.code;
  // The schema requires the code for the architectures that build this tier.
  if (code === undefined) throw new Error("serverless.function.code is required");
  const stageName = apiConfig.stageName ?? config.environment;

  const table = new VerificationTable(stack, "verifications", {
    name: `${namePrefix}-verifications`,
    kmsKeyArn,
    deletionProtection: config.serverless.table.deletionProtection ?? prod,
  });

  const statements: PolicyStatement[] = [
    { sid: "ReadApiKeys", actions: ["secretsmanager:GetSecretValue"], resources: [props.apiKeys.arn] },
    table.crudStatement(),
    PUBLISH_APP_METRICS,
  ];
  if (functionConfig.sagemakerEndpoints.length > 0) {
    statements.push({
      sid: "InvokeModels",
      actions: ["sagemaker:InvokeEndpoint"],
      resources: functionConfig.sagemakerEndpoints.map((name) => `arn:${env.partition}:sagemaker:${env.region}:${env.accountId}:endpoint/${name.toLowerCase()}`),
    });
  }
  const sagemaker: Record<string, string> = functionConfig.sagemakerEndpoints.length > 0 ? { SAGEMAKER_ENDPOINTS: functionConfig.sagemakerEndpoints.join(",") } : {};
  const apiFunction = new ApiFunction(stack, "api-function", {
    functionName: `${namePrefix}-api`,
    env,
    code,
    runtime: functionConfig.runtime,
    handler: functionConfig.handler,
    memoryMb: functionConfig.memoryMb,
    timeoutSeconds: functionConfig.timeoutSeconds,
    architecture: functionConfig.architecture,
    reservedConcurrency: functionConfig.reservedConcurrency,
    environment: {
      ...functionConfig.environment,
      ...applicationEnvironment(config, functionConfig.logLevel),
      ...sagemaker,
      STAGE: stageName,
      DYNAMODB_TABLE: table.name,
      API_KEYS_SECRET_ARN: props.apiKeys.arn,
    },
    kmsKeyArn,
    logRetentionDays,
    statements,
  });

  const api = new LambdaRestApi(stack, "rest-api", {
    name: `${namePrefix}-api`,
    env,
    functionName: apiFunction.functionName,
    functionInvokeArn: apiFunction.function.invokeArn,
    stageName,
    throttlingRateLimit: apiConfig.throttlingRateLimit,
    throttlingBurstLimit: apiConfig.throttlingBurstLimit,
    kmsKeyArn,
    logRetentionDays,
    manageAccountLoggingRole: apiConfig.manageAccountLoggingRole,
    accountLoggingRoleArn: apiConfig.accountLoggingRoleArn,
  });

  const warmup =
    functionConfig.warmup === undefined
      ? undefined
      : new WarmupSchedule(stack, "warmup", {
          name: `${namePrefix}-api-warmup`,
          schedule: functionConfig.warmup.schedule,
          functionName: apiFunction.functionName,
          functionArn: apiFunction.arn,
        });

  return {
    table,
    function: apiFunction,
    api,
    warmup,
    monitoring: [functionSection(apiFunction, functionConfig.timeoutSeconds, props.showAppMetrics ? APP_METRICS_NAMESPACE : undefined), restApiSection(api), tableSection(table)],
    outputs: {
      api_invoke_url: { value: api.invokeUrl, description: "API Gateway stage URL" },
      function_name: { value: apiFunction.functionName, description: "Lambda function of the API" },
      verifications_table: { value: table.name, description: "DynamoDB table of verifications" },
      api_keys_secret_arn: { value: props.apiKeys.arn, description: "Secret to fill with the API keys" },
      ...functionCommands(apiFunction.logGroup.name, env.region),
    },
  };
}
