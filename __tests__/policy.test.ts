import { Testing } from "cdktf";
import { buildStack, buildStacks, policyErrors } from "../src/stacks/build";
import { loadDeployments } from "../src/config/deployments";
import { parseConfig } from "../src/config/load";
import { configurationSources, PROJECT_ROOT } from "../src/config/sources";
import { expandAction } from "../src/policy/iam-actions";
import { POLICY_RULE_IDS } from "../src/policy/names";
import { POLICY_RULES, PolicyContext, PolicyInput } from "../src/policy/rules";
import { checkPolicies, PolicyException } from "../src/policy/validation";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { config } from "./helpers";

/** Each configuration's stack JSON, synthesized once in this file. */
const synthesized = new Map<string, string>();

/** The Terraform JSON of a configuration's stack, as the policy validation reads it: each caller's own copy, to change. */
function stackJson(input: Parameters<typeof config>[0] = {}): any {
  const key = JSON.stringify(input);
  let text = synthesized.get(key);
  if (text === undefined) {
    text = JSON.stringify(buildStack(Testing.app(), config(input)).toTerraform());
    synthesized.set(key, text);
  }
  return JSON.parse(text);
}

/** `rule address` of each violation. */
function found(json: PolicyInput, { prod = true, exceptions = [] as PolicyException[], heavyRequests = undefined as PolicyContext["heavyRequests"] } = {}): string[] {
  return checkPolicies(json, { prod, heavyRequests }, exceptions).violations.map((v) => `${v.rule} ${v.address}`);
}

/** The one block (of those whose name starts with `prefix`). */
const only = (blocks: Record<string, any>, prefix = "") => {
  const names = Object.keys(blocks).filter((n) => n.startsWith(prefix));
  if (names.length !== 1) throw new Error(`expected one, found ${names.join(", ")}`);
  return { name: names[0], body: blocks[names[0]] };
};

