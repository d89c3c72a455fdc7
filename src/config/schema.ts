import { z } from "zod";
import { isNetworkAddress, prefixLength, subnetLayout } from "./cidr";
import { nameProblem } from "../policy/name-limits";
import { accountSchema } from "./account-schema";
import { backendSchema } from "./backend-schema";
import { POLICY_RULE_IDS } from "../policy/names";
import { partitionOf } from "./aws-environment";
import { awsRegion, envName, hostname, oneOf, plainVariables, port, wholeNumber } from "./fields";
import { hybridSchema, serverlessSchema } from "./serverless-schema";
import { loadBalancerWebAclSchema } from "./web-acl-schema";
import { zoneIdPrefix } from "./aws-environment";

/**
 * The one configuration schema of the app. It is the source of the TypeScript types
 * (`TrustWrapperConfig`), of every default (the values of the AWS deployment guide) and of
 * the error messages for bad input. `examples/container.yaml` documents every option.
 */

/** Environment variables the deployment sets itself (see the container stack). */
export const MANAGED_ENVIRONMENT_VARIABLES: readonly string[] = [
  "ENVIRONMENT",
  "API_PORT",
  "LOG_LEVEL",
  "AWS_REGION",
  "ALEO_NETWORK",
  "CONTRACT_ADDRESS_AGENT_REGISTRY",
  "CONTRACT_ADDRESS_TRUST_VERIFIER",
  "S3_BUCKET",
  "CLOUDWATCH_LOG_GROUP",
  "DATABASE_URL",
  "PGUSER",
  "PGPASSWORD",
  "REDIS_URL",
  "REDIS_USERNAME",
  "REDIS_REPLICATION_GROUP_ID",
  "DB_HOST",
  "DB_PORT",
  "DB_NAME",
  "DB_SSLMODE",
  "DB_USERNAME",
  "DB_PASSWORD",
];

export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
export const ARCHITECTURES = ["container", "serverless", "hybrid"] as const;
export const CACHE_AUTH_MODES = ["tls", "iam"] as const;
export type CacheAuthMode = (typeof CACHE_AUTH_MODES)[number];
/** PostgreSQL major versions in RDS standard support (checked 2026-11). */
export const POSTGRES_MAJOR_VERSIONS = ["14", "15", "16", "17"] as const;

/** Fargate's valid task sizes: CPU units to the memory (MiB) each allows. */
export const FARGATE_MEMORY_BY_CPU: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

/** What `service.cpu` takes, in its type and value errors alike. */
const FARGATE_CPU = `expected a Fargate CPU size (${Object.keys(FARGATE_MEMORY_BY_CPU).join(", ")})`;

function range(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let v = from; v <= to; v += step) values.push(v);
  return values;
}

/** An availability zone ID of a region's own zones (not a Local or Wavelength Zone), e.g. `use1-az1`. */
const AVAILABILITY_ZONE_ID = /^[a-z]{3,6}\d+-az\d+$/;

const subnetIds = z
  .array(z.string().regex(/^subnet-[0-9a-f]{8,17}$/, { error: "expected a subnet ID such as subnet-0123456789abcdef0" }))
  .min(2, { error: "expected at least two subnets, in different availability zones" });

