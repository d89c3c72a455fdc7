// How the fault run (npm run e2e:faults, docs/faults.md) reads Terraform's output after a SIGKILL:
// the resources that exist already, with the import ID the recovery uses.
import { Clients } from "../scripts/e2e/clients";
import { unaccountedIn } from "../scripts/e2e/faults/harness";
import { alreadyExisting, cutOffOperations, errorBlocks, errors, importId, signalPoint } from "../scripts/e2e/faults/interrupted";

// Terraform 1.11.4's output for a re-apply after a SIGKILL on the emulator (shortened request IDs).
const REAPPLY = `
Error: creating IAM Role (trustwrapper-prod-api-us-east-1): operation error IAM: CreateRole, https response error StatusCode: 409, RequestID: F, EntityAlreadyExists: Role with name trustwrapper-prod-api-us-east-1 already exists.

  with aws_iam_role.api-function_role_389B671B,
  on cdk.tf.json line 928, in resource.aws_iam_role.api-function_role_389B671B:
 928:       },

Error: creating SQS Queue (q): operation error SQS: CreateQueue, QueueAlreadyExists

  with aws_sqs_queue.api-function_dead-letter-queue_B0A48578,
  on cdk.tf.json line 990, in resource.aws_sqs_queue.api-function_dead-letter-queue_B0A48578:
`;

const document = {
  resource: {
    aws_iam_role: { "api-function_role_389B671B": { name: "trustwrapper-prod-api-us-east-1" } },
    aws_sqs_queue: { "api-function_dead-letter-queue_B0A48578": { name: "trustwrapper-prod-api-dlq" } },
  },
};

test("a named resource that exists already is imported by the name in the configuration", () => {
  expect(alreadyExisting(REAPPLY.split("\n\nError: creating SQS")[0], document)).toEqual([
    { address: "aws_iam_role.api-function_role_389B671B", name: "trustwrapper-prod-api-us-east-1" },
  ]);
  expect(errors(REAPPLY)).toHaveLength(2);
});

test("a type without a known import ID stops the run with what to do", () => {
  expect(() => alreadyExisting(REAPPLY, document)).toThrow(
    "aws_sqs_queue.api-function_dead-letter-queue_B0A48578 exists already and has no known import ID: recover it by hand (docs/faults.md)",
  );
});

// Terraform 1.11.4's re-apply after a SIGKILL of the hybrid stack's apply (e2e:faults, 2026-12-01, shortened request IDs).
const HYBRID_REAPPLY = `
Error: creating CloudFront Response Headers Policy (trustwrapper-prod-us-east-1-edge-security-headers): operation error CloudFront: CreateResponseHeadersPolicy, https response error StatusCode: 409, RequestID: K, ResponseHeadersPolicyAlreadyExists: A response headers policy with this name already exists.

  with aws_cloudfront_response_headers_policy.edge_response-headers-policy_85C5219A,
  on cdk.tf.json line 1597, in resource.aws_cloudfront_response_headers_policy.edge_response-headers-policy_85C5219A:
1597:       }


Error: creating ElastiCache User (trustwrapper-prod-app): operation error ElastiCache: CreateUser, https response error StatusCode: 400, RequestID: S, UserAlreadyExists: User user1 already exists.

  with aws_elasticache_user.cache_app-user_A79268DA,
  on cdk.tf.json line 2700, in resource.aws_elasticache_user.cache_app-user_A79268DA:
2700:       },
`;

const hybrid = {
  resource: {
    aws_cloudfront_response_headers_policy: { "edge_response-headers-policy_85C5219A": { name: "trustwrapper-prod-us-east-1-edge-security-headers" } },
    aws_elasticache_user: { "cache_app-user_A79268DA": { user_id: "trustwrapper-prod-app" } },
  },
};

/** Clients whose CloudFront lists `policies` (name -> ID) as ListResponseHeadersPolicies does. */
function listing(policies: Record<string, string>): Clients {
  const Items = Object.entries(policies).map(([Name, Id]) => ({ Type: "custom", ResponseHeadersPolicy: { Id, ResponseHeadersPolicyConfig: { Name } } }));
  return { cloudfront: { send: async () => ({ ResponseHeadersPolicyList: { Items } }) } } as unknown as Clients;
}