describe("policy rules", () => {
  it("has one rule per published id, each listed in docs/security.md", () => {
    expect(POLICY_RULES.map((r) => r.id)).toEqual([...POLICY_RULE_IDS]);
    const readme = readFileSync(join(PROJECT_ROOT, "docs", "security.md"), "utf8");
    expect(POLICY_RULES.filter((r) => !readme.includes(`| ${r.id} | ${r.title} |`)).map((r) => r.id)).toEqual([]);
  });

  it("says for each rule, in one line, why it exists", () => {
    expect(POLICY_RULES.filter((r) => !/^[A-Z`].{20,200}\.$/.test(r.why)).map((r) => r.id)).toEqual([]);
  });

  it.each(configurationSources().map((s) => [s.name, s.file] as const))("pass on every stack of %s", (_name, file) => {
    const result = loadDeployments(file === undefined ? "" : join(PROJECT_ROOT, file));
    if (!result.ok) throw new Error(result.errors.join("\n"));
    expect(policyErrors(buildStacks(Testing.app(), result.configs))).toEqual([]);
  });

  describe("find what they are for in the real stack, changed", () => {
    let json: any;
    beforeEach(() => {
      json = stackJson();
    });

    it("TW-SG1: ingress from anywhere other than the load balancer's 80/443", () => {
      const rules = json.resource.aws_vpc_security_group_ingress_rule;
      const [https] = Object.entries<any>(rules).find(([, r]) => r.from_port === 443)!;
      rules[https].from_port = rules[https].to_port = 22;
      const [database] = Object.entries<any>(rules).find(([, r]) => r.from_port === 5432)!;
      rules[database] = { ...rules[database], cidr_ipv4: "0.0.0.0/0", referenced_security_group_id: undefined };
      expect(found(json).sort()).toEqual([`TW-SG1 aws_vpc_security_group_ingress_rule.${database}`, `TW-SG1 aws_vpc_security_group_ingress_rule.${https}`].sort());
    });

    it("TW-ENC1 and TW-ENC2: unencrypted database, cache, bucket, topic and log group", () => {
      const db = only(json.resource.aws_db_instance);
      db.body.storage_encrypted = false;
      const cache = only(json.resource.aws_elasticache_replication_group);
      cache.body.transit_encryption_enabled = "false";
      const encryption = only(json.resource.aws_s3_bucket_server_side_encryption_configuration, "artifacts_");
      delete json.resource.aws_s3_bucket_server_side_encryption_configuration[encryption.name];
      const topic = only(json.resource.aws_sns_topic);
      delete topic.body.kms_master_key_id;
      const [logGroup] = Object.keys(json.resource.aws_cloudwatch_log_group);
      delete json.resource.aws_cloudwatch_log_group[logGroup].kms_key_id;
      expect(found(json).sort()).toEqual(
        [
          `TW-ENC1 aws_db_instance.${db.name}`,
          `TW-ENC1 aws_elasticache_replication_group.${cache.name}`,
          `TW-ENC1 aws_s3_bucket.${only(json.resource.aws_s3_bucket, "artifacts_").name}`,
          `TW-ENC1 aws_sns_topic.${topic.name}`,
          `TW-ENC2 aws_cloudwatch_log_group.${logGroup}`,
        ].sort(),
      );
    });

    it("TW-IAM1 and TW-IAM2: wildcard actions, and * resources on writes that can be scoped", () => {
      const docs = json.data.aws_iam_policy_document;
      const [taskPolicy] = Object.keys(docs).filter((n) => n.startsWith("service_task-role_policy-document"));
      const statements = docs[taskPolicy].statement;
      statements.push({ actions: ["s3:*"], resources: ["arn:aws:s3:::bucket/*"] });
      statements.push({ actions: ["s3:PutObject"], resources: ["*"] });
      // Read access on "*" is not this rule's business; a Deny never grants.
      statements.push({ actions: ["s3:GetObject"], resources: ["*"] });
      statements.push({ effect: "Deny", actions: ["*"], resources: ["*"] });
      expect(found(json)).toEqual([`TW-IAM1 data.aws_iam_policy_document.${taskPolicy}`, `TW-IAM2 data.aws_iam_policy_document.${taskPolicy}`]);
    });

    it("TW-IAM2: PutMetricData on * only with its namespace condition", () => {
      const docs = json.data.aws_iam_policy_document;
      const [taskPolicy] = Object.keys(docs).filter((n) => n.startsWith("service_task-role_policy-document"));
      const metrics = docs[taskPolicy].statement.find((s: any) => s.actions.includes("cloudwatch:PutMetricData"));
      delete metrics.condition;
      expect(found(json)).toEqual([`TW-IAM2 data.aws_iam_policy_document.${taskPolicy}`]);
    });

    it("TW-KMS1 and TW-IAM1 on the key policy: a * principal, or kms:* for anyone but the account root", () => {
      const keyPolicy = Object.keys(json.data.aws_iam_policy_document).find((n) => n.startsWith("encryption-key_policy"))!;
      const statements = json.data.aws_iam_policy_document[keyPolicy].statement;
      statements.push({ actions: ["kms:Decrypt"], resources: ["*"], principals: [{ type: "AWS", identifiers: ["*"] }] });
      statements.push({ actions: ["kms:*"], resources: ["*"], principals: [{ type: "AWS", identifiers: ["arn:aws:iam::111122223333:role/admin"] }] });
      expect(found(json)).toEqual([`TW-IAM1 data.aws_iam_policy_document.${keyPolicy}`, `TW-KMS1 data.aws_iam_policy_document.${keyPolicy}`]);
    });

    it("TW-KMS1 in a key policy given as a JSON string", () => {
      const key = only(json.resource.aws_kms_key);
      // The key no longer uses its policy document: without it, that document would read as an identity policy.
      delete json.data.aws_iam_policy_document[key.body.policy.match(/aws_iam_policy_document\.([^.]+)\./)[1]];
      key.body.policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*" }] });
      expect(found(json)).toEqual([`TW-KMS1 aws_kms_key.${key.name}`]);
    });

    it("TW-NET1: a publicly accessible database, a cache without its own security group", () => {
      const db = only(json.resource.aws_db_instance);
      db.body.publicly_accessible = true;
      const cache = only(json.resource.aws_elasticache_replication_group);
      delete cache.body.security_group_ids;
      expect(found(json)).toEqual([`TW-NET1 aws_db_instance.${db.name}`, `TW-NET1 aws_elasticache_replication_group.${cache.name}`]);
    });

    it("TW-PROD1: in prod, no deletion protection, no final snapshot, no versioning, force_destroy; not in dev", () => {
      const db = only(json.resource.aws_db_instance);
      db.body.deletion_protection = false;
      db.body.skip_final_snapshot = true;
      const bucket = only(json.resource.aws_s3_bucket, "artifacts_");
      bucket.body.force_destroy = true;
      only(json.resource.aws_s3_bucket_versioning, "artifacts_").body.versioning_configuration.status = "Suspended";
      const expected = [`aws_db_instance.${db.name}`, `aws_db_instance.${db.name}`, `aws_s3_bucket.${bucket.name}`, `aws_s3_bucket.${bucket.name}`];
      expect(found(json)).toEqual(expected.map((a) => `TW-PROD1 ${a}`));
      expect(found(json, { prod: false })).toEqual([]);
    });

    it("TW-PROD1: in prod, the key of the database's final snapshot and the table's backups is kept on destroy", () => {
      const key = only(json.resource.aws_kms_key);
      const db = only(json.resource.aws_db_instance);
      expect(key.body.lifecycle).toEqual({ prevent_destroy: true });
      expect(db.body.kms_key_id).toBe(`\${aws_kms_key.${key.name}.arn}`);
      delete key.body.lifecycle;
      expect(found(json)).toEqual([`TW-PROD1 aws_kms_key.${key.name}`]);
      expect(found(json, { prod: false })).toEqual([]);
      // Without a final snapshot and retained automated backups, no backup outlives the key.
      db.body.delete_automated_backups = true;
      db.body.skip_final_snapshot = true;
      delete db.body.final_snapshot_identifier;
      expect(found(json).filter((f) => f.includes("aws_kms_key"))).toEqual([]);
      json.resource.aws_dynamodb_table = {
        table_1: {
          point_in_time_recovery: { enabled: true },
          deletion_protection_enabled: true,
          server_side_encryption: { enabled: true, kms_key_arn: `\${aws_kms_key.${key.name}.arn}` },
        },
      };
      expect(found(json).filter((f) => f.includes("aws_kms_key"))).toEqual([`TW-PROD1 aws_kms_key.${key.name}`]);
    });

    it("TW-PROD1 covers DynamoDB: point-in-time recovery and deletion protection", () => {
      json.resource.aws_dynamodb_table = {
        table_1: { point_in_time_recovery: { enabled: false }, server_side_encryption: { enabled: true, kms_key_arn: "${aws_kms_key.k.arn}" } },
      };
      expect(found(json)).toEqual(["TW-PROD1 aws_dynamodb_table.table_1", "TW-PROD1 aws_dynamodb_table.table_1"]);
    });

    it("TW-ECS1, TW-ECS2 and TW-ENV1: inside the container definitions checkov cannot read", () => {
      const task = only(json.resource.aws_ecs_task_definition);
      const [container] = JSON.parse(task.body.container_definitions);
      container.privileged = true;
      container.readonlyRootFilesystem = false;
      container.environment.push({ name: "DB_PASSWORD", value: "hunter2" });
      task.body.container_definitions = JSON.stringify([container]);
      const address = `aws_ecs_task_definition.${task.name}`;
      expect(found(json)).toEqual([`TW-ECS1 ${address}`, `TW-ECS2 ${address}`, `TW-ENV1 ${address}`]);
    });

    it("TW-ENV2: a password in a plain URL, as the guide's DATABASE_URL has it, in a container or a function", () => {
      const task = only(json.resource.aws_ecs_task_definition);
      const [container] = JSON.parse(task.body.container_definitions);
      const url = container.environment.find((e: { name: string }) => e.name === "DATABASE_URL");
      url.value = url.value.replace("postgresql://", "postgresql://trustwrapper:hunter2@");
      task.body.container_definitions = JSON.stringify([container]);
      json.resource.aws_lambda_function = {
        fn_1: { environment: { variables: { CACHE_URL: "rediss://:${random_password.p.result}@cache:6379", DOCS: "https://example.com/a:b@c" } } },
      };
      expect(found(json)).toEqual([`TW-ENV2 aws_ecs_task_definition.${task.name}`, "TW-ENV2 aws_lambda_function.fn_1"]);
    });

    it("TW-ENV1 covers Lambda functions' plain variables", () => {
      json.resource.aws_lambda_function = { fn_1: { environment: { variables: { TABLE_NAME: "t", GOOGLE_API_KEY: "x" } } } };
      expect(found(json)).toEqual(["TW-ENV1 aws_lambda_function.fn_1"]);
    });

    it("TW-ENV1: a value in a known key format, whatever the variable is called, without showing it", () => {
      const key = `AIza${"0123456789abcdefghijklmnopqrstuvwxy"}`;
      json.resource.aws_lambda_function = { fn_1: { environment: { variables: { TABLE_NAME: "t", MAPS: key } } } };
      const { violations } = checkPolicies(json, { prod: false }, []);
      expect(violations.map((v) => `${v.rule} ${v.address}: ${v.problem}`)).toEqual([
        "TW-ENV1 aws_lambda_function.fn_1: the function's plain environment variable MAPS holds what looks like a Google API key (AIza...)",
      ]);
    });

    it("TW-NAME1: an overlong or refused literal name, naming resource, attribute, value and limit; references are not names", () => {
      const bucket = only(json.resource.aws_s3_bucket, "artifacts_");
      bucket.body.bucket_prefix = "abcdefghij-klmnopqrs-staging-artifacts-";
      const db = only(json.resource.aws_db_instance);
      db.body.identifier = "ab--cd-prod";
      const lb = only(json.resource.aws_lb);
      lb.body.name = "internal-api";
      const secret = only(json.resource.aws_secretsmanager_secret);
      secret.body.name = "trustwrapper/api-secret";
      only(json.resource.aws_elasticache_replication_group).body.subnet_group_name = `\${aws_elasticache_subnet_group.${"x".repeat(60)}.name}`;
      const violations = checkPolicies(json, { prod: true }, []).violations;
      expect(violations.map((v) => `${v.rule} ${v.address}: ${v.problem}`)).toEqual([
        `TW-NAME1 aws_lb.${lb.name}: name "internal-api" is a load balancer name AWS refuses: expected letters, digits and hyphens, not starting or ending with a hyphen, not starting with internal-`,
        `TW-NAME1 aws_s3_bucket.${bucket.name}: bucket_prefix "abcdefghij-klmnopqrs-staging-artifacts-" is an S3 bucket prefix of 39 characters, over AWS's 37`,
        `TW-NAME1 aws_db_instance.${db.name}: identifier "ab--cd-prod" is an RDS DB identifier AWS refuses: expected a letter, then letters, digits and hyphens, without two hyphens in a row or a hyphen at the end, in lower case`,
        `TW-NAME1 aws_secretsmanager_secret.${secret.name}: name "trustwrapper/api-secret" is a Secrets Manager secret name that Secrets Manager misreads as ending in its ARN suffix: expected letters, digits and /_+=.@-, not ending in a hyphen and six characters`,
      ]);
    });

    it("accepts a violation that policy.exceptions acknowledges, by construct path or address", () => {
      only(json.resource.aws_db_instance).body.deletion_protection = false;
      const byPath: PolicyException = { rule: "TW-PROD1", resource: "database/instance", reason: "nightly load-test stack" };
      const result = checkPolicies(json, { prod: true }, [byPath, { ...byPath, rule: "TW-NET1" }]);
      expect(result.violations).toEqual([]);
      expect([...result.usedExceptions]).toEqual([0]);
    });
  });

  describe("find the edge's faults in the real hybrid stack, changed", () => {
    const heavyRequests = { pathPatterns: ["/verify*"], timeoutSeconds: 60 };
    let json: any;
    beforeEach(() => {
      json = stackJson({ architecture: "hybrid", serverless: { function: { code: { s3Bucket: "my-artifacts", s3Key: "lambda.zip" } } } });
    });
    const distribution = () => only(json.resource.aws_cloudfront_distribution);
    const origin = (id: string) => distribution().body.origin.find((o: any) => o.origin_id === id);

    it("pass unchanged", () => {
      expect(found(json, { heavyRequests })).toEqual([]);
    });

    it("TW-ACL1: the log bucket's ACL before its ownership controls, CloudFront's logging before the ACL", () => {
      const acl = only(json.resource.aws_s3_bucket_acl);
      delete acl.body.depends_on;
      delete distribution().body.depends_on;
      expect(found(json, { heavyRequests })).toEqual([`TW-ACL1 aws_s3_bucket_acl.${acl.name}`, `TW-ACL1 aws_cloudfront_distribution.${distribution().name}`]);
    });

    it("TW-ACL1: a distribution that waits for something else than its log bucket's ACL", () => {
      distribution().body.depends_on = [`aws_s3_bucket_ownership_controls.${only(json.resource.aws_s3_bucket_ownership_controls, "edge-access-logs").name}`];
      expect(found(json, { heavyRequests })).toEqual([`TW-ACL1 aws_cloudfront_distribution.${distribution().name}`]);
    });

    it("TW-EDGE1: the heavy paths' origin cut at CloudFront's default 30 s; a load balancer idling out before CloudFront gives up", () => {
      delete origin("load-balancer").custom_origin_config.origin_read_timeout;
      expect(found(json, { heavyRequests })).toEqual([`TW-EDGE1 aws_cloudfront_distribution.${distribution().name}`]);
      // Without a budget (or on API Gateway's origin), 30 s is no fault; the load balancer is.
      expect(found(json)).toEqual([]);
      const lb = only(json.resource.aws_lb);
      lb.body.idle_timeout = 20;
      expect(found(json)).toEqual([`TW-EDGE1 aws_lb.${lb.name}`]);
      delete lb.body.idle_timeout; // ELB's default 60 s, below a 90 s read timeout
      origin("load-balancer").custom_origin_config.origin_read_timeout = 90;
      expect(found(json, { heavyRequests })).toEqual([`TW-EDGE1 aws_lb.${lb.name}`]);
    });

    it("TW-DNS1: an alias to CloudFront that evaluates target health, by reference or by CloudFront's zone", () => {
      const records = Object.entries<any>(json.resource.aws_route53_record).filter(([, r]) => r.alias);
      const [toCloudFront] = records.find(([, r]) => r.alias.name.includes("aws_cloudfront_distribution"))!;
      const [toLoadBalancer] = records.find(([, r]) => r.alias.name.includes("aws_lb."))!;
      json.resource.aws_route53_record[toCloudFront].alias.evaluate_target_health = true;
      json.resource.aws_route53_record.elsewhere = {
        name: "www.example.com",
        type: "A",
        alias: { name: "d111111abcdef8.cloudfront.net", zone_id: "Z2FDTNDATAQYW2", evaluate_target_health: true },
      };
      expect(json.resource.aws_route53_record[toLoadBalancer].alias.evaluate_target_health).toBe(true); // fine for a load balancer
      expect(found(json, { heavyRequests })).toEqual([`TW-DNS1 aws_route53_record.${toCloudFront}`, "TW-DNS1 aws_route53_record.elsewhere"]);
    });
  });

  it("reads IAM access levels from the pinned Service Authorization Reference", () => {
    expect(expandAction("s3:PutObject")).toEqual([expect.objectContaining({ name: "s3:PutObject", accessLevel: "Write", scopable: true })]);
    expect(expandAction("logs:CreateLogDelivery")).toEqual([expect.objectContaining({ accessLevel: "Write", scopable: false })]);
    expect(
      expandAction("kms:GenerateDataKey*")
        ?.map((a) => a.name)
        .sort(),
    ).toEqual(["kms:GenerateDataKey", "kms:GenerateDataKeyPair", "kms:GenerateDataKeyPairWithoutPlaintext", "kms:GenerateDataKeyWithoutPlaintext"]);
    expect(expandAction("s3:PutObjekt")).toBeUndefined();
  });
});

describe("synth with a policy violation", () => {
  it("refuses a secret-looking plain variable of the Lambda function too, but not a secret's ARN", () => {
    const result = parseConfig({
      serverless: { function: { environment: { SLACK_BOT_TOKEN: "x", SIGNING_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:111122223333:secret:s" } } },
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        "serverless.function.environment.SLACK_BOT_TOKEN: SLACK_BOT_TOKEN looks like a secret, and plain variables are stored in Terraform state; add it to secrets.apiKeys (injected from Secrets Manager) instead",
      ],
    });
  });
});
