import fc from "fast-check";
import { Testing } from "cdktf";
import { buildStacks } from "../src/stacks/build";
import { parseDeployments } from "../src/config/deployments";
import { ARCHITECTURES, ENVIRONMENTS, TrustWrapperConfigInput } from "../src/config/schema";
import { partitionOf } from "../src/config/aws-environment";
import { checkPolicies, PolicyViolationError } from "../src/policy/validation";
import { breakage, NUM_RUNS, validConfig } from "./config-arbitraries";

/**
 * Property-based tests over the configuration: every valid configuration synthesizes and passes
 * the policy checks (or, where it turns a prod protection off, fails exactly the rule that says
 * so until it acknowledges it), and every invalid one gets an error naming the field, with no
 * stack trace and no output. Synthesis is in-process; run counts are kept small for speed. The
 * same invalid configurations through the app command: integration/app-command.test.ts.
 */

/**
 * The construct paths TW-PROD1 must name for the prod protections a configuration turns off:
 * the database's (container and hybrid) and the DynamoDB table's (serverless and hybrid).
 */
function prodProtectionsOff(input: TrustWrapperConfigInput): string[] {
  if ((input.environment ?? "prod") !== "prod") return [];
  const architecture = input.architecture ?? "container";
  const database = architecture !== "serverless" && (input.database?.deletionProtection === false || input.database?.finalSnapshot === false);
  const table = architecture !== "container" && input.serverless?.table?.deletionProtection === false;
  return [...(database ? ["database/instance"] : []), ...(table ? ["verifications/table"] : [])];
}

/** What every stack of an architecture has. */
const CORE_TYPES: Record<string, string[]> = {
  container: ["aws_ecs_service", "aws_db_instance", "aws_elasticache_replication_group"],
  serverless: ["aws_lambda_function", "aws_api_gateway_rest_api", "aws_dynamodb_table"],
  hybrid: ["aws_cloudfront_distribution", "aws_wafv2_web_acl", "aws_lambda_function", "aws_ecs_service"],
};

/** The stack of a configuration the test knows to be valid (fails the test when it is refused). */
function stackOf(input: TrustWrapperConfigInput) {
  const parsed = parseDeployments(input);
  if (!parsed.ok) throw new Error(`valid configuration refused: ${parsed.errors.join("; ")}`);
  const [stack] = buildStacks(Testing.app(), parsed.configs);
  return { stack, config: parsed.configs[0] };
}

describe("every valid configuration", () => {
  it("synthesizes and passes the policy checks (prod protections turned off fail TW-PROD1 until acknowledged)", () => {
    fc.assert(
      fc.property(validConfig, (input) => {
        const { stack, config } = stackOf(input);
        const unprotected = prodProtectionsOff(input);
        if (unprotected.length === 0) {
          const json = JSON.parse(Testing.synth(stack, true));
          expect(Object.keys(json.resource)).toEqual(expect.arrayContaining(CORE_TYPES[config.architecture]));
          return;
        }
        let error: unknown;
        try {
          Testing.synth(stack, true);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(PolicyViolationError);
        const lines = (error as PolicyViolationError).lines;
        expect(lines.length).toBeGreaterThan(0);
        for (const line of lines) expect(line).toMatch(/^TW-PROD1 \S+: aws_(db_instance|dynamodb_table)\.\S+ \((database\/instance|verifications\/table)\): .+\. Fix: /);
        expect([...new Set(lines.map((l) => /\(([^)]+)\)/.exec(l)![1]))].sort()).toEqual([...unprotected].sort());
        const acknowledged = parseDeployments({
          ...input,
          policy: { exceptions: unprotected.map((resource) => ({ rule: "TW-PROD1", resource, reason: "property test: accepted for this deployment" })) },
        });
        if (!acknowledged.ok) throw new Error(acknowledged.errors.join("; "));
        const [again] = buildStacks(Testing.app(), acknowledged.configs);
        expect(() => Testing.synth(again, true)).not.toThrow();
      }),
      {
        numRuns: NUM_RUNS,
        // Each way of turning a prod protection off, and the same in dev, are always among the runs.
        examples: [
          [{ environment: "prod", database: { finalSnapshot: false } }],
          [{ environment: "prod", database: { deletionProtection: false } }],
          [{ environment: "dev", database: { deletionProtection: false, finalSnapshot: false } }],
          [
            {
              architecture: "serverless",
              environment: "prod",
              serverless: { function: { code: { s3Bucket: "code-bucket", s3Key: "app.zip" } }, table: { deletionProtection: false } },
            },
          ],
          [
            {
              architecture: "hybrid",
              environment: "prod",
              database: { finalSnapshot: false },
              serverless: { function: { code: { s3Bucket: "code-bucket", s3Key: "app.zip" } }, table: { deletionProtection: false } },
            },
          ],
        ],
      },
    );
  });
});

