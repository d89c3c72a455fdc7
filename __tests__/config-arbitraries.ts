import fc from "fast-check";
import { ARCHITECTURES, FARGATE_MEMORY_BY_CPU, POSTGRES_MAJOR_VERSIONS, TrustWrapperConfigInput } from "../src/config/schema";
import { LAMBDA_PYTHON_RUNTIMES } from "../src/config/serverless-schema";
import { SECRET_LOOKING_NAME } from "../src/policy/names";

/**
 * The fast-check arbitraries of the property tests over the configuration: valid configuration
 * files, and ways to break one option of them. config-properties.test.ts checks them in process,
 * integration/app-command.test.ts through the app command.
 */

/** The run count of the property tests (`PROPERTY_RUNS`, default 20). */
export const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 20);

// Up to /22: its /26 subnets hold every service the generator draws (40 tasks at most, twice during a deployment, over 2 zones).
const cidr = fc.tuple(fc.constantFrom(10, 172, 192), fc.integer({ min: 16, max: 22 }), fc.integer({ min: 0, max: 255 })).map(([first, prefix, second]) => {
  const address = first === 10 ? [10, second, 0, 0] : first === 172 ? [172, 16 + (second % 16), 0, 0] : [192, 168, 0, 0];
  // Zero the host bits so that the range is its own network address.
  const value = (((address[0] << 24) | (address[1] << 16)) >>> 0) & ((0xffffffff << (32 - prefix)) >>> 0);
  return `${[24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join(".")}/${prefix}`;
});

const fargateSize = fc
  .constantFrom(...Object.keys(FARGATE_MEMORY_BY_CPU).map(Number))
  .chain((cpu) => fc.constantFrom(...FARGATE_MEMORY_BY_CPU[cpu]).map((memory) => ({ cpu, memory })));

const plainVariableName = fc
  .stringMatching(/^[A-Z][A-Z0-9_]{0,15}$/)
  .filter(
    (name) => !SECRET_LOOKING_NAME.test(name) && !/^(ENVIRONMENT|API_PORT|LOG_LEVEL|AWS_REGION|ALEO_NETWORK|S3_BUCKET|REDIS_|DB_|DATABASE_URL|PG|CONTRACT_|CLOUDWATCH_)/.test(name),
  );

const scaling = fc
  .tuple(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 20 }))
  .chain(([minCount, extra]) => fc.integer({ min: minCount, max: minCount + extra }).map((desiredCount) => ({ minCount, maxCount: minCount + extra, desiredCount })));

const functionCode = fc.oneof(
  fc.record({ s3Bucket: fc.stringMatching(/^[a-z0-9][a-z0-9-]{2,20}[a-z0-9]$/), s3Key: fc.stringMatching(/^[a-z0-9/_.-]{1,30}\.zip$/) }),
  fc.constantFrom("us-east-1", "eu-west-1").map((r) => ({ imageUri: `111122223333.dkr.ecr.${r}.amazonaws.com/trustwrapper:1.0` })),
);

/** The serverless and hybrid sections (code is required by those two architectures, ignored by the container one). */
const serverless = fc.record({
  function: fc.record(
    {
      code: functionCode,
      runtime: fc.constantFrom(...LAMBDA_PYTHON_RUNTIMES),
      memoryMb: fc.integer({ min: 128, max: 10240 }),
      timeoutSeconds: fc.integer({ min: 1, max: 900 }),
      architecture: fc.constantFrom("x86_64", "arm64"),
      reservedConcurrency: fc.integer({ min: 1, max: 1000 }),
      environment: fc.dictionary(plainVariableName, fc.stringMatching(/^[a-z0-9.-]{1,12}$/), { maxKeys: 3 }),
      warmup: fc.constantFrom({ schedule: "rate(5 minutes)" }, { schedule: "rate(1 hour)" }, { schedule: "cron(0/10 * * * ? *)" }),
    },
    { requiredKeys: ["code"] },
  ),
  api: fc.record({ throttlingRateLimit: fc.integer({ min: 1, max: 10_000 }), throttlingBurstLimit: fc.integer({ min: 1, max: 10_000 }) }, { requiredKeys: [] }),
  table: fc.record({ deletionProtection: fc.option(fc.boolean(), { nil: undefined }) }),
});
const hybrid = fc.record(
  {
    heavyPathPatterns: fc.uniqueArray(fc.constantFrom("/verify*", "/batch/*", "/reports*", "/v2/verify"), { minLength: 1, maxLength: 3 }),
    wafRateLimit: fc.integer({ min: 10, max: 100_000 }),
    priceClass: fc.constantFrom("PriceClass_100", "PriceClass_200", "PriceClass_All"),
    accessLogRetentionDays: fc.integer({ min: 1, max: 3650 }),
  },
  { requiredKeys: [] },
);