const networkSchema = z.strictObject({
  /**
   * The VPC's IPv4 range, /16 to /24; split into /(prefix+4) subnets, which must hold the load
   * balancer (/27 or larger: a VPC of /23 or larger) and, at service.scaling.maxCount, twice the
   * tasks during a deployment besides the database and cache. Default `10.0.0.0/16`.
   */
  vpcCidr: z
    .cidrv4({ error: "expected an IPv4 CIDR such as 10.0.0.0/16", abort: true })
    .refine((cidr) => isNetworkAddress(cidr), {
      error: "expected the network address of the range (host bits zero), such as 10.0.0.0/16",
    })
    .refine((cidr) => prefixLength(cidr) >= 16 && prefixLength(cidr) <= 24, {
      error: "expected a prefix length from /16 to /24 (room for the public and private subnets)",
      // The configuration check lays out the subnets of a range that passed this one.
      abort: true,
    })
    .default("10.0.0.0/16"),
  /** How many availability zones the subnets span. Default 2 (the guide's `max_azs=2`). */
  availabilityZones: wholeNumber(2, 4, "a number of availability zones").default(2),
  /**
   * The zones by ID (e.g. `use1-az1`, the same zone in every account, unlike its name), one per
   * availabilityZones, in subnet order: the subnets are pinned to them, and a zone AWS adds later
   * never moves them. Default none: the region's first zones by name that need no opt-in.
   */
  availabilityZoneIds: z
    .array(z.string().regex(AVAILABILITY_ZONE_ID, { error: "expected an availability zone ID such as use1-az1" }))
    .refine((ids) => new Set(ids).size === ids.length, { error: "expected each zone ID once" })
    .optional(),
  /** `single`: one NAT gateway for the VPC (the guide's); `perAz`: one per zone, survives a zone failure. Default `single`. */
  natGateways: oneOf(["single", "perAz"]).default("single"),
  /**
   * An S3 gateway endpoint on the private route tables: S3 traffic (ECR image layers, the
   * artifacts bucket) stays off the NAT gateway, whose data processing costs, at no charge of its own.
   * Default false (the guide's VPC has none).
   */
  s3GatewayEndpoint: z.boolean().default(false),
  /**
   * A VPC you already run, used instead of creating one (vpcCidr, availabilityZones,
   * natGateways and s3GatewayEndpoint are then not used): its ID and at least two public and two private subnets in
   * different zones, the private ones with a route out (NAT). Default none.
   */
  existingVpc: z
    .strictObject({
      /** ID of the VPC. */
      vpcId: z.string().regex(/^vpc-[0-9a-f]{8,17}$/, { error: "expected a VPC ID such as vpc-0123456789abcdef0" }),
      /** Subnets with a route to the internet gateway, in at least two zones: the load balancer's (and NAT gateways'). */
      publicSubnetIds: subnetIds,
      /** Subnets with a route out through NAT, in at least two zones: the tasks', the database's and the cache's. */
      privateSubnetIds: subnetIds,
    })
    .superRefine(({ publicSubnetIds, privateSubnetIds }, ctx) => {
      // A subnet is public or private by its route table: one cannot be both, and a repeat is not a second zone.
      privateSubnetIds.forEach((id, index) => {
        if (publicSubnetIds.includes(id)) {
          ctx.addIssue({
            code: "custom",
            path: ["privateSubnetIds", index],
            message: `${id} is also in publicSubnetIds: expected private subnets (a route out through NAT) apart from the public ones`,
          });
        }
      });
      for (const [field, ids] of [
        ["publicSubnetIds", publicSubnetIds],
        ["privateSubnetIds", privateSubnetIds],
      ] as const) {
        ids.forEach((id, index) => {
          if (ids.indexOf(id) !== index) ctx.addIssue({ code: "custom", path: [field, index], message: `${id} is listed twice: expected each subnet once` });
        });
      }
    })
    .optional(),
});

const domainSchema = z
  .strictObject({
    /** The public name of the API, e.g. `trustwrapper.yourdomain.com`. */
    name: hostname,
    /** ID of the Route53 public hosted zone that holds `name`. One of hostedZoneId / hostedZoneName is required. */
    hostedZoneId: z
      .string()
      .regex(/^Z[A-Z0-9]{1,31}$/, { error: "expected a Route53 hosted zone ID such as Z0123456789ABCDEFGHIJ" })
      .optional(),
    /** Name of the Route53 public hosted zone that holds `name` (looked up at plan time). */
    hostedZoneName: hostname.optional(),
    /** ARN of an issued ACM certificate for `name` in the stack's region, used instead of requesting one. Default none. */
    certificateArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/, { error: "expected an ACM certificate ARN" })
      .optional(),
  })
  .superRefine((domain, ctx) => {
    if (domain.hostedZoneId === undefined && domain.hostedZoneName === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["hostedZoneId"],
        message: `the domain ${domain.name} needs its Route53 hosted zone: set hostedZoneId or hostedZoneName`,
      });
    }
    if (domain.hostedZoneId !== undefined && domain.hostedZoneName !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["hostedZoneName"],
        message: "set either hostedZoneId or hostedZoneName, not both",
      });
    }
    const zone = domain.hostedZoneName;
    if (zone !== undefined && domain.name !== zone && !domain.name.endsWith(`.${zone}`)) {
      ctx.addIssue({
        code: "custom",
        path: ["name"],
        message: `expected a name inside the hosted zone ${zone}, got ${domain.name}`,
      });
    }
  });

const scalingSchema = z.strictObject({
  /** Fewest running tasks. Default 2. */
  minCount: wholeNumber(1, 1000, "a task count").default(2),
  /** Most running tasks. Default 10. */
  maxCount: wholeNumber(1, 1000, "a task count").default(10),
  /** Target average CPU utilisation, percent. Default 70. */
  cpuTargetPercent: wholeNumber(10, 95, "a percentage").default(70),
  /** Target average memory utilisation, percent. Default 80. */
  memoryTargetPercent: wholeNumber(10, 95, "a percentage").default(80),
  /** Target ALB requests per task (RequestCountPerTarget). Default 1000. */
  requestsPerTarget: wholeNumber(1, 1_000_000, "a request count").default(1000),
  /** Seconds between scale-in activities. Default 60. */
  scaleInCooldownSeconds: wholeNumber(0, 3600, "a number of seconds").default(60),
  /** Seconds between scale-out activities. Default 60. */
  scaleOutCooldownSeconds: wholeNumber(0, 3600, "a number of seconds").default(60),
});

