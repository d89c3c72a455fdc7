import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadDeployments } from "../src/config/deployments";
import { loadConfig, parseConfig } from "../src/config/load";
import { awsRegions } from "../src/config/regions";

/** Errors that teach: the field, what it takes, what the file has, and where in the file it is. */

function errorsOf(input: unknown): readonly string[] {
  const result = parseConfig(input);
  return result.ok ? [] : result.errors;
}

// Key-shaped values, built here so that the source holds no string a secret scanner would flag.
const KEYS = {
  anthropic: `sk-ant-api03-${"a1B2".repeat(10)}`,
  openai: `sk-proj-${"Z9y8".repeat(10)}`,
  google: `AIza${"Sy0123456789abcdefghijklmnopqrstuvw".slice(0, 35)}`,
  aws: `AKIA${"IOSFODNN7EXAMPLE"}`,
  aleo: `APrivateKey1zkp${"8CZNn3JCjmDK9zK2bHf4hNTBsXDd3cYyQ9Hs4Lj2VSh".slice(0, 44)}`,
};

describe("type errors", () => {
  it.each([
    ["a word for the CPU size", { service: { cpu: "lots" } }, 'service.cpu: expected a Fargate CPU size (256, 512, 1024, 2048, 4096, 8192, 16384), got "lots"'],
    ["a quoted number", { service: { desiredCount: "3" } }, 'service.desiredCount: expected a task count from 1 to 1000, got "3"'],
    ["yes for a boolean", { network: { s3GatewayEndpoint: "yes" } }, 'network.s3GatewayEndpoint: expected true or false, got "yes"'],
    ["a number for a name", { domain: { name: 5, hostedZoneName: "example.com" } }, "domain.name: expected a lower-case DNS name such as api.example.com, got 5"],
    ["a value for a section", { service: { scaling: 3 } }, "service.scaling: expected a mapping of options, got 3"],
    ["a value for a list", { secrets: { apiKeys: "OPENAI_API_KEY" } }, 'secrets.apiKeys: expected a list, got "OPENAI_API_KEY"'],
    ["a list for a value", { region: ["us-east-1"] }, "region: expected an AWS region such as us-east-1, got a list"],
    [
      "a long value, cut",
      { service: { memory: "x".repeat(100) } },
      `service.memory: expected a Fargate memory size in MiB, such as 1024, got "${"x".repeat(40)}"... (100 characters)`,
    ],
    [
      "a key-shaped value, not shown",
      { service: { cpu: KEYS.anthropic } },
      "service.cpu: expected a Fargate CPU size (256, 512, 1024, 2048, 4096, 8192, 16384), got a value that looks like an Anthropic API key (sk-ant-...) (not shown)",
    ],
    ["a missing option", { backend: { type: "s3" } }, "backend.bucket: missing: this option is required; expected an S3 bucket name"],
  ])("%s reads like a value error of the field", (_what, input, expected) => {
    expect(errorsOf(input)).toEqual([expected]);
  });

  it("word a check without a message of its own for people, not for the validation library", () => {
    expect(errorsOf({ service: { image: "" }, secrets: { apiKeys: [] } })).toEqual(["service.image: expected a non-empty value", "secrets.apiKeys: expected at least 1 item(s)"]);
  });
});

describe("unknown options", () => {
  it.each([
    ["a typing slip", { enviroment: "dev" }, "enviroment: unknown option; did you mean environment?"],
    ["a swap of two letters", { service: { contianerPort: 8080 } }, "service.contianerPort: unknown option; did you mean containerPort?"],
    ["another spelling of the name", { service: { desired_count: 3 } }, "service.desired_count: unknown option; did you mean desiredCount?"],
    ["an option of another section", { desiredCount: 3 }, "desiredCount: unknown option; did you mean service.desiredCount? (desiredCount is an option of service)"],
    [
      "nothing like any option: the options of the section",
      { service: { replicas: 3 } },
      "service.replicas: unknown option (expected one of: image, cpu, memory, cpuArchitecture, containerPort, healthCheckPath, desiredCount, logLevel, environment, healthCheck, scaling, spot)",
    ],
  ])("%s", (_what, input, expected) => {
    expect(errorsOf(input)).toEqual([expected]);
  });
});