/** Configuration files that the schema accepts: every architecture and section, with values from the whole valid range. */
export const validConfig: fc.Arbitrary<TrustWrapperConfigInput> = fc.record(
  {
    architecture: fc.constantFrom(...ARCHITECTURES),
    serverless,
    hybrid,
    // Without what RDS, ElastiCache, load balancer and security group names refuse (tested in config.test.ts).
    project: fc.stringMatching(/^[a-z][a-z0-9-]{1,18}[a-z0-9]$/).filter((p) => !p.includes("--") && !/^(internal|sg)-/.test(p)),
    environment: fc.constantFrom("dev", "staging", "prod"),
    region: fc.constantFrom("us-east-1", "eu-west-1", "ap-southeast-7"),
    network: fc.record({
      vpcCidr: cidr,
      availabilityZones: fc.integer({ min: 2, max: 4 }),
      natGateways: fc.constantFrom("single", "perAz"),
      s3GatewayEndpoint: fc.boolean(),
    }),
    service: fc
      .record({
        size: fargateSize,
        scaling,
        cpuArchitecture: fc.constantFrom("X86_64", "ARM64"),
        port: fc.integer({ min: 1024, max: 65535 }),
        env: fc.dictionary(plainVariableName, fc.stringMatching(/^[a-z0-9.-]{1,12}$/), { maxKeys: 3 }),
      })
      .map(({ size, scaling: { minCount, maxCount, desiredCount }, cpuArchitecture, port, env }) => ({
        ...size,
        cpuArchitecture,
        containerPort: port,
        desiredCount,
        scaling: { minCount, maxCount },
        environment: env,
      })),
    database: fc.record(
      {
        engineVersion: fc.constantFrom(...POSTGRES_MAJOR_VERSIONS),
        instanceClass: fc.constantFrom("db.t3.small", "db.t4g.micro", "db.m7g.large"),
        allocatedStorageGb: fc.integer({ min: 20, max: 1000 }),
        multiAz: fc.boolean(),
        backupRetentionDays: fc.integer({ min: 1, max: 35 }),
        deletionProtection: fc.option(fc.boolean(), { nil: undefined }),
        finalSnapshot: fc.option(fc.boolean(), { nil: undefined }),
      },
      { requiredKeys: ["engineVersion", "instanceClass", "deletionProtection", "finalSnapshot"] },
    ),
    cache: fc.record({ nodes: fc.integer({ min: 1, max: 6 }), snapshotRetentionDays: fc.integer({ min: 0, max: 35 }), engineVersion: fc.constantFrom("7.0", "7.1") }),
    artifacts: fc
      .integer({ min: 30, max: 365 })
      .chain((ia) => fc.integer({ min: ia + 30, max: ia + 400 }).map((glacier) => ({ infrequentAccessAfterDays: ia, glacierAfterDays: glacier }))),
    observability: fc.record({ logRetentionDays: fc.constantFrom(1, 7, 30, 365, 3653) }, { requiredKeys: [] }),
    tags: fc.dictionary(fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,10}$/), fc.stringMatching(/^[a-z0-9-]{0,12}$/), { maxKeys: 2 }),
  },
  { requiredKeys: ["serverless"] },
) as fc.Arbitrary<TrustWrapperConfigInput>;