describe("every invalid configuration", () => {
  it("gets an error line naming the broken field, and nothing else of the file is reported as broken", () => {
    fc.assert(
      fc.property(validConfig, breakage, (valid, broken) => {
        const input = structuredClone(valid) as Record<string, any>;
        broken.apply(input);
        const result = parseDeployments(input);
        expect(result.ok).toBe(false);
        if (result.ok) return;
        for (const line of result.errors) {
          expect(line).not.toMatch(/\n|\s+at \S+ \(/); // one line each, no stack trace
          expect(line).toMatch(new RegExp(`^${broken.field.replace(/\./g, "\\.")}(\\.|:)`));
        }
      }),
      { numRuns: NUM_RUNS * 5 },
    );
  });
});

/** The longest (and shortest) value of every option that goes into a resource name, and the bring-your-own variants. */
const LONGEST_PROJECT = "abcdefghij-klmnopqrs";
const LONGEST_REGION = "ap-southeast-7";
const boundaryNames: fc.Arbitrary<TrustWrapperConfigInput> = fc
  .record({
    architecture: fc.constantFrom(...ARCHITECTURES),
    project: fc.oneof(fc.constant(LONGEST_PROJECT), fc.stringMatching(/^[a-z][a-z0-9]{18}[a-z0-9]$/), fc.constant("abc")),
    environment: fc.constantFrom(...ENVIRONMENTS),
    // The longest region name (14 characters, the most the schema accepts), GovCloud and China.
    region: fc.constantFrom(LONGEST_REGION, "us-gov-west-1", "cn-northwest-1", "us-east-1"),
    hybrid: fc.record({ originSubdomain: fc.constantFrom("o".repeat(63), "origin") }),
    database: fc.record({ name: fc.constantFrom(`d${"b".repeat(62)}`, "trustwrapper"), masterUsername: fc.constantFrom(`u${"s".repeat(62)}`, "trustwrapper") }),
    serverless: fc.record({
      function: fc.record({ code: fc.constant({ s3Bucket: "code-bucket", s3Key: "app.zip" }), warmup: fc.constant({}) }),
      api: fc.record({ stageName: fc.constantFrom("s".repeat(128), "v1"), manageAccountLoggingRole: fc.boolean() }),
    }),
    // Bring your own: VPC, secret and key, or all created.
    network: fc.constantFrom(
      {},
      {
        existingVpc: {
          vpcId: "vpc-0123456789abcdef0",
          publicSubnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"],
          privateSubnetIds: ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"],
        },
      },
    ),
    // In the stack's partition and region (the configuration refuses others): filled in below.
    secrets: fc.constantFrom({}, { existingApiKeysSecretArn: "arn:{partition}:secretsmanager:{region}:111122223333:secret:shared/keys-AbCdEf" }),
    encryption: fc.constantFrom({}, { existingKmsKeyArn: "arn:{partition}:kms:{region}:111122223333:key/0a1b2c3d-aaaa-4bbb-9ccc-ddddeeeeffff" }),
  })
  .map((input) =>
    JSON.parse(JSON.stringify(input).replaceAll("{partition}", partitionOf(input.region)).replaceAll("{region}", input.region)),
  ) as fc.Arbitrary<TrustWrapperConfigInput>;

describe("every name a valid configuration builds", () => {
  it("fits AWS's limits (TW-NAME1 finds nothing), at the longest value of every option that goes into a name", () => {
    fc.assert(
      fc.property(boundaryNames, (input) => {
        const json = JSON.parse(Testing.synth(stackOf(input).stack, true));
        const names = checkPolicies(json, { prod: false }, []).violations.filter((v) => v.rule === "TW-NAME1");
        expect(names.map((v) => `${v.address}: ${v.problem}`)).toEqual([]);
      }),
      {
        numRuns: NUM_RUNS,
        // The longest names of each architecture are always among the runs.
        examples: ARCHITECTURES.map((architecture): [TrustWrapperConfigInput] => [
          {
            architecture,
            project: LONGEST_PROJECT,
            environment: "staging",
            region: LONGEST_REGION,
            hybrid: { originSubdomain: "o".repeat(63) },
            serverless: { function: { code: { s3Bucket: "code-bucket", s3Key: "app.zip" }, warmup: {} }, api: { stageName: "s".repeat(128) } },
          },
        ]),
      },
    );
  });
});