describe("errors of a file name it, and the line and column where the file has the option", () => {
  const dir = mkdtempSync(join(tmpdir(), "trustwrapper-errors-"));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it("in YAML", () => {
    const path = file("a.yaml", "region: eu-west-1\nservice:\n  cpu: lots\n  enviroment: {}\nbackend:\n  type: s3\n");
    expect(loadConfig(path)).toEqual({
      ok: false,
      errors: [
        // A missing option: its section.
        `backend.bucket: missing: this option is required; expected an S3 bucket name (at ${path}:5:1)`,
        `service.cpu: expected a Fargate CPU size (256, 512, 1024, 2048, 4096, 8192, 16384), got "lots" (at ${path}:3:3)`,
        `service.enviroment: unknown option; did you mean environment? (at ${path}:4:3)`,
      ],
    });
  });

  it("in JSON", () => {
    const path = file("a.json", '{\n  "service": {\n    "logLevel": "LOUD"\n  }\n}\n');
    expect(loadConfig(path)).toEqual({ ok: false, errors: [`service.logLevel: expected one of: DEBUG, INFO, WARNING, ERROR, CRITICAL (at ${path}:3:5)`] });
  });

  it("of a deployment: its own field, its overrides, or the shared options it was given", () => {
    const path = file(
      "d.yaml",
      "service:\n  memory: 3072\ndeployments:\n  - environment: dev\n    region: eu-wst-1\n  - environment: staging\n    overrides:\n      service: {cpu: 256}\n",
    );
    expect(loadDeployments(path)).toEqual({
      ok: false,
      errors: [`deployments.0.region: expected a region AWS has, got eu-wst-1; did you mean eu-west-1? (at ${path}:5:5)`],
    });
    const shared = file("s.yaml", "service:\n  memory: 3072\ndeployments:\n  - environment: dev\n  - environment: staging\n    overrides:\n      service: {cpu: 256}\n");
    expect(loadDeployments(shared)).toEqual({
      ok: false,
      errors: [`deployments.1: service.memory: 3072 MiB is not a Fargate size for 256 CPU units; expected one of 512, 1024, 2048 (at ${shared}:2:3)`],
    });
    const override = file("o.yaml", "deployments:\n  - environment: dev\n    overrides:\n      service: {cpu: 300}\n");
    expect(loadDeployments(override)).toEqual({
      ok: false,
      errors: [`deployments.0: service.cpu: expected a Fargate CPU size (256, 512, 1024, 2048, 4096, 8192, 16384), got 300 (at ${override}:4:17)`],
    });
  });

  it("and without a file (an object from code), there is no place to name", () => {
    expect(errorsOf({ service: { cpu: 300 } })).toEqual(["service.cpu: expected a Fargate CPU size (256, 512, 1024, 2048, 4096, 8192, 16384), got 300"]);
  });

  it.each([
    ["empty", ""],
    ["only comments", "# region: eu-west-1\n"],
  ])("refuses a file that is %s, naming it", (_what, text) => {
    const path = file("empty.yaml", text);
    const expected = {
      ok: false,
      errors: [`${path}: the configuration file is empty (or only comments): write the options to change, or unset TRUSTWRAPPER_CONFIG for the defaults`],
    };
    expect(loadConfig(path)).toEqual(expected);
    expect(loadDeployments(path)).toEqual(expected);
  });
});

describe("regions", () => {
  it("come from the AWS SDK's partition data, every partition, without its pseudo-regions", () => {
    const regions = awsRegions();
    expect(regions.get("us-east-1")).toBe("aws");
    expect(regions.get("cn-north-1")).toBe("aws-cn");
    expect(regions.get("us-gov-west-1")).toBe("aws-us-gov");
    expect([...regions.keys()].filter((r) => r.endsWith("-global"))).toEqual([]);
  });

  it.each([
    ["a misspelt region", { region: "eu-westt-1" }, "region: expected a region AWS has, got eu-westt-1; did you mean eu-west-1?"],
    ["a zone number AWS does not have", { region: "eu-west-9" }, "region: expected a region AWS has, got eu-west-9; did you mean eu-west-1?"],
    ["a made-up region", { region: "xx-nowhere-1" }, "region: expected a region AWS has, got xx-nowhere-1"],
    ["a deployment's", { deployments: [{ environment: "dev", region: "us-esat-1" }] }, "deployments.0.region: expected a region AWS has, got us-esat-1; did you mean us-east-1?"],
    [
      "the state bucket's",
      { backend: { type: "s3", bucket: "acme-state", region: "eu-centrl-1" } },
      "backend.region: expected a region AWS has, got eu-centrl-1; did you mean eu-central-1?",
    ],
  ])("refuse %s", (_what, input, expected) => {
    expect(errorsOf(input)).toEqual([expected]);
  });

  it.each(["ap-southeast-7", "us-gov-west-1", "cn-northwest-1", "mx-central-1"])("accept %s", (region) => {
    expect(errorsOf({ region })).toEqual([]);
  });
});