/** A way to break one option, and the field the error must name. */
export interface Breakage {
  readonly field: string;
  readonly apply: (input: Record<string, any>) => void;
}

function setPath(target: Record<string, any>, path: string[], value: unknown): void {
  const [head, ...rest] = path;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  target[head] = typeof target[head] === "object" && target[head] !== null ? { ...target[head] } : {};
  setPath(target[head], rest, value);
}

const at = (field: string, values: fc.Arbitrary<unknown>): fc.Arbitrary<Breakage> => values.map((value) => ({ field, apply: (input) => setPath(input, field.split("."), value) }));

export const breakage: fc.Arbitrary<Breakage> = fc.oneof(
  at("project", fc.constantFrom("A", "-project", "x", "a".repeat(21), 42)),
  at("environment", fc.constantFrom("production", "test", "")),
  at("region", fc.constantFrom("mars-1", "US-EAST-1", "us-east")),
  at("network.vpcCidr", fc.constantFrom("10.0.0.0/8", "10.0.0/33", "300.1.1.1/16", "10.0.1.0/16", "vpc")),
  at("network.availabilityZones", fc.oneof(fc.integer({ max: 1 }), fc.integer({ min: 5 }), fc.constant(2.5))),
  at("network.natGateways", fc.constantFrom("none", "double")),
  at(
    "service.cpu",
    fc.integer({ min: 1, max: 100_000 }).filter((cpu) => FARGATE_MEMORY_BY_CPU[cpu] === undefined),
  ),
  at("service.containerPort", fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 65536 }), fc.constant("8000"))),
  at(
    "service.environment",
    plainVariableName.map((name) => ({ [name.toLowerCase().replace(/^[^a-z]/, "x")]: "value" })),
  ),
  fc.constantFrom("DB_PASSWORD_OVERRIDE", "STRIPE_SECRET", "GITHUB_TOKEN", "OPENAI_API_KEY").map((name) => ({
    field: `service.environment.${name}`,
    apply: (input: Record<string, any>) => setPath(input, ["service", "environment"], { ...input.service?.environment, [name]: "value" }),
  })),
  at("database.engineVersion", fc.constantFrom("13", "18", 17)),
  at("database.backupRetentionDays", fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 36 }))),
  at("database.masterUsername", fc.constantFrom("admin", "postgres", "1user", "User")),
  at("cache.nodes", fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 7 }))),
  at("observability.logRetentionDays", fc.constantFrom(2, 10, 366)),
  at("observability.alarmEmail", fc.constantFrom("ops", "ops@", "@example.com")),
  at("policy.exceptions", fc.constant([{ rule: "TW-PROD1", resource: "database/instance", reason: "short" }])).map((b) => ({ ...b, field: "policy.exceptions.0.reason" })),
  at("serverless.function.memoryMb", fc.oneof(fc.integer({ max: 127 }), fc.integer({ min: 10241 }))),
  at("serverless.function.runtime", fc.constantFrom("python3.8", "nodejs20.x")),
  at("serverless.function.code", fc.constantFrom({ s3Bucket: "b" }, { imageUri: "docker.io/trustwrapper:1" }, "s3://bucket/key.zip")),
  fc.constantFrom("SLACK_TOKEN", "DB_PASSWORD", "X_API_KEY").map((name) => ({
    field: `serverless.function.environment.${name}`,
    apply: (input: Record<string, any>) => setPath(input, ["serverless", "function", "environment"], { ...input.serverless?.function?.environment, [name]: "value" }),
  })),
  at("hybrid.heavyPathPatterns", fc.constantFrom(["verify"], ["/*"], ["/a?b"], [])),
  at("hybrid.wafRateLimit", fc.oneof(fc.integer({ max: 9 }), fc.constant(1.5))),
  at("hybrid.priceClass", fc.constantFrom("PriceClass_300", "all")),
  fc.constantFrom("replicas", "instanceCount", "vpc").map((key) => ({ field: key, apply: (input: Record<string, any>) => Object.assign(input, { [key]: 1 }) })),
);