const healthCheckSchema = z.strictObject({
  /** Container health-check command. Default the guide's `curl -f http://localhost:8000/health || exit 1`. */
  command: z.string().min(1).optional(),
  /** Seconds between checks. Default 30. */
  intervalSeconds: wholeNumber(5, 300, "a number of seconds").default(30),
  /** Seconds before a check fails. Default 10. */
  timeoutSeconds: wholeNumber(2, 120, "a number of seconds").default(10),
  /** Failures before the container is unhealthy. Default 3. */
  retries: wholeNumber(1, 10, "a retry count").default(3),
  /** Grace period after start, seconds. Default 60. */
  startPeriodSeconds: wholeNumber(0, 300, "a number of seconds").default(60),
});

const spotSchema = z.strictObject({
  /**
   * Run the tasks above the on-demand base on Fargate Spot: about half the price or less, but AWS
   * may stop a Spot task with two minutes' notice. Turning it on or off replaces the ECS service
   * (a launch type becomes a capacity provider strategy). Default false.
   */
  enabled: z.boolean().default(false),
  /** Tasks that always run on regular Fargate (the FARGATE provider's base), so an interruption never stops the API. Default 1. */
  onDemandBase: wholeNumber(0, 1000, "a task count").default(1),
  /** Spot tasks per regular task above the base (FARGATE_SPOT's weight; FARGATE's is 1). Default 3. */
  spotWeight: wholeNumber(1, 1000, "a weight").default(3),
  /** Allow Spot in prod, where an interruption costs capacity at the worst moment. Default false: refused in prod. */
  allowInProd: z.boolean().default(false),
});

const serviceSchema = z
  .strictObject({
    /** Container image of the TrustWrapper API. Default the guide's `your-registry/trustwrapper:latest`. */
    image: z.string().min(1).default("your-registry/trustwrapper:latest"),
    /** Task CPU units (256, 512, 1024, ...). Default 512. */
    cpu: z.number({ error: FARGATE_CPU }).default(512),
    /** Task memory, MiB; must be a valid Fargate pair with `cpu`. Default 1024. */
    memory: z.number({ error: "expected a Fargate memory size in MiB, such as 1024" }).default(1024),
    /** CPU architecture of the image: `X86_64`, or `ARM64` for Graviton (about 20% cheaper). Default `X86_64`. */
    cpuArchitecture: oneOf(["X86_64", "ARM64"]).default("X86_64"),
    /** Port the API listens on in the container. Default 8000. */
    containerPort: port("a container port").default(8000),
    /** Path the load balancer and the container health check probe. Default `/health`. */
    healthCheckPath: z
      .string()
      .regex(/^\/[^\s]*$/, { error: "expected a path starting with /" })
      .default("/health"),
    /** Tasks to run. Default 2. */
    desiredCount: wholeNumber(1, 1000, "a task count").default(2),
    /** Application log level (the app's LOG_LEVEL). Default `INFO`. */
    logLevel: oneOf(["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]).default("INFO"),
    /** Extra plain environment variables for the container; never put secrets here. Default none. */
    environment: plainVariables(MANAGED_ENVIRONMENT_VARIABLES).default({}),
    /** The container's own health check (the load balancer's uses `healthCheckPath`). */
    healthCheck: healthCheckSchema.prefault({}),
    /** Target-tracking autoscaling of the service's task count. */
    scaling: scalingSchema.prefault({}),
    /** Fargate Spot for the tasks above a regular base (the guide's cost tip for non-critical environments). */
    spot: spotSchema.prefault({}),
  })
  .superRefine((service, ctx) => {
    const memories = FARGATE_MEMORY_BY_CPU[service.cpu];
    if (memories === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["cpu"],
        message: `${FARGATE_CPU}, got ${service.cpu}`,
      });
    } else if (!memories.includes(service.memory)) {
      ctx.addIssue({
        code: "custom",
        path: ["memory"],
        message: `${service.memory} MiB is not a Fargate size for ${service.cpu} CPU units; expected one of ${memories.join(", ")}`,
      });
    }
    const { minCount, maxCount } = service.scaling;
    if (minCount > maxCount) {
      ctx.addIssue({ code: "custom", path: ["scaling", "minCount"], message: `expected at most maxCount (${maxCount}), got ${minCount}` });
    } else if (service.desiredCount > maxCount || service.desiredCount < minCount) {
      ctx.addIssue({
        code: "custom",
        path: ["desiredCount"],
        message: `expected a count from scaling.minCount (${minCount}) to scaling.maxCount (${maxCount}), got ${service.desiredCount}`,
      });
    }
  });

