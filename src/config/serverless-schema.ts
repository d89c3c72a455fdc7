import { z } from "zod";
import { oneOf, plainVariables, wholeNumber } from "./fields";

/**
 * The options of the guide's serverless architecture (API Gateway → Lambda → DynamoDB) and of
 * the hybrid one (CloudFront in front of that API and of the container service).
 * `examples/serverless.yaml` and `examples/hybrid.yaml` document every option.
 */

/** Lambda runtimes the FastAPI app (through Mangum) runs on; all in Lambda's standard support (checked 2026-11). */
export const LAMBDA_PYTHON_RUNTIMES = ["python3.10", "python3.11", "python3.12", "python3.13"] as const;

/**
 * EventBridge schedule expressions: `rate(1 minute)`, `rate(5 minutes)` (singular unit for 1,
 * plural otherwise) or `cron(<6 fields>)`.
 */
export function isScheduleExpression(expression: string): boolean {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (rate) {
    const value = Number(rate[1]);
    return value > 0 && (value === 1) === !rate[2].endsWith("s");
  }
  const cron = /^cron\(([^()]+)\)$/.exec(expression);
  return cron !== null && cron[1].trim().split(/\s+/).length === 6 && /^[\d*?,\-/LW#A-Z ]+$/.test(cron[1]);
}

/** Variables the deployment sets on the function itself (see the serverless tier). */
export const FUNCTION_MANAGED_VARIABLES: readonly string[] = [
  "ENVIRONMENT",
  "LOG_LEVEL",
  "ALEO_NETWORK",
  "CONTRACT_ADDRESS_AGENT_REGISTRY",
  "CONTRACT_ADDRESS_TRUST_VERIFIER",
  "STAGE",
  "DYNAMODB_TABLE",
  "API_KEYS_SECRET_ARN",
  "SAGEMAKER_ENDPOINTS",
];

/** Names Lambda sets in every runtime and refuses to take from a function's configuration (its documented reserved list). */
const LAMBDA_RESERVED_VARIABLE =
  /^(_HANDLER|_X_AMZN_TRACE_ID|AWS_DEFAULT_REGION|AWS_REGION|AWS_EXECUTION_ENV|AWS_LAMBDA_(FUNCTION_NAME|FUNCTION_MEMORY_SIZE|FUNCTION_VERSION|INITIALIZATION_TYPE|LOG_GROUP_NAME|LOG_STREAM_NAME|RUNTIME_API)|AWS_ACCESS_KEY|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN|LAMBDA_TASK_ROOT|LAMBDA_RUNTIME_DIR|TZ)$/;

const bucketName = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: "expected an S3 bucket name" });

/** The function's code: a zip in S3 or a container image in ECR. The artifact is the user's. */
const functionCodeSchema = z.union(
  [
    z.strictObject({
      /** Bucket of the zip with `lambda_handler.py` and its dependencies. */
      s3Bucket: bucketName,
      /** Object key of that zip. */
      s3Key: z.string().min(1),
      /** Object version of the zip (versioned buckets), so that a new upload is a visible change. Default none: the current object. */
      s3ObjectVersion: z.string().min(1).optional(),
    }),
    z.strictObject({
      /** An ECR image (`<account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>` or `@sha256:...`) with the handler as its CMD. */
      imageUri: z.string().regex(/^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/[a-z0-9._/-]+(:[\w.-]+|@sha256:[0-9a-f]{64})$/, {
        error: "expected an ECR image URI such as 123456789012.dkr.ecr.us-east-1.amazonaws.com/trustwrapper:1.0",
      }),
    }),
  ],
  { error: "expected either s3Bucket and s3Key (a zip) or imageUri (a container image)" },
);

const warmupSchema = z.strictObject({
  /** EventBridge schedule that invokes the function with `{"warmup": true}`. Default `rate(5 minutes)`. */
  schedule: z.string().refine(isScheduleExpression, { error: "expected a schedule expression such as rate(5 minutes) or cron(0/5 * * * ? *)" }).default("rate(5 minutes)"),
});

