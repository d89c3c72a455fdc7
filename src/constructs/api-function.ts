import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Construct } from "constructs";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { AwsEnvironment } from "../config/aws-environment";
import { FunctionCode } from "../config/serverless-schema";
import { encryptedLogGroup } from "./log-group";
import { PolicyStatement } from "./policy-document";
import { ServiceRole } from "./service-role";

export interface ApiFunctionProps {
  /** Function name, e.g. `trustwrapper-prod-api`. */
  readonly functionName: string;
  /** Region, partition and account of the stack. */
  readonly env: AwsEnvironment;
  /** The app's artifact: a zip in S3 or an ECR image. */
  readonly code: FunctionCode;
  /** Runtime of a zip, e.g. `python3.11` (not used for an image). */
  readonly runtime: string;
  /** Handler of a zip, e.g. `lambda_handler.lambda_handler` (not used for an image). */
  readonly handler: string;
  /** Memory, MB (CPU grows with it). */
  readonly memoryMb: number;
  /** Seconds before an invocation is stopped. */
  readonly timeoutSeconds: number;
  /** `x86_64` or `arm64`. */
  readonly architecture: string;
  /** Concurrent executions reserved for, and capping, the function. Default none: the account's unreserved pool. */
  readonly reservedConcurrency?: number;
  /** Plain environment variables (encrypted at rest with `kmsKeyArn`); never secrets. */
  readonly environment: Readonly<Record<string, string>>;
  /** ARN of the KMS key of the environment, logs and dead-letter queue. */
  readonly kmsKeyArn: string;
  /** Days the function's log group keeps its logs. */
  readonly logRetentionDays: number;
  /** What the app itself may do, besides logging, tracing and its dead-letter queue. */
  readonly statements: PolicyStatement[];
}

/**
 * The Lambda function that runs the TrustWrapper app (FastAPI through Mangum): its role, its
 * encrypted log group, X-Ray tracing, optional reserved concurrency, and an encrypted SQS dead-letter
 * queue for asynchronous invocations (the warm-up schedule's) that fail.
 */
export class ApiFunction extends Construct {
  readonly function: LambdaFunction;
  readonly role: ServiceRole;
  readonly deadLetterQueue: SqsQueue;
  /** The function's encrypted log group (`/aws/lambda/<functionName>`). */
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    super(scope, id);
    const { env, kmsKeyArn } = props;
    this.logGroup = encryptedLogGroup(this, "log-group", {
      name: `/aws/lambda/${props.functionName}`,
      retentionDays: props.logRetentionDays,
      kmsKeyArn,
    });
    const logGroup = this.logGroup;
    this.deadLetterQueue = new SqsQueue(this, "dead-letter-queue", {
      name: `${props.functionName}-dlq`,
      kmsMasterKeyId: kmsKeyArn,
      messageRetentionSeconds: 14 * 24 * 3600,
    });
    this.role = new ServiceRole(this, "role", {
      name: `${props.functionName}-${env.region}`,
      description: "The TrustWrapper API function",
      servicePrincipal: "lambda.amazonaws.com",
      sourceAccount: env.accountId,
      statements: [
        ...props.statements,
        { sid: "WriteFunctionLogs", actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [`${logGroup.arn}:*`] },
        { sid: "SendFailedEvents", actions: ["sqs:SendMessage"], resources: [this.deadLetterQueue.arn] },
        { sid: "UseStackKey", actions: ["kms:Decrypt", "kms:GenerateDataKey"], resources: [kmsKeyArn] },
        // X-Ray's trace APIs have no resource-level permissions.
        { sid: "SendTraces", actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], resources: ["*"] },
      ],
    });
    const code =
      "imageUri" in props.code
        ? { packageType: "Image", imageUri: props.code.imageUri }
        : {
            packageType: "Zip",
            runtime: props.runtime,
            handler: props.handler,
            s3Bucket: props.code.s3Bucket,
            s3Key: props.code.s3Key,
            s3ObjectVersion: props.code.s3ObjectVersion,
          };
    this.function = new LambdaFunction(this, "function", {
      functionName: props.functionName,
      description: "TrustWrapper API (FastAPI through Mangum)",
      role: this.role.arn,
      ...code,
      memorySize: props.memoryMb,
      timeout: props.timeoutSeconds,
      architectures: [props.architecture],
      reservedConcurrentExecutions: props.reservedConcurrency,
      environment: { variables: { ...props.environment } },
      kmsKeyArn,
      tracingConfig: { mode: "Active" },
      deadLetterConfig: { targetArn: this.deadLetterQueue.arn },
      loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
      // The log group exists (encrypted) before Lambda could create one of its own, and Lambda
      // checks at creation that the role may send to the dead-letter queue.
      dependsOn: [logGroup, this.role.policy!],
    });
  }

  get functionName(): string {
    return this.function.functionName;
  }

  get arn(): string {
    return this.function.arn;
  }
}