const applicationSchema = z.strictObject({
  /** Aleo network (ALEO_NETWORK). Default `testnet3`. */
  aleoNetwork: z.string().min(1).default("testnet3"),
  /** CONTRACT_ADDRESS_AGENT_REGISTRY. Default `agent_registry_simple.aleo`. */
  agentRegistryContract: z.string().min(1).default("agent_registry_simple.aleo"),
  /** CONTRACT_ADDRESS_TRUST_VERIFIER. Default `trust_verifier_test.aleo`. */
  trustVerifierContract: z.string().min(1).default("trust_verifier_test.aleo"),
});

const databaseSchema = z.strictObject({
  /** PostgreSQL major version. Default `17`. */
  engineVersion: oneOf(POSTGRES_MAJOR_VERSIONS).default("17"),
  /** Instance class. Default `db.t3.small`. */
  instanceClass: z
    .string()
    .regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, { error: "expected an RDS instance class such as db.t3.small" })
    .default("db.t3.small"),
  /** Storage, GiB (gp3). Default 100. */
  allocatedStorageGb: wholeNumber(20, 65536, "a size in GiB").default(100),
  /** Standby in a second zone. Default true. */
  multiAz: z.boolean().default(true),
  /** Database name. Default `trustwrapper`. */
  name: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,62}$/, { error: "expected a database name: lower case letter, then letters, digits or _" })
    .default("trustwrapper"),
  /** Master user name (its password is managed by RDS in Secrets Manager). Default `trustwrapper`. */
  masterUsername: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,62}$/, { error: "expected a user name: lower case letter, then letters, digits or _" })
    .refine((name) => !["postgres", "rdsadmin", "user", "admin"].includes(name), { error: "expected a user name that PostgreSQL/RDS does not reserve" })
    .default("trustwrapper"),
  /** Days of automated backups. Default 7. */
  backupRetentionDays: wholeNumber(1, 35, "a number of days").default(7),
  /** Days between rotations of the RDS-managed master password. Default 7 (the RDS default). */
  passwordRotationDays: wholeNumber(1, 365, "a number of days").default(7),
  /** Refuse `terraform destroy`. Default true in prod, false elsewhere. */
  deletionProtection: z.boolean().optional(),
  /** Take a snapshot before deletion. Default true in prod, false elsewhere. */
  finalSnapshot: z.boolean().optional(),
});

const cacheSchema = z.strictObject({
  /** Node type. Default `cache.t3.micro`. */
  nodeType: z
    .string()
    .regex(/^cache\.[a-z0-9]+\.[a-z0-9]+$/, { error: "expected an ElastiCache node type such as cache.t3.micro" })
    .default("cache.t3.micro"),
  /**
   * How the app authenticates to Redis. `tls`: TLS in transit and no AUTH (the security group is
   * the access control), so a plain `redis.from_url(REDIS_URL)` connects; `iam`: as the user
   * `REDIS_USERNAME` with a short-lived IAM token the app signs itself (docs/operations.md "Redis
   * authentication"). Switching is an in-place update. Default `tls`.
   */
  auth: oneOf(CACHE_AUTH_MODES).default("tls"),
  /** Redis engine version; 7.0 or later (IAM authentication). Default `7.1`. */
  engineVersion: oneOf(["7.0", "7.1"]).default("7.1"),
  /** Nodes (1 primary + replicas); 2 or more enables automatic failover across zones. Default 1. */
  nodes: wholeNumber(1, 6, "a node count").default(1),
  /** Days of daily snapshots. Default 1. */
  snapshotRetentionDays: wholeNumber(0, 35, "a number of days").default(1),
});

const secretsSchema = z.strictObject({
  /**
   * Name of the Secrets Manager secret with the AI-provider and Aleo keys. Default
   * `<project>/<environment>/api-keys` (e.g. `trustwrapper/prod/api-keys`), so that stacks in one
   * account and region do not share it; before 2026-12 the default was `trustwrapper/api-keys`.
   */
  apiKeysSecretName: z
    .string()
    .regex(/^[A-Za-z0-9/_+=.@-]{1,512}$/, { error: "expected a Secrets Manager name (letters, digits, /_+=.@-)" })
    .optional(),
  /** ARN of a secret that already exists (encrypted with the stack's key or the AWS-managed key), adopted instead of creating `apiKeysSecretName`. Default none. */
  existingApiKeysSecretArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/, { error: "expected a Secrets Manager secret ARN" })
    .optional(),
  /** JSON keys of that secret, each injected as an environment variable of the same name. */
  apiKeys: z.array(envName).min(1).default(["ANTHROPIC_API_KEY", "GOOGLE_API_KEY", "ALEO_PRIVATE_KEY"]),
});

