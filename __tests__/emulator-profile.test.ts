import { EMULATED_SERVICES, EMULATOR_DRIFT, EMULATOR_WAITS, emulatorOverride } from "../scripts/e2e/profile";
import { HybridStack } from "../src/stacks/hybrid-stack";
import { synthContainer, synthStack } from "./helpers";

// The emulator profile of `npm run e2e` must change nothing but where the provider sends its
// requests, the state's location and the named drift of the emulator.
describe("emulator profile (npm run e2e)", () => {
  const url = "http://127.0.0.1:4566";

  test("points every AWS service of every aws provider block at the emulator, with fake credentials", () => {
    const { json } = synthContainer();
    const override = emulatorOverride(json, url) as { provider: { aws: Record<string, any>[] } };
    expect(override.provider.aws).toHaveLength(json.provider.aws.length);
    for (const block of override.provider.aws) {
      expect(block.endpoints).toEqual([Object.fromEntries(EMULATED_SERVICES.map((s) => [s, url]))]);
      expect(block).toMatchObject({ access_key: "emulator", secret_key: "emulator", skip_credentials_validation: true, s3_use_path_style: true });
      // region and default tags stay those of the stack: an override block merges argument by argument
      expect(block).not.toHaveProperty("region");
      expect(block).not.toHaveProperty("default_tags");
    }
  });

  test("keeps each provider block's alias, so the override merges into the block it names", () => {
    const { json } = synthContainer();
    const withAlias = { ...json, provider: { aws: [...json.provider.aws, { alias: "us_east_1", region: "us-east-1" }] } };
    const override = emulatorOverride(withAlias, url) as { provider: { aws: Record<string, any>[] } };
    expect(override.provider.aws.map((b) => b.alias)).toEqual([undefined, "us_east_1"]);
  });

  test("replaces an S3 backend with local state in the stack's directory", () => {
    const { json } = synthContainer({ backend: { type: "s3", bucket: "acme-terraform-state" } });
    expect(json.terraform.backend.s3).toBeDefined();
    expect(emulatorOverride(json, url)).toMatchObject({ terraform: [{ backend: { local: { path: "terraform.tfstate" } } }] });
  });

  test("adds only the named drift to ignore_changes, keeping the resource's own entries", () => {
    const { json } = synthContainer();
    const override = emulatorOverride(json, url) as { resource: Record<string, Record<string, any>> };
    expect(Object.keys(override.resource).sort()).toEqual(
      Object.keys(EMULATOR_DRIFT)
        .filter((type) => json.resource[type] !== undefined)
        .sort(),
    );
    for (const [type, resources] of Object.entries(override.resource)) {
      expect(Object.keys(resources).sort()).toEqual(Object.keys(json.resource[type]).sort());
      for (const [name, resource] of Object.entries(resources)) {
        expect(Object.keys(resource)).toEqual(["lifecycle"]);
        const own: string[] = json.resource[type][name].lifecycle?.ignore_changes ?? [];
        expect(resource.lifecycle.ignore_changes.sort()).toEqual([...new Set([...own, ...EMULATOR_DRIFT[type].attributes])].sort());
      }
    }
    const [service] = Object.values(override.resource.aws_ecs_service);
    expect(service.lifecycle.ignore_changes).toContain("desired_count");
  });

  test("turns off CloudFront's wait for Deployed in the profile only, beside the distribution's ignored drift", () => {
    const { json } = synthStack(HybridStack, { architecture: "hybrid", serverless: { function: { code: { s3Bucket: "code-bucket", s3Key: "app.zip" } } } });
    const distributions = json.resource.aws_cloudfront_distribution;
    expect(Object.keys(distributions)).toHaveLength(1);
    for (const body of Object.values(distributions)) expect(body).not.toHaveProperty("wait_for_deployment");
    const override = emulatorOverride(json, url) as { resource: Record<string, Record<string, any>> };
    for (const name of Object.keys(distributions)) {
      expect(override.resource.aws_cloudfront_distribution[name]).toEqual({
        ...EMULATOR_WAITS.aws_cloudfront_distribution,
        lifecycle: { ignore_changes: EMULATOR_DRIFT.aws_cloudfront_distribution.attributes },
      });
    }
  });

  test("refuses a stack without an aws provider block", () => {
    expect(() => emulatorOverride({}, url)).toThrow("no aws provider block");
  });
});
