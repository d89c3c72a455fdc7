import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { ApiFunction, ApiFunctionProps } from "../../src/constructs/api-function";
import { bodies, ENV, synthConstruct } from "./synth";

const KEY = "arn:aws:kms:eu-west-1:111122223333:key/k";
const PROPS: ApiFunctionProps = {
  functionName: "tw-test-api",
  env: ENV,
  code: { s3Bucket: "code", s3Key: "app.zip" },
  runtime: "python3.11",
  handler: "lambda_handler.lambda_handler",
  memoryMb: 1024,
  timeoutSeconds: 30,
  architecture: "x86_64",
  environment: { LOG_LEVEL: "INFO" },
  kmsKeyArn: KEY,
  logRetentionDays: 30,
  statements: [],
};

function synth(props: Partial<ApiFunctionProps> = {}) {
  return synthConstruct((scope) => new ApiFunction(scope, "function", { ...PROPS, ...props }));
}

describe("ApiFunction", () => {
  it("runs a zip from S3 with its runtime and handler, traced, its environment encrypted, logging JSON to its encrypted log group", () => {
    const { text, resources } = synth();
    expect(text).toHaveResourceWithProperties(LambdaFunction, {
      function_name: "tw-test-api",
      package_type: "Zip",
      runtime: "python3.11",
      handler: "lambda_handler.lambda_handler",
      s3_bucket: "code",
      s3_key: "app.zip",
      memory_size: 1024,
      timeout: 30,
      architectures: ["x86_64"],
      kms_key_arn: KEY,
      tracing_config: { mode: "Active" },
      environment: { variables: { LOG_LEVEL: "INFO" } },
      logging_config: expect.objectContaining({ log_format: "JSON" }),
    });
    expect(bodies(resources, "aws_cloudwatch_log_group")).toEqual([expect.objectContaining({ name: "/aws/lambda/tw-test-api", kms_key_id: KEY })]);
    expect(bodies(resources, "aws_lambda_function")[0].reserved_concurrent_executions).toBeUndefined();
  });

  it("runs an image without runtime or handler (the image brings them)", () => {
    const imageUri = "111122223333.dkr.ecr.eu-west-1.amazonaws.com/trustwrapper:1.0";
    const [fn] = bodies(synth({ code: { imageUri } }).resources, "aws_lambda_function");
    expect(fn).toMatchObject({ package_type: "Image", image_uri: imageUri });
    expect([fn.runtime, fn.handler, fn.s3_bucket]).toEqual([undefined, undefined, undefined]);
  });

  it("reserves concurrency only when asked", () => {
    expect(synth({ reservedConcurrency: 50 }).text).toHaveResourceWithProperties(LambdaFunction, { reserved_concurrent_executions: 50 });
  });

  it("sends failed asynchronous invocations to an encrypted dead-letter queue, which its role may write to, created after that role's policy", () => {
    const { text, resources, data } = synth({ statements: [{ sid: "ReadTable", actions: ["dynamodb:GetItem"], resources: ["arn:aws:dynamodb:eu-west-1:111122223333:table/t"] }] });
    expect(text).toHaveResourceWithProperties(SqsQueue, { name: "tw-test-api-dlq", kms_master_key_id: KEY, message_retention_seconds: 1209600 });
    const sids = bodies(data, "aws_iam_policy_document").flatMap((d) => d.statement.map((s: any) => s.sid));
    expect(sids).toEqual(expect.arrayContaining(["ReadTable", "WriteFunctionLogs", "SendFailedEvents", "UseStackKey", "SendTraces"]));
    expect(bodies(resources, "aws_lambda_function")[0].depends_on).toEqual([expect.stringMatching(/^aws_cloudwatch_log_group\./), expect.stringMatching(/^aws_iam_role_policy\./)]);
  });
});