const artifactsSchema = z.strictObject({
  /** Days before objects move to Standard-IA. Default 30. */
  infrequentAccessAfterDays: wholeNumber(30, 3650, "a number of days").default(30),
  /** Days before objects move to Glacier Instant Retrieval. Default 90. */
  glacierAfterDays: wholeNumber(60, 3650, "a number of days").default(90),
  /** Days before old (non-current) versions are deleted. Default 90. */
  noncurrentVersionExpirationDays: wholeNumber(1, 3650, "a number of days").default(90),
});

const encryptionSchema = z.strictObject({
  /**
   * ARN of a customer-managed KMS key you already run, used instead of creating the stack's
   * key; its policy must let CloudWatch Logs, alarms and EventBridge use it. Default none.
   */
  existingKmsKeyArn: z
    .string()
    // The key ID is a UUID v4, or mrk-<32 hex> for a multi-Region key (as the AWS provider checks).
    .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/, {
      error: "expected a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key id>)",
    })
    .optional(),
});

const importSchema = z.strictObject({
  /** The resource to adopt: its construct path (`database/instance`) or Terraform address, as in `addresses/*.txt`. */
  resource: z.string().min(1),
  /** Its ID in AWS, in the form `terraform import` takes for that resource type (e.g. the DB identifier). */
  id: z.string().min(1),
});

const deploymentSchema = z.strictObject({
  /** The deployment's environment profile. Required. */
  environment: oneOf(ENVIRONMENTS),
  /** Its region. Default the file's `region`. */
  region: awsRegion.optional(),
  /** Its AWS account (replaces the file's `account` as a whole). Default the file's `account`. */
  account: accountSchema.optional(),
  /** Options of this deployment that differ from the rest of the file, e.g. `{service: {cpu: 256, memory: 512}}`. Default none. */
  overrides: z.record(z.string(), z.unknown()).optional(),
});

const budgetSchema = z.strictObject({
  /**
   * An AWS Budgets monthly cost budget that e-mails observability.alarmEmail at 80% and 100% of
   * the amount: of the whole account where `account` pins the stack (one account per
   * environment), else of the costs tagged with the project (activate the `Project` cost
   * allocation tag). Default false.
   */
  enabled: z.boolean().default(false),
  /** Monthly amount, USD. Default the stack's own cost estimate (`npm run cost`) rounded up to whole dollars. */
  monthlyUsd: z
    .number({ error: "expected an amount in USD" })
    .positive({ error: "expected an amount in USD above 0" })
    .max(1e9, { error: "expected an amount in USD up to 1000000000" })
    .optional(),
});

const observabilitySchema = z.strictObject({
  /** E-mail address subscribed to the alarm topic. Default none. */
  alarmEmail: z.email({ error: "expected an e-mail address" }).optional(),
  /** A monthly budget with alerts (the guide's billing alerts). */
  budget: budgetSchema.prefault({}),
  /** CloudWatch Logs retention, days. Default 365 in prod, 30 elsewhere. */
  logRetentionDays: z
    .union(
      [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653].map((d) => z.literal(d)),
      { error: "expected a CloudWatch retention: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653" },
    )
    .optional(),
});

const policyExceptionSchema = z.strictObject({
  /** The rule id the synth-time policy check printed, e.g. `TW-PROD1`. */
  rule: oneOf(POLICY_RULE_IDS),
  /** The resource it named: construct path (`database/instance`) or Terraform address, as in addresses/*.txt. */
  resource: z.string().min(1),
  /** Why the deployment accepts it: kept in the configuration for reviewers. */
  reason: z.string().min(20, { error: "expected a reason of at least 20 characters: why this deployment accepts the finding" }),
});

const policySchema = z.strictObject({
  /** Policy violations this deployment accepts, each with its reason. Default none. */
  exceptions: z.array(policyExceptionSchema).default([]),
});

/** Usage the cost estimate (`npm run cost`) assumes; nothing here changes the deployed resources. */
const estimateSchema = z.strictObject({
  /** Average load-balancer capacity units used, around the clock. Default 1. */
  albLcu: z.number().min(0).max(10000).default(1),
  /** GB a month through the NAT gateways (image pulls, AWS API and AI-provider calls). Default 50. */
  natDataGb: z.number().min(0).max(10_000_000).default(50),
  /** GB a month sent to the internet, through CloudFront where the stack has it (the guide assumes 100). Default 100. */
  dataTransferOutGb: z.number().min(0).max(10_000_000).default(100),
  /** GB of CloudWatch Logs ingested a month, all log groups together. Default 20. */
  logsIngestedGb: z.number().min(0).max(10_000_000).default(20),
  /** GB kept in the artifacts bucket (S3 Standard). Default 10. */
  s3StorageGb: z.number().min(0).max(10_000_000).default(10),
  /** API requests a month (API Gateway, Lambda, DynamoDB, CloudFront, WAF lines). Default 1000000. */
  requestsPerMonth: wholeNumber(0, 1e12, "a request count").default(1_000_000),
  /** Average Lambda duration per request, milliseconds. Default 200. */
  lambdaDurationMs: wholeNumber(1, 900_000, "a number of milliseconds").default(200),
  /** DynamoDB write request units per API request. Default 1. */
  dynamodbWritesPerRequest: z.number().min(0).max(1000).default(1),
  /** DynamoDB read request units per API request. Default 2. */
  dynamodbReadsPerRequest: z.number().min(0).max(1000).default(2),
  /** GB stored in DynamoDB. Default 1. */
  dynamodbStorageGb: z.number().min(0).max(10_000_000).default(1),
});