const functionSchema = z.strictObject({
  /** The app's artifact. Required for the serverless and hybrid architectures. */
  code: functionCodeSchema.optional(),
  /** Python runtime of a zip (images bring their own). Default `python3.11` (the guide's). */
  runtime: oneOf(LAMBDA_PYTHON_RUNTIMES).default("python3.11"),
  /** Handler of a zip, `<module>.<function>`. Default `lambda_handler.lambda_handler` (the guide's). */
  handler: z
    .string()
    .regex(/^[A-Za-z_][\w.]*\.[A-Za-z_]\w*$/, { error: "expected a handler such as lambda_handler.lambda_handler" })
    .default("lambda_handler.lambda_handler"),
  /** Memory, MB (CPU grows with it). Default 1024 (the guide's). */
  memoryMb: wholeNumber(128, 10240, "a memory size in MB").default(1024),
  /** Seconds before an invocation is stopped. API Gateway waits 29 s at most. Default 30 (the guide's). */
  timeoutSeconds: wholeNumber(1, 900, "a number of seconds").default(30),
  /** `x86_64`, or `arm64` for Graviton (about 20% cheaper per GB-second). Default `x86_64`. */
  architecture: oneOf(["x86_64", "arm64"]).default("x86_64"),
  /**
   * Concurrent executions reserved for (and capping) the function. Default none: the function
   * shares the account's unreserved pool. Lambda refuses a reservation that leaves fewer than 100
   * unreserved executions, and new accounts often have a quota below 200, where 100 would fail.
   */
  reservedConcurrency: wholeNumber(1, 10000, "a concurrency").optional(),
  /** Application log level (the app's LOG_LEVEL). Default `INFO`. */
  logLevel: oneOf(["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]).default("INFO"),
  /** Extra plain environment variables; never put secrets here. Default none. */
  environment: plainVariables(FUNCTION_MANAGED_VARIABLES, { pattern: LAMBDA_RESERVED_VARIABLE, runtime: "Lambda" }).default({}),
  /** Keep instances warm with a scheduled `{"warmup": true}` invocation (the guide's handler answers it). Default none. */
  warmup: warmupSchema.optional(),
  /** SageMaker endpoints (the guide's "SageMaker (AI Models)") the function may invoke, by name. Default none. */
  sagemakerEndpoints: z.array(z.string().regex(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/, { error: "expected a SageMaker endpoint name" })).default([]),
});

const apiSchema = z
  .strictObject({
    /** Stage of the REST API (the path prefix of its execute-api URL). Default the environment's name. */
    stageName: z
      .string()
      .regex(/^[A-Za-z0-9_]{1,128}$/, { error: "expected a stage name: letters, digits or _" })
      .optional(),
    /** Steady requests per second the stage accepts before throttling. Default 100. */
    throttlingRateLimit: z.number().min(1).max(100_000).default(100),
    /** Burst of requests the stage accepts. Default 200. */
    throttlingBurstLimit: wholeNumber(1, 100_000, "a request count").default(200),
    /** Serve the API on `domain.name` (regional ACM certificate, Route53 alias). Serverless only. Default false. */
    customDomain: z.boolean().default(false),
    /**
     * Set the account's API Gateway CloudWatch role (one per account and region), which access
     * logs need: `accountLoggingRoleArn`, or else a role the stack creates and keeps on destroy
     * (other APIs of the account log through it). Set false where the account's setting is
     * managed elsewhere: the stack leaves it alone. Default true.
     */
    manageAccountLoggingRole: z.boolean().default(true),
    /**
     * A role you already run for the account and region (trusting apigateway.amazonaws.com, with
     * AmazonAPIGatewayPushToCloudWatchLogs) to set as the account's CloudWatch role: the stack
     * creates none. Default none.
     */
    accountLoggingRoleArn: z
      .string()
      .regex(/^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, { error: "expected an IAM role ARN such as arn:aws:iam::111122223333:role/apigateway-cloudwatch" })
      .optional(),
  })
  .superRefine((api, ctx) => {
    if (api.accountLoggingRoleArn !== undefined && !api.manageAccountLoggingRole) {
      ctx.addIssue({
        code: "custom",
        path: ["accountLoggingRoleArn"],
        message: "set with manageAccountLoggingRole: false, which leaves the account's setting alone; remove one of them",
      });
    }
  });

const tableSchema = z.strictObject({
  /** Refuse deletion of the verifications table. Default true in prod, false elsewhere. */
  deletionProtection: z.boolean().optional(),
});

export const serverlessSchema = z.strictObject({
  /** The Lambda function that runs the FastAPI app through Mangum. */
  function: functionSchema.prefault({}),
  /** The API Gateway REST API in front of the function. */
  api: apiSchema.prefault({}),
  /** The DynamoDB table of verifications. */
  table: tableSchema.prefault({}),
});

/** CloudFront path patterns: a path from `/`, with CloudFront's characters and wildcards; the query string is never matched. */
const pathPattern = z
  .string()
  .regex(/^\//, { error: "expected a path pattern starting with /, such as /verify*", abort: true })
  .refine((p) => !/[?#]/.test(p), { error: "CloudFront matches the path only: a pattern with ? or # can never match", abort: true })
  .refine((p) => /^[A-Za-z0-9_\-.*$/~"'@:+&]{1,255}$/.test(p), { error: "expected CloudFront path characters only (A-Z a-z 0-9 _ - . * $ / ~ \" ' @ : + &)" })
  .refine((p) => p !== "/*", { error: "/* matches every path: that is the default route, not a heavy-operations pattern" });

export const hybridSchema = z.strictObject({
  /**
   * Paths CloudFront sends to the load balancer and the container service (heavy operations);
   * every other path goes to API Gateway and Lambda. Default `["/verify*"]`: the guide's
   * verification endpoint calls AI providers and Aleo and may outlast API Gateway's 29 s.
   */
  heavyPathPatterns: z
    .array(pathPattern)
    .min(1)
    .refine((patterns) => new Set(patterns).size === patterns.length, { error: "expected each pattern once" })
    .default(["/verify*"]),
  /** Name of the load balancer behind CloudFront, in the domain's zone: `<originSubdomain>.<domain.name>`. Default `origin`. */
  originSubdomain: z
    .string()
    .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, { error: "expected a DNS label such as origin" })
    .default("origin"),
  /** Requests per 5 minutes one IP address may send before the web ACL blocks it. Default 2000. */
  wafRateLimit: wholeNumber(10, 2_000_000_000, "a request count").default(2000),
  /** CloudFront edge locations: `PriceClass_100` (North America, Europe), `_200` or `_All`. Default `PriceClass_100`. */
  priceClass: oneOf(["PriceClass_100", "PriceClass_200", "PriceClass_All"]).default("PriceClass_100"),
  /** Days CloudFront access logs are kept. Default 90. */
  accessLogRetentionDays: wholeNumber(1, 3650, "a number of days").default(90),
  /**
   * Seconds a request on a heavy path may take: CloudFront's read timeout on the load balancer
   * origin, and the floor of the load balancer's idle timeout and of the target group's
   * deregistration delay (a draining task finishes its long requests). Above 60 needs a raise of
   * CloudFront's "Response timeout per origin" quota in Service Quotas first. Default 60.
   */
  heavyRequestTimeoutSeconds: wholeNumber(1, 180, "a number of seconds").default(60),
  /**
   * Version of the generated secret value CloudFront sends the load balancer in `X-Origin-Verify`
   * (the load balancer answers 403 without it): raise it to rotate the value. Default 1.
   */
  originVerifyVersion: wholeNumber(1, 1_000_000, "a version number").default(1),
});

export type ServerlessConfig = z.output<typeof serverlessSchema>;
export type HybridConfig = z.output<typeof hybridSchema>;
export type FunctionCode = z.output<typeof functionCodeSchema>;
