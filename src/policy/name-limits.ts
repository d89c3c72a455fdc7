/**
 * What AWS accepts as the name of each resource the stacks emit: its longest length and its
 * characters, by Terraform resource type and attribute. `terraform validate` checks only some of
 * them and moto none; AWS refuses the rest at apply. The policy rule TW-NAME1 checks every literal
 * name of a synthesized stack against this table, and the configuration check refuses projects
 * that would give the database, cache or load balancer a name AWS refuses (src/config/schema.ts).
 * Sources: the AWS provider's validations and each service's API reference (checked 2026-12).
 */

export interface NameLimit {
  /** Longest accepted value, in characters. */
  readonly max: number;
  /** The accepted values (characters, first and last character, forbidden sequences). */
  readonly pattern: RegExp;
  /** `pattern` in words, for error messages. */
  readonly rule: string;
  /** What the name is, in words: "an RDS DB identifier". */
  readonly what: string;
  /** What goes wrong with a value outside `pattern`. Default "AWS refuses". */
  readonly breaks?: string;
}

const HYPHENATED = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const HYPHENATED_RULE = "letters, digits and hyphens, not starting or ending with a hyphen";
/** RDS and ElastiCache identifiers: a letter first, no `--`, no hyphen last. */
const IDENTIFIER = /^[A-Za-z](?!.*--)(?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const IDENTIFIER_RULE = "a letter, then letters, digits and hyphens, without two hyphens in a row or a hyphen at the end";
const WORD = /^[\w-]+$/;
const WORD_RULE = "letters, digits, _ and -";
const PRINTABLE = /^[ -~]+$/;
const PRINTABLE_RULE = "printable ASCII characters";
const IAM = /^[\w+=,.@-]+$/;
const IAM_RULE = "letters, digits and +=,.@_-";

const limit = (what: string, max: number, pattern: RegExp, rule: string, breaks?: string): NameLimit => ({ what, max, pattern, rule, breaks });

/** Name limits by resource type, then attribute. Each limit is written here and nowhere else. */
export const NAME_LIMITS: Readonly<Record<string, Readonly<Record<string, NameLimit>>>> = {
  aws_lb: { name: limit("a load balancer name", 32, /^(?!internal-)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/, `${HYPHENATED_RULE}, not starting with internal-`) },
  aws_lb_target_group: { name: limit("a target group name", 32, HYPHENATED, HYPHENATED_RULE) },
  // Terraform appends a 26-character unique suffix to bucket_prefix: 63 - 26.
  aws_s3_bucket: { bucket_prefix: limit("an S3 bucket prefix", 37, /^[a-z0-9](?!.*\.\.)[a-z0-9.-]*$/, "lower-case letters, digits, . and -, starting with a letter or digit") },
  aws_iam_role: { name: limit("an IAM role name", 64, IAM, IAM_RULE), name_prefix: limit("an IAM role name prefix", 38, IAM, IAM_RULE) },
  aws_iam_role_policy: { name: limit("an IAM role policy name", 128, IAM, IAM_RULE) },
  aws_db_instance: {
    identifier: limit("an RDS DB identifier", 63, /^[a-z](?!.*--)(?:[a-z0-9-]*[a-z0-9])?$/, `${IDENTIFIER_RULE}, in lower case`),
    final_snapshot_identifier: limit("an RDS final snapshot identifier", 255, IDENTIFIER, IDENTIFIER_RULE),
    db_name: limit("a PostgreSQL database name", 63, /^[A-Za-z]\w*$/, "a letter, then letters, digits and _"),
    username: limit("an RDS master user name", 63, /^[A-Za-z]\w*$/, "a letter, then letters, digits and _"),
  },
  aws_db_subnet_group: { name: limit("a DB subnet group name", 255, /^(?!default$)[a-z0-9 ._-]+$/, "lower-case letters, digits, spaces and ._-, not default") },
  // Terraform appends a 26-character unique suffix to name_prefix: 255 - 26.
  aws_db_parameter_group: {
    name_prefix: limit(
      "a DB parameter group name prefix",
      229,
      /^[a-z](?!.*--)[a-z0-9-]*$/,
      "a lower-case letter, then lower-case letters, digits and hyphens, without two hyphens in a row",
    ),
  },
  aws_elasticache_replication_group: { replication_group_id: limit("an ElastiCache replication group ID", 40, IDENTIFIER, IDENTIFIER_RULE) },
  aws_elasticache_user: { user_id: limit("an ElastiCache user ID", 40, IDENTIFIER, IDENTIFIER_RULE) },
  aws_elasticache_user_group: { user_group_id: limit("an ElastiCache user group ID", 40, IDENTIFIER, IDENTIFIER_RULE) },
  aws_elasticache_subnet_group: { name: limit("an ElastiCache subnet group name", 255, HYPHENATED, HYPHENATED_RULE) },
  aws_cloudwatch_log_group: { name: limit("a log group name", 512, /^[\w\-./#]+$/, "letters, digits and _-./#") },
  aws_cloudwatch_metric_alarm: { alarm_name: limit("an alarm name", 255, PRINTABLE, PRINTABLE_RULE) },
  aws_cloudwatch_dashboard: { dashboard_name: limit("a dashboard name", 255, WORD, WORD_RULE) },
  aws_cloudwatch_event_rule: { name: limit("an EventBridge rule name", 64, /^[\w.-]+$/, "letters, digits and ._-") },
  aws_sns_topic: { name: limit("an SNS topic name", 256, WORD, WORD_RULE) },
  aws_sqs_queue: { name: limit("an SQS queue name", 80, WORD, WORD_RULE) },
  aws_sfn_state_machine: { name: limit("a state machine name", 80, WORD, WORD_RULE) },
  aws_lambda_function: { function_name: limit("a Lambda function name", 64, WORD, WORD_RULE) },
  aws_lambda_permission: { statement_id: limit("a Lambda permission statement ID", 100, WORD, WORD_RULE) },
  aws_kms_alias: { name: limit("a KMS alias", 256, /^alias\/(?!aws\/)[\w/-]+$/, "alias/ then letters, digits and /_-, not under alias/aws/") },
  aws_wafv2_web_acl: { name: limit("a WAF web ACL name", 128, WORD, WORD_RULE) },
  aws_cloudfront_response_headers_policy: { name: limit("a CloudFront response headers policy name", 128, WORD, WORD_RULE) },
  aws_security_group: {
    name: limit("a security group name", 255, /^(?!sg-)[\w .:/()#,@[\]+=&;{}!$*-]+$/, "letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*, not starting with sg-"),
  },
  // biome-ignore lint/suspicious/noControlCharactersInRegex: AWS refuses control characters in these names; the pattern names them to exclude them.
  aws_appautoscaling_policy: { name: limit("an Application Auto Scaling policy name", 256, /^[^:\x00-\x1f]+$/, "printable characters other than :") },
  aws_api_gateway_stage: { stage_name: limit("an API Gateway stage name", 128, /^[\w-]+$/, WORD_RULE) },
  aws_dynamodb_table: { name: limit("a DynamoDB table name", 255, /^[\w.-]{3,}$/, "at least 3 letters, digits and _.-") },
  aws_ecs_cluster: { name: limit("an ECS cluster name", 255, WORD, WORD_RULE) },
  aws_ecs_service: { name: limit("an ECS service name", 255, WORD, WORD_RULE) },
  aws_ecs_task_definition: { family: limit("a task definition family", 255, WORD, WORD_RULE) },
  aws_secretsmanager_secret: {
    // AWS accepts a name ending in a hyphen and six characters, but reads the ending as the random
    // suffix of the secret's ARN: a lookup by name or partial ARN can then find the wrong secret.
    name: limit(
      "a Secrets Manager secret name",
      512,
      /^(?!.*-[A-Za-z0-9]{6}$)[\w/+=.@-]+$/,
      "letters, digits and /_+=.@-, not ending in a hyphen and six characters",
      "that Secrets Manager misreads as ending in its ARN suffix",
    ),
  },
  aws_acm_certificate: { domain_name: limit("a certificate's domain name", 253, /^[a-z0-9*.-]+$/, "a lower-case DNS name") },
};

/** Why AWS refuses (or misreads) `value` as `attribute` of `type`, or undefined when it accepts it (or the table has no limit for it). */
export function nameProblem(type: string, attribute: string, value: string): string | undefined {
  const limit = NAME_LIMITS[type]?.[attribute];
  if (limit === undefined) return undefined;
  if (value.length > limit.max) return `${limit.what} of ${value.length} characters, over AWS's ${limit.max}`;
  if (!limit.pattern.test(value)) return `${limit.what} ${limit.breaks ?? "AWS refuses"}: expected ${limit.rule}`;
  return undefined;
}

/**
 * `value` cut to the longest `attribute` of `type` accepts. Only for prefixes Terraform makes
 * unique with a suffix of its own (bucket_prefix): a name that fits is returned unchanged, so
 * no deployed resource is renamed.
 */
export function truncatedPrefix(type: string, attribute: string, value: string): string {
  const limit = NAME_LIMITS[type]?.[attribute];
  if (limit === undefined) throw new Error(`no name limit for ${type}.${attribute}`);
  return value.slice(0, limit.max);
}
