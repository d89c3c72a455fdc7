// The emulator profile: a Terraform override file (`emulator_override.tf.json`) written next to a
// synthesized stack's cdk.tf.json, which stays byte for byte what users deploy. Terraform merges
// override files into the configuration (developer.hashicorp.com/terraform/language/files/override);
// this one touches only three things:
// - every `aws` provider block (each alias): the emulator's URL for every AWS service the stacks
//   call, fake credentials, and the flags that stop the provider from checking them with AWS or
//   looking for an EC2 instance's metadata (it asks the emulator's STS for the account ID);
// - the state backend: local, inside the stack's directory, so a run never touches a real
//   S3 bucket or Terraform Cloud workspace named in the configuration;
// - `lifecycle.ignore_changes` (added to the resource's own) for the attributes in EMULATOR_DRIFT,
//   which the emulator does not keep as AWS does: `terraform apply` still sends them, but the
//   re-plan after apply would report the emulator's gap as a change;
// - the provider's waits in EMULATOR_WAITS, for states the emulator reports at once.

/** The provider's endpoint names of every AWS service the stacks call. */
export const EMULATED_SERVICES = [
  "acm",
  "apigateway",
  "appautoscaling",
  "cloudfront",
  "cloudwatch",
  "dynamodb",
  "ec2",
  "ecs",
  "elasticache",
  "elbv2",
  "events",
  "iam",
  "kms",
  "lambda",
  "logs",
  "rds",
  "route53",
  "s3",
  "secretsmanager",
  "sfn",
  "sns",
  "sqs",
  "sts",
  "wafv2",
] as const;

/** The credentials the provider and the SDK clients present to the emulator. */
export const EMULATOR_CREDENTIALS = { accessKeyId: "emulator", secretAccessKey: "emulator" };

/**
 * Attributes the emulator (moto 5.2.5) does not give back as AWS does, per resource type, with the
 * reason; docs/testing.md, "Testing against an AWS emulator", lists them.
 */
export const EMULATOR_DRIFT: Record<string, { attributes: string[]; reason: string }> = {
  aws_acm_certificate: { attributes: ["key_algorithm"], reason: "moto issues every certificate with an RSA 2048 key, whatever key algorithm is requested" },
  aws_db_parameter_group: { attributes: ["parameter"], reason: "moto's DescribeDBParameters does not return the parameters set on a group" },
  aws_cloudfront_distribution: {
    attributes: ["default_cache_behavior", "ordered_cache_behavior", "viewer_certificate"],
    reason:
      "moto gives back forwarded values (cookies, headers, query strings) for cache behaviours that use a cache policy, and the default-certificate flag next to an ACM certificate",
  },
  aws_db_instance: {
    attributes: ["performance_insights_enabled", "performance_insights_kms_key_id", "performance_insights_retention_period"],
    reason: "moto does not give back an instance's Performance Insights settings",
  },
  aws_ecs_service: {
    attributes: ["availability_zone_rebalancing", "enable_ecs_managed_tags", "health_check_grace_period_seconds"],
    reason: "moto does not keep these service settings",
  },
  aws_lambda_function: { attributes: ["dead_letter_config", "logging_config"], reason: "moto does not give back a function's dead-letter queue and logging settings" },
  aws_s3_bucket_acl: {
    attributes: ["access_control_policy"],
    reason: "moto gives the owner's grant another canonical user ID than the account's (data.aws_canonical_user_id)",
  },
  aws_vpc_security_group_ingress_rule: { attributes: ["description"], reason: "moto drops the description of a rule that references a security group" },
  aws_vpc_security_group_egress_rule: { attributes: ["description"], reason: "moto drops the description of a rule that references a security group" },
};

/**
 * Waits of the AWS provider that only confirm what the emulator reports at once, turned off in the
 * emulator profile only (what users deploy keeps them): a CloudFront distribution's wait to be
 * Deployed, at least a minute after each create and update although moto reports it deployed at
 * the first look.
 */
export const EMULATOR_WAITS: Record<string, Record<string, unknown>> = {
  aws_cloudfront_distribution: { wait_for_deployment: false },
};

export const OVERRIDE_FILE = "emulator_override.tf.json";

interface ProviderBlock {
  alias?: string;
  [key: string]: unknown;
}

/** The override file's content for a synthesized stack (its parsed cdk.tf.json) and an emulator URL. */
type Resources = Record<string, Record<string, { lifecycle?: { ignore_changes?: string[] | string } }>>;

export function emulatorOverride(stack: { provider?: { aws?: ProviderBlock[] }; resource?: Resources }, url: string): object {
  const providers = stack.provider?.aws ?? [];
  if (providers.length === 0) throw new Error("the stack has no aws provider block to point at the emulator");
  const endpoints = Object.fromEntries(EMULATED_SERVICES.map((service) => [service, url]));
  return {
    // One entry per provider block, matched by alias (an override must name the block it merges into).
    provider: {
      aws: providers.map((block) => ({
        ...(block.alias === undefined ? {} : { alias: block.alias }),
        access_key: EMULATOR_CREDENTIALS.accessKeyId,
        secret_key: EMULATOR_CREDENTIALS.secretAccessKey,
        skip_credentials_validation: true,
        skip_metadata_api_check: true,
        skip_region_validation: true,
        s3_use_path_style: true,
        endpoints: [endpoints],
      })),
    },
    // A backend block in an override file replaces the configuration's backend (or cloud block).
    terraform: [{ backend: { local: { path: "terraform.tfstate" } } }],
    ...ignoredDrift(stack.resource ?? {}),
  };
}

/**
 * lifecycle.ignore_changes for every resource of a type in EMULATOR_DRIFT, keeping the resource's
 * own entries, and the attributes of EMULATOR_WAITS.
 */
function ignoredDrift(resources: Resources): { resource?: Resources } {
  const overrides: Resources = {};
  const add = (type: string, name: string, attributes: object) => {
    overrides[type] = { ...overrides[type], [name]: { ...overrides[type]?.[name], ...attributes } };
  };
  for (const [type, { attributes }] of Object.entries(EMULATOR_DRIFT)) {
    for (const [name, resource] of Object.entries(resources[type] ?? {})) {
      const own = resource.lifecycle?.ignore_changes;
      if (own === "all") continue;
      add(type, name, { lifecycle: { ignore_changes: [...new Set([...(Array.isArray(own) ? own : []), ...attributes])] } });
    }
  }
  for (const [type, attributes] of Object.entries(EMULATOR_WAITS)) {
    for (const name of Object.keys(resources[type] ?? {})) add(type, name, attributes);
  }
  return Object.keys(overrides).length > 0 ? { resource: overrides } : {};
}