describe("ARNs of resources the stack adopts must be of its partition and region", () => {
  const code = { s3Bucket: "code-bucket", s3Key: "app.zip" };
  const domain = (certificateArn: string) => ({ name: "api.example.com", hostedZoneName: "example.com", certificateArn });
  const certificate = (region: string, partition = "aws") => `arn:${partition}:acm:${region}:111122223333:certificate/0123abcd-0123-4567-89ab-0123456789ab`;
  const key = (region: string, partition = "aws") => `arn:${partition}:kms:${region}:111122223333:key/0123abcd-0123-4567-89ab-0123456789ab`;
  const secret = (region: string) => `arn:aws:secretsmanager:${region}:111122223333:secret:trustwrapper/api-keys-AbCdEf`;

  it.each([
    [
      "the load balancer's certificate from another region",
      { region: "eu-west-1", domain: domain(certificate("us-east-1")) },
      "domain.certificateArn: the load balancer takes certificates from its own region only: expected one in eu-west-1, got one in us-east-1",
    ],
    [
      "a regional API domain's certificate from another region",
      { architecture: "serverless", region: "eu-west-1", domain: domain(certificate("us-east-1")), serverless: { function: { code }, api: { customDomain: true } } },
      "domain.certificateArn: the regional API Gateway domain takes certificates from its own region only: expected one in eu-west-1, got one in us-east-1",
    ],
    [
      "CloudFront's certificate from outside us-east-1",
      { architecture: "hybrid", region: "eu-west-1", domain: domain(certificate("eu-west-1")), serverless: { function: { code } } },
      "domain.certificateArn: CloudFront takes certificates from us-east-1 only, got one from eu-west-1",
    ],
    [
      "a KMS key from another region",
      { region: "eu-west-1", encryption: { existingKmsKeyArn: key("eu-west-2") } },
      "encryption.existingKmsKeyArn: a KMS key serves its own region only: expected a key in eu-west-1, got one in eu-west-2",
    ],
    [
      "a KMS key from another partition",
      { region: "cn-north-1", encryption: { existingKmsKeyArn: key("cn-north-1") } },
      "encryption.existingKmsKeyArn: expected an ARN of the aws-cn partition (the region cn-north-1's), got one of aws",
    ],
    [
      "a certificate from another partition",
      { region: "us-gov-west-1", domain: domain(certificate("us-gov-west-1")) },
      "domain.certificateArn: expected an ARN of the aws-us-gov partition (the region us-gov-west-1's), got one of aws",
    ],
    [
      "a secret from another region",
      { region: "eu-west-1", secrets: { existingApiKeysSecretArn: secret("us-east-1") } },
      "secrets.existingApiKeysSecretArn: expected a secret in the stack's region eu-west-1 (its key, readers and change events are regional), got one in us-east-1",
    ],
  ])("refuses %s", (_what, input, expected) => {
    expect(errorsOf(input)).toEqual([expected]);
  });

  it.each([
    [
      "each in the stack's region",
      {
        region: "eu-west-1",
        domain: domain(certificate("eu-west-1")),
        encryption: { existingKmsKeyArn: key("eu-west-1") },
        secrets: { existingApiKeysSecretArn: secret("eu-west-1") },
      },
    ],
    [
      "CloudFront's certificate from us-east-1 for a stack elsewhere",
      { architecture: "hybrid", region: "eu-west-1", domain: domain(certificate("us-east-1")), serverless: { function: { code } } },
    ],
    ["a China key in a China region", { region: "cn-north-1", encryption: { existingKmsKeyArn: key("cn-north-1", "aws-cn") } }],
    [
      "a certificate the serverless stack does not use (no custom API domain)",
      { architecture: "serverless", region: "eu-west-1", domain: domain(certificate("us-east-1")), serverless: { function: { code } } },
    ],
  ])("accepts %s", (_what, input) => {
    expect(errorsOf(input)).toEqual([]);
  });
});

describe("an existing VPC's subnets", () => {
  const vpc = (publicSubnetIds: string[], privateSubnetIds: string[]) => ({ network: { existingVpc: { vpcId: "vpc-0123456789abcdef0", publicSubnetIds, privateSubnetIds } } });
  const [a, b, c, d] = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2", "subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"];

  it("refuses a subnet given as public and private", () => {
    expect(errorsOf(vpc([a, b], [c, a]))).toEqual([
      `network.existingVpc.privateSubnetIds.1: ${a} is also in publicSubnetIds: expected private subnets (a route out through NAT) apart from the public ones`,
    ]);
  });

  it("refuses a subnet listed twice, which is not a second zone", () => {
    expect(errorsOf(vpc([a, a], [c, d]))).toEqual([`network.existingVpc.publicSubnetIds.1: ${a} is listed twice: expected each subnet once`]);
  });

  it("accepts four different subnets", () => {
    expect(errorsOf(vpc([a, b], [c, d]))).toEqual([]);
  });
});

describe("secret-looking values in plain variables, whatever their name", () => {
  it.each(Object.entries(KEYS))("refuses a %s key, without showing it", (_provider, value) => {
    for (const [field, input] of [
      ["service.environment.SETTING", { service: { environment: { SETTING: value } } }],
      ["serverless.function.environment.SETTING", { serverless: { function: { environment: { SETTING: `Bearer ${value}` } } } }],
    ] as const) {
      const errors = errorsOf(input);
      expect(errors).toEqual([
        expect.stringMatching(
          new RegExp(`^${field.replace(/\./g, "\\.")}: the value looks like .+, and plain variables are stored in Terraform state; add SETTING to secrets.apiKeys`),
        ),
      ]);
      expect(errors[0]).not.toContain(value);
    }
  });

  it("accepts values that only start like a key", () => {
    expect(errorsOf({ service: { environment: { MODE: "sk-short", SITE: "https://example.com/AIza", REGION_NAME: "AKIA" } } })).toEqual([]);
  });
});
