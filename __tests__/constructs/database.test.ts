import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { SecretsmanagerSecretRotation } from "@cdktf/provider-aws/lib/secretsmanager-secret-rotation";
import { Database, DatabaseProps } from "../../src/constructs/database";
import { bodies, ENV, synthConstruct } from "./synth";

const KEY = "arn:aws:kms:eu-west-1:111122223333:key/k";
const PROPS: DatabaseProps = {
  namePrefix: "tw-test",
  env: ENV,
  vpcId: "vpc-1",
  subnetIds: ["subnet-a", "subnet-b"],
  engineVersion: "17",
  instanceClass: "db.t3.small",
  allocatedStorageGb: 100,
  multiAz: true,
  databaseName: "trustwrapper",
  masterUsername: "trustwrapper",
  kmsKeyArn: KEY,
  backupRetentionDays: 7,
  passwordRotationDays: 7,
  deletionProtection: true,
  finalSnapshot: true,
  logRetentionDays: 30,
};

function synth(props: Partial<DatabaseProps> = {}) {
  let database: Database | undefined;
  const out = synthConstruct((scope) => {
    database = new Database(scope, "database", { ...PROPS, ...props });
  });
  return { ...out, database: database! };
}

describe("Database", () => {
  it("is private, encrypted with the stack's key, and its master password is RDS's, in Secrets Manager, rotated", () => {
    const { text } = synth();
    expect(text).toHaveResourceWithProperties(DbInstance, {
      identifier: "tw-test",
      engine: "postgres",
      engine_version: "17",
      storage_type: "gp3",
      storage_encrypted: true,
      kms_key_id: KEY,
      publicly_accessible: false,
      manage_master_user_password: true,
      master_user_secret_kms_key_id: KEY,
      performance_insights_kms_key_id: KEY,
    });
    expect(text).toHaveResourceWithProperties(SecretsmanagerSecretRotation, { rotate_immediately: false, rotation_rules: { automatically_after_days: 7 } });
    expect(Object.keys(bodies(JSON.parse(text).resource, "aws_db_instance")[0]).filter((k) => k.includes("password"))).toEqual(["manage_master_user_password"]);
  });

  it("refuses connections without TLS, through a parameter group of its engine version replaced before it is destroyed", () => {
    expect(synth({ engineVersion: "16" }).text).toHaveResourceWithProperties(DbParameterGroup, {
      family: "postgres16",
      parameter: [{ name: "rds.force_ssl", value: "1", apply_method: "pending-reboot" }],
      lifecycle: { create_before_destroy: true },
    });
  });

  it("protected (prod): refuses deletion, keeps its automated backups and takes a final snapshot", () => {
    expect(synth().text).toHaveResourceWithProperties(DbInstance, {
      deletion_protection: true,
      delete_automated_backups: false,
      skip_final_snapshot: false,
      final_snapshot_identifier: "tw-test-final",
    });
  });

  it("unprotected: deletes its backups with it, without a final snapshot", () => {
    const [instance] = bodies(synth({ deletionProtection: false, finalSnapshot: false }).resources, "aws_db_instance");
    expect(instance).toMatchObject({ deletion_protection: false, delete_automated_backups: true, skip_final_snapshot: true });
    expect(instance.final_snapshot_identifier).toBeUndefined();
  });

  it("exports its logs into encrypted log groups created first, so that they expire", () => {
    const { resources } = synth();
    const groups = bodies(resources, "aws_cloudwatch_log_group");
    expect(groups.map((g) => [g.name, g.retention_in_days, g.kms_key_id])).toEqual([
      ["/aws/rds/instance/tw-test/postgresql", 30, KEY],
      ["/aws/rds/instance/tw-test/upgrade", 30, KEY],
    ]);
    expect(bodies(resources, "aws_db_instance")[0].depends_on).toHaveLength(2);
  });

  it("has enhanced monitoring every 60 s through its own role, and none at interval 0", () => {
    const monitored = synth();
    expect(monitored.text).toHaveResourceWithProperties(DbInstance, { monitoring_interval: 60 });
    expect(monitored.text).toHaveResourceWithProperties(IamRole, { name: "tw-test-eu-west-1-rds-monitoring" });
    const off = synth({ monitoringIntervalSeconds: 0 });
    expect(off.text).toHaveResourceWithProperties(DbInstance, { monitoring_interval: 0 });
    expect(off.text).not.toHaveResource(IamRole);
  });

  it("gives clients a TLS URL without credentials, and the credentials from the managed secret", () => {
    const { database } = synth();
    expect(Object.keys(database.clientEnvironment())).toEqual(["DATABASE_URL", "DB_HOST", "DB_PORT", "DB_NAME", "DB_SSLMODE"]);
    expect(database.clientEnvironment().DATABASE_URL).toMatch(/^postgresql:\/\/[^@]+:5432\/trustwrapper\?sslmode=require$/);
    expect(database.containerSecrets().map((s) => [s.name, s.jsonKey])).toEqual([
      ["PGUSER", "username"],
      ["PGPASSWORD", "password"],
      ["DB_USERNAME", "username"],
      ["DB_PASSWORD", "password"],
    ]);
  });
});