const baseSchema = z.strictObject({
  /** Project name, prefix of every resource name. Default `trustwrapper`. */
  project: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,18}[a-z0-9]$/, { error: "expected 3-20 lower-case letters, digits or -, starting with a letter" })
    .default("trustwrapper"),
  /** Deployment environment profile: dev, staging or prod. Default `prod`. */
  environment: oneOf(ENVIRONMENTS).default("prod"),
  /** AWS region. Default `us-east-1`. */
  region: awsRegion.default("us-east-1"),
  /** The AWS account of the stack, and a role to assume in it. Default none: any account the credentials reach. */
  account: accountSchema.optional(),
  /**
   * Which of the guide's architectures to build: `container` (ALB, ECS Fargate, RDS, Redis),
   * `serverless` (API Gateway, Lambda, DynamoDB) or `hybrid` (CloudFront in front of both).
   * Default `container`.
   */
  architecture: oneOf(ARCHITECTURES).default("container"),
  /** Cost centre, set as the `CostCenter` tag on every taggable resource. Default none. */
  costCenter: z
    .string()
    .regex(/^[\w .:/=+@-]{1,256}$/, { error: "expected a tag value (letters, digits, spaces and _ . : / = + - @)" })
    .optional(),
  /** Extra tags for every resource. Default none. */
  tags: z.record(z.string().min(1).max(128), z.string().max(256)).default({}),
  /** Where Terraform keeps the state: `local` (default), `s3` or `cloud` (Terraform Cloud). */
  backend: backendSchema.prefault({ type: "local" }),
  /** The VPC: its range, zones, NAT gateways and endpoints, or a VPC you already run (container and hybrid). */
  network: networkSchema.prefault({}),
  /** The API's public name and its Route53 zone (and optionally your certificate). Default `trustwrapper.yourdomain.com` in the zone `yourdomain.com`: set it to a zone you own. */
  domain: domainSchema.default({ name: "trustwrapper.yourdomain.com", hostedZoneName: "yourdomain.com" }),
  /** The ECS Fargate service that runs the TrustWrapper API container (container and hybrid). */
  service: serviceSchema.prefault({}),
  /** Settings the app reads from its environment: the Aleo network and contracts. */
  application: applicationSchema.prefault({}),
  /** The RDS PostgreSQL database (container and hybrid). */
  database: databaseSchema.prefault({}),
  /** The ElastiCache Redis replication group (container and hybrid). */
  cache: cacheSchema.prefault({}),
  /** The Secrets Manager secret with the AI-provider and Aleo keys, created empty, and the keys injected from it. */
  secrets: secretsSchema.prefault({}),
  /** Lifecycle of the app's artifacts bucket (`S3_BUCKET`). */
  artifacts: artifactsSchema.prefault({}),
  /** The stack's KMS key: created with rotation, or one you already run. */
  encryption: encryptionSchema.prefault({}),
  /**
   * Several stacks from one file: one per entry, each the rest of this file with the entry's
   * environment, region and overrides. Default none: one stack, from `environment` and `region`.
   */
  deployments: z.array(deploymentSchema).default([]),
  /** Resources that already exist in AWS, adopted by the next apply through import blocks. Default none. */
  imports: z.array(importSchema).default([]),
  /** Alarm notifications and log retention. */
  observability: observabilitySchema.prefault({}),
  /** The synth-time policy checks (docs/security.md): exceptions acknowledged with a reason. */
  policy: policySchema.prefault({}),
  /** The API Gateway, Lambda function and DynamoDB table of the serverless and hybrid architectures. */
  serverless: serverlessSchema.prefault({}),
  /** CloudFront, its web ACL and the routing of the hybrid architecture. */
  hybrid: hybridSchema.prefault({}),
  /** The WAF web ACL on the load balancer (container and hybrid architectures). */
  loadBalancerWebAcl: loadBalancerWebAclSchema.prefault({}),
  /** Usage assumed by `npm run cost`. Defaults: see each option. */
  estimate: estimateSchema.prefault({}),
});

