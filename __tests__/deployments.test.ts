import { TerraformStack, Testing } from "cdktf";
import { buildStack, buildStacks, ConfigurationError } from "../src/stacks/build";
import { loadDeployments, parseDeployments } from "../src/config/deployments";
import { config, onlyResource, synthContainer } from "./helpers";

describe("import blocks", () => {
  it("adopt existing resources named by construct path or Terraform address", () => {
    const [instanceName] = Object.keys(JSON.parse(Testing.synth(buildStack(Testing.app(), config()))).resource.aws_db_instance);
    const imports = [
      { resource: "database/instance", id: "trustwrapper-prod-database" },
      { resource: "app-log-group", id: "/ecs/trustwrapper-prod" },
    ];
    const stack = buildStack(Testing.app(), config({ imports }));
    expect(JSON.parse(Testing.synth(stack)).import).toEqual([
      { to: `aws_db_instance.${instanceName}`, id: "trustwrapper-prod-database" },
      { to: "aws_cloudwatch_log_group.app-log-group", id: "/ecs/trustwrapper-prod" },
    ]);
    const byAddress = buildStack(Testing.app(), config({ imports: [{ resource: `aws_db_instance.${instanceName}`, id: "db-1" }] }));
    expect(JSON.parse(Testing.synth(byAddress)).import).toEqual([{ to: `aws_db_instance.${instanceName}`, id: "db-1" }]);
  });

  it("reject an import that names no resource of the stack, naming the field", () => {
    expect(() => buildStack(Testing.app(), config({ imports: [{ resource: "databse/instance", id: "x" }] }))).toThrow(
      new ConfigurationError(["imports.0.resource: trustwrapper-prod-us-east-1 has no resource databse/instance (addresses/*.txt lists each address and construct path)"]),
    );
  });
});

describe("the API-keys secret", () => {
  const secretName = (input: Parameters<typeof config>[0]) => config(input).secrets.apiKeysSecretName;

  it("is named per project and environment, so that stacks from two files in one account and region do not share it", () => {
    expect([secretName({}), secretName({ project: "billing" }), secretName({ environment: "staging" })]).toEqual([
      "trustwrapper/prod/api-keys",
      "billing/prod/api-keys",
      "trustwrapper/staging/api-keys",
    ]);
    const deployments = parseDeployments({
      deployments: [{ environment: "staging", overrides: { domain: { name: "staging.yourdomain.com", hostedZoneName: "yourdomain.com" } } }, { environment: "prod" }],
    });
    expect(deployments.ok ? deployments.configs.map((c) => c.secrets.apiKeysSecretName) : deployments.errors).toEqual([
      "trustwrapper/staging/api-keys",
      "trustwrapper/prod/api-keys",
    ]);
  });

  it("keeps an explicit secrets.apiKeysSecretName, such as the name before 2026-12", () => {
    const json = synthContainer({ secrets: { apiKeysSecretName: "trustwrapper/api-keys" } }).json;
    expect(onlyResource(json, "aws_secretsmanager_secret").name).toBe("trustwrapper/api-keys");
  });
});

