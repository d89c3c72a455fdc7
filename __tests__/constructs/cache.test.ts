import { ElasticacheReplicationGroup } from "@cdktf/provider-aws/lib/elasticache-replication-group";
import { Cache, CacheProps } from "../../src/constructs/cache";
import { bodies, synthConstruct } from "./synth";

const KEY = "arn:aws:kms:eu-west-1:111122223333:key/k";
const PROPS: CacheProps = {
  namePrefix: "tw-test",
  vpcId: "vpc-1",
  subnetIds: ["subnet-a", "subnet-b"],
  nodeType: "cache.t3.micro",
  engineVersion: "7.1",
  nodes: 1,
  snapshotRetentionDays: 1,
  kmsKeyArn: KEY,
  logRetentionDays: 30,
};

function synth(props: Partial<CacheProps> = {}) {
  let cache: Cache | undefined;
  const out = synthConstruct((scope) => {
    cache = new Cache(scope, "cache", { ...PROPS, ...props });
  });
  return { ...out, cache: cache! };
}

describe("Cache", () => {
  it("is a replication group encrypted at rest with the stack's key and in transit, with its slow log in an encrypted log group", () => {
    const { text, resources } = synth();
    expect(text).toHaveResourceWithProperties(ElasticacheReplicationGroup, {
      replication_group_id: "tw-test",
      engine: "redis",
      engine_version: "7.1",
      node_type: "cache.t3.micro",
      port: 6379,
      at_rest_encryption_enabled: "true",
      kms_key_id: KEY,
      transit_encryption_enabled: true,
      snapshot_retention_limit: 1,
      log_delivery_configuration: [expect.objectContaining({ log_type: "slow-log", destination_type: "cloudwatch-logs" })],
    });
    expect(bodies(resources, "aws_cloudwatch_log_group")).toEqual([expect.objectContaining({ name: "/elasticache/tw-test/slow-log", retention_in_days: 30, kms_key_id: KEY })]);
  });

  it("with one node: no failover; with two or more: automatic failover across zones", () => {
    expect(synth().text).toHaveResourceWithProperties(ElasticacheReplicationGroup, { num_cache_clusters: 1, automatic_failover_enabled: false, multi_az_enabled: false });
    expect(synth({ nodes: 3 }).text).toHaveResourceWithProperties(ElasticacheReplicationGroup, { num_cache_clusters: 3, automatic_failover_enabled: true, multi_az_enabled: true });
  });

  it("in tls mode (the default): the default user connects without a password, and clients need no IAM permission", () => {
    const { resources, cache } = synth();
    expect(bodies(resources, "aws_elasticache_user")).toEqual([
      expect.objectContaining({ user_name: "default", access_string: "on ~* +@all -@dangerous", authentication_mode: { type: "no-password-required" } }),
    ]);
    expect(cache.appUser).toBeUndefined();
    expect(Object.keys(cache.clientEnvironment())).toEqual(["REDIS_URL"]);
    expect(cache.clientEnvironment().REDIS_URL).toMatch(/^rediss:\/\/.+:6379$/);
    expect(cache.clientStatements()).toEqual([]);
  });

  it("in iam mode: the default user is switched off, and the app's user (ID = name) authenticates with IAM", () => {
    const { resources, cache } = synth({ auth: "iam" });
    const users = bodies(resources, "aws_elasticache_user").sort((a, b) => a.user_name.localeCompare(b.user_name));
    expect(users.map((u) => [u.user_name, u.access_string, u.authentication_mode.type])).toEqual([
      ["default", "off -@all", "no-password-required"],
      ["tw-test-app", "on ~* +@all -@dangerous", "iam"],
    ]);
    expect(users[1].user_id).toBe(users[1].user_name);
    expect(bodies(resources, "aws_elasticache_user_group")[0].user_ids).toHaveLength(2);
    expect(Object.keys(cache.clientEnvironment())).toEqual(["REDIS_URL", "REDIS_USERNAME", "REDIS_REPLICATION_GROUP_ID"]);
    expect(cache.clientStatements()).toEqual([expect.objectContaining({ actions: ["elasticache:Connect"] })]);
  });

  it("admits no one until a security group is connected to it", () => {
    const { resources } = synth();
    expect(bodies(resources, "aws_security_group")).toEqual([expect.objectContaining({ name: "tw-test-cache", vpc_id: "vpc-1" })]);
    expect(bodies(resources, "aws_vpc_security_group_ingress_rule")).toEqual([]);
  });
});