test("the container and hybrid stacks' named resources are found with the names they were created with", () => {
  expect(alreadyExisting(HYBRID_REAPPLY, hybrid)).toEqual([
    { address: "aws_cloudfront_response_headers_policy.edge_response-headers-policy_85C5219A", name: "trustwrapper-prod-us-east-1-edge-security-headers" },
    { address: "aws_elasticache_user.cache_app-user_A79268DA", name: "trustwrapper-prod-app" },
  ]);
});

test("a resource the provider imports by the ID AWS gave it is imported by the ID listed under its name", async () => {
  const clients = listing({ "other-policy": "11111111", "trustwrapper-prod-us-east-1-edge-security-headers": "7b0772da" });
  const [policy, user] = alreadyExisting(HYBRID_REAPPLY, hybrid);
  await expect(importId(clients, policy.address, policy.name)).resolves.toBe("7b0772da");
  await expect(importId(clients, user.address, user.name)).resolves.toBe("trustwrapper-prod-app");
  await expect(importId(listing({ "other-policy": "11111111" }), policy.address, policy.name)).rejects.toThrow(
    "aws_cloudfront_response_headers_policy.edge_response-headers-policy_85C5219A exists already, but no aws_cloudfront_response_headers_policy named trustwrapper-prod-us-east-1-edge-security-headers is listed: recover it by hand (docs/faults.md)",
  );
});

// Terraform 1.11.4's output when SIGINT stopped the hybrid prod stack's apply while its database
// was being created (e2e:faults, 2026-12-02), shortened; and the serverless stack's KMS key (2026-12-01).
const INTERRUPTED = `
Interrupt received.
Please wait for Terraform to exit or data loss may occur.
Gracefully shutting down...

Stopping operation...

Error: execution halted


Error: waiting for RDS DB Instance (trustwrapper-prod) create: context canceled

  with aws_db_instance.database_instance_D7FC2283,
  on cdk.tf.json line 2424, in resource.aws_db_instance.database_instance_D7FC2283:
2424:       }


Error: creating S3 Bucket (trustwrapper-prod-logs-20261202022416352800000003) Lifecycle Configuration

  with aws_s3_bucket_lifecycle_configuration.log-delivery_lifecycle_17BC6B91,
  on cdk.tf.json line 3546, in resource.aws_s3_bucket_lifecycle_configuration.log-delivery_lifecycle_17BC6B91:
3546:       }

While waiting: context canceled

Error: waiting for SQS Queue (http://127.0.0.1:43477/123456789012/trustwrapper-prod-api-dlq) attributes create: context canceled

  with aws_sqs_queue.api-function_dead-letter-queue_B0A48578,
  on cdk.tf.json line 3941, in resource.aws_sqs_queue.api-function_dead-letter-queue_B0A48578:
3941:       }


Error: waiting for KMS Key (5cd7b62e-8f34-4048-a336-e2e5f3722dca) rotation update: context canceled

  with aws_kms_key.encryption-key_B3391E8B,
  on cdk.tf.json line 998, in resource.aws_kms_key.encryption-key_B3391E8B:
 998:       "encryption-key_B3391E8B": {


Error: creating IAM Role (trustwrapper-prod-task): operation error IAM: CreateRole, context canceled

  with aws_iam_role.service_task-role_2C1A4A35,
  on cdk.tf.json line 1200, in resource.aws_iam_role.service_task-role_2C1A4A35:
`;

test("the resources an interrupt cut off are found by their errors' with lines, a cut-off create call's too (the caller keeps what the state holds)", () => {
  expect(cutOffOperations(INTERRUPTED)).toEqual([
    "aws_db_instance.database_instance_D7FC2283",
    "aws_s3_bucket_lifecycle_configuration.log-delivery_lifecycle_17BC6B91",
    "aws_sqs_queue.api-function_dead-letter-queue_B0A48578",
    "aws_kms_key.encryption-key_B3391E8B",
    "aws_iam_role.service_task-role_2C1A4A35",
  ]);
  expect(cutOffOperations("Error: execution halted\n")).toEqual([]);
  // CI, 2026-12-02: SIGINT during the KMS key's EnableKeyRotation call, after its create; the key
  // was saved tainted, and a re-apply would have replaced it (refused: prevent_destroy).
  const rotation = `Error: enabling KMS Key (7faa8337-7730-4350-ba87-d7e1dd82dc1f) rotation: context canceled

  with aws_kms_key.encryption-key_B3391E8B,
  on cdk.tf.json line 1012, in resource.aws_kms_key.encryption-key_B3391E8B:
1012:       }
`;
  expect(cutOffOperations(rotation)).toEqual(["aws_kms_key.encryption-key_B3391E8B"]);
});