describe("several environments and regions from one file", () => {
  const input = {
    domain: { name: "api.example.com", hostedZoneName: "example.com" },
    deployments: [
      {
        environment: "staging",
        overrides: {
          domain: { name: "staging.api.example.com" },
          secrets: { apiKeysSecretName: "trustwrapper/staging/api-keys" },
          service: { desiredCount: 1, scaling: { minCount: 1 } },
        },
      },
      { environment: "prod", region: "us-east-1" },
      { environment: "prod", region: "eu-west-1", overrides: { domain: { name: "eu.api.example.com" } } },
    ],
  };

  it("give one configuration per deployment: the file's options, the entry's environment and region, its overrides", () => {
    const result = parseDeployments(input);
    if (!result.ok) throw new Error(result.errors.join("\n"));
    expect(result.configs.map((c) => [c.environment, c.region, c.domain.name, c.service.desiredCount])).toEqual([
      ["staging", "us-east-1", "staging.api.example.com", 1],
      ["prod", "us-east-1", "api.example.com", 2],
      ["prod", "eu-west-1", "eu.api.example.com", 2],
    ]);
    // Merged, not replaced: the zone comes from the file, the name from the override.
    expect(result.configs[0].domain.hostedZoneName).toBe("example.com");
  });

  it("build stacks whose names, state and global resource names never collide", () => {
    const result = parseDeployments(input);
    if (!result.ok) throw new Error(result.errors.join("\n"));
    const stacks = buildStacks(Testing.app(), result.configs);
    expect(stacks.map((s) => s.node.id)).toEqual(["trustwrapper-staging-us-east-1", "trustwrapper-prod-us-east-1", "trustwrapper-prod-eu-west-1"]);
    const jsons = stacks.map((s) => JSON.parse(Testing.synth(s)));
    const states = jsons.map((j) => j.terraform.backend.local.path);
    expect(new Set(states).size).toBe(3);
    // IAM is global: role names carry the region as well as the environment.
    const roleNames = jsons.flatMap((j) => Object.values<any>(j.resource.aws_iam_role).map((r) => r.name));
    expect(new Set(roleNames).size).toBe(roleNames.length);
    const records = jsons.map((j) => Object.values<any>(j.resource.aws_route53_record).find((r) => r.type === "A").name);
    expect(records).toEqual(["staging.api.example.com", "api.example.com", "eu.api.example.com"]);
  });

  it("stand alone: cdktf's pass for references between stacks, which TrustWrapperStack skips, adds nothing to them", () => {
    const parsed = parseDeployments(input);
    const files = ["examples/hybrid.yaml", "examples/serverless.yaml"].map((file) => loadDeployments(file));
    const apps = [parsed, ...files].map((result) => {
      if (!result.ok) throw new Error(result.errors.join("\n"));
      return result.configs;
    });
    const synthesized = (prepare: (stack: TerraformStack) => void) =>
      apps.flatMap((configs) =>
        buildStacks(Testing.app(), configs).map((stack) => {
          prepare(stack);
          return JSON.stringify(stack.toTerraform());
        }),
      );
    const skipped = synthesized((stack) => stack.prepareStack());
    expect(skipped).toHaveLength(5);
    expect(skipped).toEqual(synthesized((stack) => TerraformStack.prototype.prepareStack.call(stack)));
  });

  it("reject invalid overrides with the deployment and field named", () => {
    const result = parseDeployments({
      deployments: [{ environment: "prod" }, { environment: "dev", region: "eu-west-1", overrides: { service: { cpu: 300 } } }, { environment: "qa" }],
    });
    expect(result).toEqual({
      ok: false,
      errors: ["deployments.2.environment: expected one of: dev, staging, prod"],
    });
    expect(parseDeployments({ deployments: [{ environment: "dev", overrides: { service: { cpu: 300 } } }] })).toEqual({
      ok: false,
      errors: ["deployments.0: service.cpu: expected a Fargate CPU size (256, 512, 1024, 2048, 4096, 8192, 16384), got 300"],
    });
  });

  it("reject stacks that would share a name, a state, a DNS record or a secret", () => {
    const result = parseDeployments({
      deployments: [
        { environment: "prod" },
        { environment: "prod" },
        { environment: "dev", region: "eu-west-1", overrides: { backend: { type: "s3", bucket: "acme-state", key: "trustwrapper.tfstate" } } },
        {
          environment: "staging",
          region: "eu-west-1",
          overrides: { backend: { type: "s3", bucket: "acme-state", key: "trustwrapper.tfstate" }, domain: { name: "staging.yourdomain.com", hostedZoneName: "yourdomain.com" } },
        },
      ],
    });
    const taken = (index: number, field: string, name: string, first: number) =>
      `deployments.${index}: ${field}: ${name} is already used by deployments.${first}; give each deployment its own`;
    expect(result).toEqual({
      ok: false,
      errors: [
        taken(1, "environment/region", "trustwrapper-prod-us-east-1", 0),
        taken(1, "domain.name", "trustwrapper.yourdomain.com", 0),
        taken(1, "backend", "local:terraform.trustwrapper-prod-us-east-1.tfstate", 0),
        taken(1, "secrets.apiKeysSecretName", "us-east-1/trustwrapper/prod/api-keys", 0),
        taken(2, "domain.name", "trustwrapper.yourdomain.com", 0),
        taken(3, "backend", "s3:acme-state/trustwrapper.tfstate", 2),
      ],
    });
  });
});