export const configSchema = baseSchema
  .superRefine((config, ctx) => {
    if (config.architecture !== "container" && config.serverless.function.code === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["serverless", "function", "code"],
        message: `missing: the ${config.architecture} architecture needs the app's Lambda code (s3Bucket and s3Key, or imageUri)`,
      });
    }
    if (config.architecture !== "serverless" && config.serverless.api.customDomain) {
      ctx.addIssue({
        code: "custom",
        path: ["serverless", "api", "customDomain"],
        message: `the ${config.architecture} architecture serves domain.name from ${config.architecture === "hybrid" ? "CloudFront" : "the load balancer"}; a custom API Gateway domain is for the serverless architecture only`,
      });
    }
    for (const { path, problem } of arnProblems(config)) ctx.addIssue({ code: "custom", path, message: problem });
    if (config.observability.budget.enabled && config.observability.alarmEmail === undefined) {
      ctx.addIssue({ code: "custom", path: ["observability", "budget", "enabled"], message: "the budget alerts by e-mail: set observability.alarmEmail too" });
    }
    const { spot } = config.service;
    if (spot.enabled && config.environment === "prod" && !spot.allowInProd) {
      ctx.addIssue({
        code: "custom",
        path: ["service", "spot", "enabled"],
        message: "Fargate Spot tasks can be stopped with two minutes' notice: refused in prod unless service.spot.allowInProd is true",
      });
    }
    const zoneIdsProblem = availabilityZoneIdsProblem(config);
    if (zoneIdsProblem !== undefined) ctx.addIssue({ code: "custom", path: ["network", "availabilityZoneIds"], message: zoneIdsProblem });
    const { infrequentAccessAfterDays, glacierAfterDays } = config.artifacts;
    if (glacierAfterDays < infrequentAccessAfterDays + 30) {
      ctx.addIssue({
        code: "custom",
        path: ["artifacts", "glacierAfterDays"],
        message: `expected at least infrequentAccessAfterDays + 30 (${infrequentAccessAfterDays + 30}), got ${glacierAfterDays}`,
      });
    }
  })
  // Names and subnet sizes follow from several fields: checked on an otherwise valid configuration only.
  .check((payload) => {
    if (payload.issues.length > 0) return;
    const config = payload.value;
    const issue = (path: string[], message: string) => payload.issues.push({ code: "custom", path, message, input: config });
    if (config.architecture !== "serverless") {
      const prefix = namePrefix(config);
      const problem = PREFIX_NAMES.map(([type, attribute]) => nameProblem(type, attribute, prefix)).find((p) => p !== undefined);
      if (problem !== undefined)
        issue(["project"], `the ${config.architecture} architecture names its database, cache and load balancer ${prefix} (<project>-<environment>), ${problem}`);
      const shortfall = config.network.existingVpc === undefined ? subnetShortfall(config) : undefined;
      if (shortfall !== undefined) issue(["network", "vpcCidr"], shortfall);
    }
    if (config.architecture === "hybrid") {
      const origin = `${config.hybrid.originSubdomain}.${config.domain.name}`;
      const problem = nameProblem("aws_acm_certificate", "domain_name", origin);
      if (problem !== undefined) issue(["hybrid", "originSubdomain"], `the load balancer's name ${origin} is ${problem}`);
    }
  })
  .transform((config) => ({
    ...config,
    secrets: { ...config.secrets, apiKeysSecretName: config.secrets.apiKeysSecretName ?? stackSecretName(config, "api-keys") },
  }));

/**
 * ARNs of resources the stack uses but does not create, whose partition and region must be able
 * to serve the stack: the services that use them take them from their own partition and region only.
 */
function arnProblems(config: z.output<typeof baseSchema>): { path: string[]; problem: string }[] {
  const { architecture, region } = config;
  const certificateUsed = architecture !== "serverless" || config.serverless.api.customDomain;
  const arns = [
    {
      path: ["domain", "certificateArn"],
      arn: certificateUsed ? config.domain.certificateArn : undefined,
      ...(architecture === "hybrid"
        ? { region: "us-east-1", wrongRegion: (got: string) => `CloudFront takes certificates from us-east-1 only, got one from ${got}` }
        : {
            region,
            wrongRegion: (got: string) =>
              `the ${architecture === "container" ? "load balancer" : "regional API Gateway domain"} takes certificates from its own region only: expected one in ${region}, got one in ${got}`,
          }),
    },
    {
      path: ["encryption", "existingKmsKeyArn"],
      arn: config.encryption.existingKmsKeyArn,
      region,
      wrongRegion: (got: string) => `a KMS key serves its own region only: expected a key in ${region}, got one in ${got}`,
    },
    {
      path: ["secrets", "existingApiKeysSecretArn"],
      arn: config.secrets.existingApiKeysSecretArn,
      region,
      // The stack's key encrypts it, the tasks and the function read it through their region's endpoint, and its change events arrive in its region only.
      wrongRegion: (got: string) => `expected a secret in the stack's region ${region} (its key, readers and change events are regional), got one in ${got}`,
    },
  ];
  const partition = partitionOf(region);
  return arns.flatMap(({ path, arn, region: expected, wrongRegion }) => {
    // A malformed ARN has its own error, from the field's pattern.
    if (arn === undefined || !arn.startsWith("arn:")) return [];
    const [, arnPartition, , arnRegion] = arn.split(":");
    if (arnPartition !== partition) return [{ path, problem: `expected an ARN of the ${partition} partition (the region ${region}'s), got one of ${arnPartition}` }];
    return arnRegion === expected ? [] : [{ path, problem: wrongRegion(arnRegion) }];
  });
}

