import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { ElasticacheReplicationGroup } from "@cdktf/provider-aws/lib/elasticache-replication-group";
import { bodyOf, onlyResource, ref, resourcesOf, synthContainer, Synthesized, stackKey, createdNetwork } from "./helpers";

describe("RDS PostgreSQL (defaults, prod)", () => {
  let s: Synthesized;
  let db: Record<string, any>;
  beforeAll(() => {
    s = synthContainer();
    db = bodyOf(s.json, s.stack.tier.database.instance);
  });

  it("is the guide's instance: multi-AZ db.t3.small with 100 GB, database trustwrapper", () => {
    expect(s.text).toHaveResourceWithProperties(DbInstance, {
      engine: "postgres",
      engine_version: "17",
      instance_class: "db.t3.small",
      allocated_storage: 100,
      multi_az: true,
      db_name: "trustwrapper",
    });
  });

  it("encrypts storage and Performance Insights with the stack's KMS key and forces TLS", () => {
    expect(db).toMatchObject({ storage_encrypted: true, kms_key_id: ref(stackKey(s.stack), "arn") });
    expect(db).toMatchObject({
      performance_insights_enabled: true,
      performance_insights_retention_period: 7,
      performance_insights_kms_key_id: ref(stackKey(s.stack), "arn"),
    });
    const parameters = onlyResource(s.json, "aws_db_parameter_group");
    expect(db.parameter_group_name).toMatch(/^\$\{aws_db_parameter_group\.[^.]+\.name\}$/);
    expect(parameters).toMatchObject({ family: "postgres17", parameter: [{ name: "rds.force_ssl", value: "1" }] });
  });

  it("lets RDS manage the master password in Secrets Manager, with no password in Terraform", () => {
    expect(db).toMatchObject({
      manage_master_user_password: true,
      master_user_secret_kms_key_id: ref(stackKey(s.stack), "arn"),
      username: "trustwrapper",
    });
    expect(db.password).toBeUndefined();
    expect(db.password_wo).toBeUndefined();
    expect(onlyResource(s.json, "aws_secretsmanager_secret_rotation")).toMatchObject({
      secret_id: ref(s.stack.tier.database.instance, "master_user_secret[0].secret_arn"),
      rotation_rules: { automatically_after_days: 7 },
    });
  });

  it("lives in the private subnets, not publicly accessible, behind its own security group", () => {
    const subnetGroup = onlyResource(s.json, "aws_db_subnet_group");
    expect(subnetGroup.subnet_ids).toEqual(createdNetwork(s.stack).privateSubnets.map((subnet) => ref(subnet, "id")));
    expect(db).toMatchObject({ publicly_accessible: false, vpc_security_group_ids: [ref(s.stack.tier.database.securityGroup.group, "id")] });
  });

  it("keeps backups, deletion protection and a final snapshot in prod", () => {
    expect(db).toMatchObject({
      backup_retention_period: 7,
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: "trustwrapper-prod-final",
      copy_tags_to_snapshot: true,
    });
  });

  it("exports its logs into encrypted log groups that expire", () => {
    const groups = Object.values(resourcesOf(s.json, "aws_cloudwatch_log_group")).filter((g) => g.name.startsWith("/aws/rds/"));
    expect(groups.map((g) => g.name).sort()).toEqual(["/aws/rds/instance/trustwrapper-prod/postgresql", "/aws/rds/instance/trustwrapper-prod/upgrade"]);
    expect(db.enabled_cloudwatch_logs_exports).toEqual(["postgresql", "upgrade"]);
  });

  it("drops deletion protection and the final snapshot outside prod, unless configured", () => {
    const dev = bodyOf(synthContainer({ environment: "dev" }).json, s.stack.tier.database.instance);
    expect(dev).toMatchObject({ deletion_protection: false, skip_final_snapshot: true });
    expect(dev.final_snapshot_identifier).toBeUndefined();
    const guarded = synthContainer({ environment: "dev", database: { deletionProtection: true, finalSnapshot: true } });
    expect(bodyOf(guarded.json, guarded.stack.tier.database.instance)).toMatchObject({ deletion_protection: true, skip_final_snapshot: false });
  });
});

describe("the KMS key of the backups a destroy leaves", () => {
  const lifecycles = (s: Synthesized) => {
    const key = stackKey(s.stack);
    const alias = Object.values(resourcesOf(s.json, "aws_kms_alias")).find((a) => a.target_key_id === ref(key, "key_id"));
    return { key: bodyOf(s.json, key).lifecycle, alias: alias?.lifecycle };
  };

  it("outlives terraform destroy in prod, with its alias: the final snapshot and the retained backups need it", () => {
    const s = synthContainer();
    expect(bodyOf(s.json, s.stack.tier.database.instance).kms_key_id).toBe(ref(stackKey(s.stack), "arn"));
    expect(lifecycles(s)).toEqual({ key: { prevent_destroy: true }, alias: { prevent_destroy: true } });
  });

  it("goes with the stack outside prod, unless the database keeps a final snapshot or its backups", () => {
    expect(lifecycles(synthContainer({ environment: "dev" }))).toEqual({ key: undefined, alias: undefined });
    expect(lifecycles(synthContainer({ environment: "dev", database: { finalSnapshot: true } }))).toEqual({ key: { prevent_destroy: true }, alias: { prevent_destroy: true } });
    expect(lifecycles(synthContainer({ environment: "staging", database: { deletionProtection: true } }))).toEqual({
      key: { prevent_destroy: true },
      alias: { prevent_destroy: true },
    });
  });
});

