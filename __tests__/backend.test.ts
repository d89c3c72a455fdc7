import { parseConfig } from "../src/config/load";
import { synthContainer } from "./helpers";

const STACK = "trustwrapper-prod-us-east-1";

describe("state backends", () => {
  it("keeps local state beside the project by default, at a path relative to the stack directory", () => {
    const { json } = synthContainer();
    expect(json.terraform.backend).toEqual({ local: { path: `../../../terraform.${STACK}.tfstate` } });
  });

  it("takes a local path relative to the project and never an absolute one", () => {
    const { json } = synthContainer({ backend: { type: "local", path: "state/{stack}.tfstate" } });
    expect(json.terraform.backend.local.path).toBe(`../../../state/${STACK}.tfstate`);
    expect(parseConfig({ backend: { type: "local", path: "/home/me/state.tfstate" } })).toEqual({
      ok: false,
      errors: ["backend.path: expected a path relative to the project directory, not an absolute path"],
    });
  });

  it("writes an encrypted S3 backend with S3-native locking, one key per stack, and requires Terraform 1.10 for it", () => {
    const { json } = synthContainer({ backend: { type: "s3", bucket: "acme-terraform-state", dynamodbTable: "terraform-locks" } });
    expect(json.terraform.backend).toEqual({
      s3: {
        bucket: "acme-terraform-state",
        key: `trustwrapper/${STACK}.tfstate`,
        region: "us-east-1",
        encrypt: true,
        use_lockfile: true,
        dynamodb_table: "terraform-locks",
      },
    });
    expect(json.terraform.required_version).toBe(">= 1.10.0");
  });

  it("takes the S3 key, bucket region and KMS key from config, and can leave S3 locking off", () => {
    const { json } = synthContainer({
      backend: {
        type: "s3",
        bucket: "acme-state",
        key: "platform/{stack}/terraform.tfstate",
        region: "eu-west-1",
        kmsKeyId: "arn:aws:kms:eu-west-1:111122223333:key/abc",
        useLockfile: false,
      },
    });
    expect(json.terraform.backend.s3).toEqual({
      bucket: "acme-state",
      key: `platform/${STACK}/terraform.tfstate`,
      region: "eu-west-1",
      encrypt: true,
      kms_key_id: "arn:aws:kms:eu-west-1:111122223333:key/abc",
    });
    expect(json.terraform.required_version).toBe(">= 1.5.0");
  });

  it("writes a Terraform Cloud block with a named workspace, the stack's name by default", () => {
    const { json } = synthContainer({ backend: { type: "cloud", organization: "acme" } });
    expect(json.terraform.cloud).toEqual({ organization: "acme", hostname: "app.terraform.io", workspaces: { name: STACK } });
    expect(json.terraform.backend).toBeUndefined();
    const named = synthContainer({ backend: { type: "cloud", organization: "acme", workspace: "tw-{stack}", project: "platform" } }).json;
    expect(named.terraform.cloud.workspaces).toEqual({ name: `tw-${STACK}`, project: "platform" });
  });

  it("selects Terraform Cloud workspaces by tags", () => {
    const { json } = synthContainer({ backend: { type: "cloud", organization: "acme", workspaceTags: ["trustwrapper", "prod"] } });
    expect(json.terraform.cloud.workspaces).toEqual({ tags: ["trustwrapper", "prod"] });
  });

  it("rejects incomplete or contradictory backends with the field named", () => {
    const errors = (input: unknown) => (parseConfig(input) as { errors: readonly string[] }).errors;
    expect(errors({ backend: { type: "consul" } })).toEqual(["backend.type: expected a backend with type: local, s3 or cloud"]);
    expect(errors({ backend: { type: "s3" } })).toEqual(["backend.bucket: missing: this option is required; expected an S3 bucket name"]);
    expect(errors({ backend: { type: "cloud", organization: "acme", workspace: "a", workspaceTags: ["b"] } })).toEqual([
      "backend.workspaceTags: set either workspace or workspaceTags, not both",
    ]);
    expect(errors({ backend: { type: "s3", bucket: "acme-state", lockTable: "x" } })[0]).toMatch(/^backend\.lockTable: unknown option/);
  });
});

describe("Terraform and provider versions", () => {
  it("pins the AWS provider to the version of the typed bindings and needs Terraform 1.5 for import blocks", () => {
    const { json } = synthContainer();
    expect(json.terraform.required_providers.aws).toEqual({ source: "aws", version: "5.100.0" });
    expect(json.terraform.required_version).toBe(">= 1.5.0");
  });

  it("tags every taggable resource with project, environment, managed-by and the cost centre", () => {
    const { json } = synthContainer({ costCenter: "ai-platform", tags: { Team: "verification" } });
    expect(json.provider.aws[0].default_tags).toEqual([
      { tags: { Team: "verification", CostCenter: "ai-platform", Project: "trustwrapper", Environment: "prod", ManagedBy: "cdktf" } },
    ]);
  });
});