/** `<project>/<environment>/<name>`, e.g. `trustwrapper/prod/api-keys`: a secret of one stack, apart from every other project's and environment's. */
export function stackSecretName(config: { readonly project: string; readonly environment: string }, name: string): string {
  return `${config.project}/${config.environment}/${name}`;
}

/** `<project>-<environment>`, e.g. `trustwrapper-prod`: the prefix of resource names. */
export function namePrefix(config: { readonly project: string; readonly environment: string }): string {
  return `${config.project}-${config.environment}`;
}

/** Names that are the bare name prefix, in the architectures with a VPC: AWS's rules for them must hold for the project. */
const PREFIX_NAMES: ReadonlyArray<readonly [string, string]> = [
  ["aws_db_instance", "identifier"],
  ["aws_elasticache_replication_group", "replication_group_id"],
  ["aws_lb", "name"],
  ["aws_security_group", "name"],
];

/** Why network.availabilityZoneIds does not fit the rest of the configuration, or undefined. */
function availabilityZoneIdsProblem(config: z.output<typeof baseSchema>): string | undefined {
  const { availabilityZoneIds: ids, availabilityZones, existingVpc } = config.network;
  // A malformed ID has its own error already.
  if (ids === undefined || !ids.every((id) => AVAILABILITY_ZONE_ID.test(id))) return undefined;
  if (existingVpc !== undefined) return "not used with existingVpc (its subnets are already in their zones): remove one of the two";
  if (ids.length !== availabilityZones) return `expected ${availabilityZones} zone IDs (network.availabilityZones), got ${ids.length}`;
  const prefix = zoneIdPrefix(config.region);
  const foreign = prefix === undefined ? undefined : ids.find((id) => !id.startsWith(`${prefix}-az`));
  if (foreign !== undefined) return `${foreign} is not a zone of ${config.region} (its zone IDs are ${prefix}-az1, ${prefix}-az2, ...)`;
  return undefined;
}

/** AWS reserves the first four addresses and the last one of every subnet. */
const RESERVED_ADDRESSES_PER_SUBNET = 5;
/** An Application Load Balancer needs subnets of at least /27 (with 8 free addresses, which a /27 keeps beside a NAT gateway). */
const LOAD_BALANCER_MAX_PREFIX = 27;

/**
 * Why the VPC's subnets cannot hold the service, or undefined. The public subnets hold the load
 * balancer (and a NAT gateway); each private subnet its share of the tasks at scaling.maxCount
 * during a deployment (ECS starts the new tasks before stopping the old: maximumPercent 200,
 * each Fargate task one address, spread over the zones), a database instance (the primary or
 * its standby) and its share of the cache nodes.
 */
function subnetShortfall(config: z.output<typeof baseSchema>): string | undefined {
  const { vpcCidr, availabilityZones: zones } = config.network;
  const layout = subnetLayout(vpcCidr, zones);
  const size = prefixLength(layout.public[0]);
  const usable = 2 ** (32 - size) - RESERVED_ADDRESSES_PER_SUBNET;
  const yields = `${vpcCidr} yields /${size} subnets of ${usable} usable addresses each`;
  if (size > LOAD_BALANCER_MAX_PREFIX) {
    return `${yields}; the load balancer needs public subnets of /${LOAD_BALANCER_MAX_PREFIX} or larger (a VPC of /${LOAD_BALANCER_MAX_PREFIX - (size - prefixLength(vpcCidr))} or larger)`;
  }
  const { maxCount } = config.service.scaling;
  const tasks = Math.ceil((2 * maxCount) / zones);
  const cacheNodes = Math.ceil(config.cache.nodes / zones);
  const needed = tasks + 1 + cacheNodes;
  if (usable < needed) {
    return `${yields}; each private subnet must hold ${needed}: ${tasks} tasks (2 × service.scaling.maxCount ${maxCount} during a deployment, over ${zones} zones), 1 database instance and ${cacheNodes} cache node(s)`;
  }
  return undefined;
}

/** The configuration after defaults: what every stack and construct receives. */
export type TrustWrapperConfig = z.output<typeof configSchema>;
export type EstimateAssumptions = z.output<typeof estimateSchema>;
export type ImportConfig = z.output<typeof importSchema>;
/** What a user may write in the configuration file. */
export type TrustWrapperConfigInput = z.input<typeof configSchema>;