test("each error keeps its own resource: one without a with line takes none from the next, with or without the box", () => {
  const boxed = `╷
│ Error: Error acquiring the state lock
│
│ Error message: operation error S3: PutObject, StatusCode: 412
╵
╷
│ Error: creating IAM Role (r): EntityAlreadyExists: Role with name r already exists.
│
│   with aws_iam_role.api-function_role_389B671B,
│   on cdk.tf.json line 928, in resource.aws_iam_role.api-function_role_389B671B:
╵
`;
  expect(errorBlocks(boxed).map(({ summary, address }) => ({ summary, address }))).toEqual([
    { summary: "Error acquiring the state lock", address: undefined },
    { summary: "creating IAM Role (r): EntityAlreadyExists: Role with name r already exists.", address: "aws_iam_role.api-function_role_389B671B" },
  ]);
  expect(errors(REAPPLY)).toEqual([
    "creating IAM Role (trustwrapper-prod-api-us-east-1): operation error IAM: CreateRole, https response error StatusCode: 409, RequestID: F, EntityAlreadyExists: Role with name trustwrapper-prod-api-us-east-1 already exists.",
    "creating SQS Queue (q): operation error SQS: CreateQueue, QueueAlreadyExists",
  ]);
});

/** A state holding one resource of each type in `types`. */
const held = (...types: string[]) => types.map((type, i) => ({ address: `${type}.r${i}`, type, values: {} }));

test("the duplicate check counts each VPC's default security group and leaves out target tracking's alarms, and nothing else", () => {
  const lines = [
    "ec2 vpc vpc-1",
    "ec2 security-group sg-default",
    "ec2 security-group sg-service",
    "cloudwatch alarm trustwrapper-dev-service-cpu-high",
    "cloudwatch alarm TargetTracking-service/trustwrapper-dev/trustwrapper-api-AlarmHigh-1",
    "cloudwatch alarm TargetTracking-service/trustwrapper-dev/trustwrapper-api-AlarmLow-2",
  ];
  const state = held("aws_vpc", "aws_default_security_group", "aws_security_group", "aws_cloudwatch_metric_alarm");
  expect(unaccountedIn(lines, state)).toEqual([]);
  expect(unaccountedIn([...lines, "ec2 vpc vpc-2", "ec2 security-group sg-default-2"], state)).toEqual([
    "ec2 vpc: 2 in the emulator, 1 in the state",
    "ec2 security-group: 3 in the emulator, 2 in the state",
  ]);
  expect(unaccountedIn([...lines, "cloudwatch alarm trustwrapper-dev-service-cpu-high-2"], state)).toEqual(["cloudwatch alarm: 2 in the emulator, 1 in the state"]);
});

test("SIGINT comes while the database is being created; SIGKILL, and SIGINT on a stack without one, after 8 creations", () => {
  const container = { resource: { aws_db_instance: { database_instance_D7FC2283: {} }, aws_vpc: { network_vpc_4E8F0223: {} } } };
  const point = signalPoint(container, "SIGINT");
  expect(point.pattern.test("aws_db_instance.database_instance_D7FC2283: Still creating... [00m10s elapsed]")).toBe(true);
  expect(point.pattern.test("aws_db_instance.database_instance_D7FC2283: Creating...")).toBe(false);
  expect(point.pattern.test("aws_elasticache_replication_group.cache_replication-group_FA5C54CF: Still creating... [00m10s elapsed]")).toBe(false);
  const afterEight = { pattern: /Creation complete/, times: 8, when: "after 8 creations" };
  expect(signalPoint(container, "SIGKILL")).toEqual(afterEight);
  expect(signalPoint({ resource: { aws_lambda_function: { "api-function_6EE8A0DE": {} } } }, "SIGINT")).toEqual(afterEight);
});