describe("ElastiCache Redis (defaults)", () => {
  let s: Synthesized;
  let redis: Record<string, any>;
  beforeAll(() => {
    s = synthContainer();
    redis = bodyOf(s.json, s.stack.tier.cache.replicationGroup);
  });

  it("is a one-node cache.t3.micro replication group", () => {
    expect(s.text).toHaveResourceWithProperties(ElasticacheReplicationGroup, {
      engine: "redis",
      node_type: "cache.t3.micro",
      num_cache_clusters: 1,
      automatic_failover_enabled: false,
    });
  });

  it("encrypts at rest with the stack's key and in transit", () => {
    expect(redis).toMatchObject({
      at_rest_encryption_enabled: "true",
      kms_key_id: ref(stackKey(s.stack), "arn"),
      transit_encryption_enabled: true,
    });
  });

  it("lets TLS connections in without AUTH by default, as the default user, with no password anywhere", () => {
    const users = Object.values(resourcesOf(s.json, "aws_elasticache_user"));
    expect(users).toEqual([expect.objectContaining({ user_name: "default", access_string: "on ~* +@all -@dangerous", authentication_mode: { type: "no-password-required" } })]);
    expect(onlyResource(s.json, "aws_elasticache_user_group").user_ids).toEqual(userIdReferences(s.json));
    expect(redis.user_group_ids).toEqual([expect.stringMatching(/^\$\{aws_elasticache_user_group\.[^.]+\.user_group_id\}$/)]);
    expect(redis.auth_token).toBeUndefined();
  });

  it("authenticates the app with IAM and switches off the default user with cache.auth iam", () => {
    const iam = synthContainer({ cache: { auth: "iam" } });
    const users = Object.values(resourcesOf(iam.json, "aws_elasticache_user"));
    expect(users).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ user_name: "default", access_string: "off -@all" }),
        // IAM authentication requires the user ID to equal the user name.
        expect.objectContaining({ user_id: "trustwrapper-prod-app", user_name: "trustwrapper-prod-app", authentication_mode: { type: "iam" } }),
      ]),
    );
    expect([...onlyResource(iam.json, "aws_elasticache_user_group").user_ids].sort()).toEqual(userIdReferences(iam.json).sort());
  });

  it("switches auth modes in place: the replication group, user group ID and default user's ID stay the same", () => {
    const iam = synthContainer({ cache: { auth: "iam" } });
    expect(bodyOf(iam.json, iam.stack.tier.cache.replicationGroup)).toEqual(redis);
    expect(onlyResource(iam.json, "aws_elasticache_user_group").user_group_id).toBe(onlyResource(s.json, "aws_elasticache_user_group").user_group_id);
    const defaultUser = (json: typeof s.json) => Object.values(resourcesOf(json, "aws_elasticache_user")).find((u) => u.user_name === "default");
    expect(defaultUser(iam.json)?.user_id).toBe(defaultUser(s.json)?.user_id);
    expect(Object.keys(resourcesOf(iam.json, "aws_elasticache_user"))).toEqual(expect.arrayContaining(Object.keys(resourcesOf(s.json, "aws_elasticache_user"))));
  });

  it("lives in the private subnets behind its own security group", () => {
    expect(onlyResource(s.json, "aws_elasticache_subnet_group").subnet_ids).toEqual(createdNetwork(s.stack).privateSubnets.map((subnet) => ref(subnet, "id")));
    expect(redis.security_group_ids).toEqual([ref(s.stack.tier.cache.securityGroup.group, "id")]);
  });

  it("fails over across zones with two or more nodes", () => {
    const ha = synthContainer({ cache: { nodes: 2 } });
    expect(bodyOf(ha.json, ha.stack.tier.cache.replicationGroup)).toMatchObject({ num_cache_clusters: 2, automatic_failover_enabled: true, multi_az_enabled: true });
  });
});

/** The user IDs of every ElastiCache user of the stack, as references. */
function userIdReferences(json: Synthesized["json"]): string[] {
  return Object.keys(resourcesOf(json, "aws_elasticache_user")).map((name) => `\${aws_elasticache_user.${name}.user_id}`);
}

describe("redeploy when a secret changes", () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthContainer();
  });

  it("listens for a new current value of the API keys and of the rotated database password", () => {
    const rule = bodyOf(s.json, s.stack.tier.redeploy.rule);
    expect(JSON.parse(rule.event_pattern)).toEqual({
      source: ["aws.secretsmanager"],
      "detail-type": ["Secret Label Updated"],
      resources: [ref(s.stack.tier.apiKeys.secret!, "arn"), ref(s.stack.tier.database.instance, "master_user_secret[0].secret_arn")],
      detail: { labelUpdated: ["AWSCURRENT"] },
    });
  });

  it("forces a new deployment of the service", () => {
    const machine = onlyResource(s.json, "aws_sfn_state_machine");
    const step = JSON.parse(machine.definition).States.ForceNewDeployment;
    expect(step).toMatchObject({
      Type: "Task",
      Resource: "arn:aws:states:::aws-sdk:ecs:updateService",
      Parameters: { Cluster: ref(s.stack.tier.service.cluster, "arn"), Service: ref(s.stack.tier.service.service, "name"), ForceNewDeployment: true },
    });
    const targets = Object.values(s.json.resource.aws_cloudwatch_event_target).filter((t) => t.rule === ref(s.stack.tier.redeploy.rule, "name"));
    expect(targets).toEqual([expect.objectContaining({ arn: expect.stringMatching(/^\$\{aws_sfn_state_machine\.[^.]+\.arn\}$/) })]);
  });

  it("logs failed executions with their data (the secret change event, never a secret value) to its own log group", () => {
    const machine = onlyResource(s.json, "aws_sfn_state_machine");
    expect(machine.logging_configuration).toEqual({
      log_destination: expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.[^.]+\.arn\}:\*$/),
      include_execution_data: true,
      level: "ERROR",
    });
  });
});
