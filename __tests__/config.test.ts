import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, parseConfig } from "../src/config/load";
import { configSchema } from "../src/config/schema";

function errorsOf(input: unknown): readonly string[] {
  const result = parseConfig(input);
  if (result.ok) throw new Error("expected the configuration to be rejected");
  return result.errors;
}

describe("configuration defaults", () => {
  const result = parseConfig({});

  it("are the guide's values", () => {
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const c = result.config;
    expect(c).toMatchObject({
      project: "trustwrapper",
      environment: "prod",
      region: "us-east-1",
      architecture: "container",
      network: { vpcCidr: "10.0.0.0/16", availabilityZones: 2, natGateways: "single" },
      domain: { name: "trustwrapper.yourdomain.com", hostedZoneName: "yourdomain.com" },
      service: {
        image: "your-registry/trustwrapper:latest",
        cpu: 512,
        memory: 1024,
        containerPort: 8000,
        healthCheckPath: "/health",
        desiredCount: 2,
        logLevel: "INFO",
        healthCheck: { intervalSeconds: 30, timeoutSeconds: 10, retries: 3, startPeriodSeconds: 60 },
        scaling: {
          minCount: 2,
          maxCount: 10,
          cpuTargetPercent: 70,
          memoryTargetPercent: 80,
          requestsPerTarget: 1000,
          scaleInCooldownSeconds: 60,
          scaleOutCooldownSeconds: 60,
        },
      },
      application: {
        aleoNetwork: "testnet3",
        agentRegistryContract: "agent_registry_simple.aleo",
        trustVerifierContract: "trust_verifier_test.aleo",
      },
      database: { engineVersion: "17", instanceClass: "db.t3.small", allocatedStorageGb: 100, multiAz: true, name: "trustwrapper" },
      cache: { nodeType: "cache.t3.micro", nodes: 1 },
      secrets: { apiKeysSecretName: "trustwrapper/prod/api-keys", apiKeys: ["ANTHROPIC_API_KEY", "GOOGLE_API_KEY", "ALEO_PRIVATE_KEY"] },
    });
  });
});

describe("bad input gets one line per problem naming the field", () => {
  it.each([
    ["a malformed CIDR", { network: { vpcCidr: "10.0.0/33" } }, "network.vpcCidr: expected an IPv4 CIDR such as 10.0.0.0/16"],
    ["a CIDR with host bits", { network: { vpcCidr: "10.0.0.1/16" } }, "network.vpcCidr: expected the network address"],
    ["a VPC too small for its subnets", { network: { vpcCidr: "10.0.0.0/26" } }, "network.vpcCidr: expected a prefix length from /16 to /24"],
    ["desired count above max", { service: { desiredCount: 12 } }, "service.desiredCount: expected a count from scaling.minCount (2) to scaling.maxCount (10), got 12"],
    ["min above max", { service: { scaling: { minCount: 5, maxCount: 3 }, desiredCount: 4 } }, "service.scaling.minCount: expected at most maxCount (3), got 5"],
    ["a port out of range", { service: { containerPort: 70000 } }, "service.containerPort: expected a container port as a whole number from 1 to 65535"],
    ["an unknown architecture", { architecture: "kubernetes" }, "architecture: expected one of: container"],
    ["an unknown option", { servce: {} }, "servce: unknown option; did you mean service?"],
    ["an unknown option of the architecture", { service: { replicas: 3 } }, "service.replicas: unknown option (expected one of: image, cpu, memory"],
    [
      "a domain without a hosted zone",
      { domain: { name: "api.example.com" } },
      "domain.hostedZoneId: the domain api.example.com needs its Route53 hosted zone: set hostedZoneId or hostedZoneName",
    ],
    [
      "a domain outside its zone",
      { domain: { name: "api.example.org", hostedZoneName: "example.com" } },
      "domain.name: expected a name inside the hosted zone example.com, got api.example.org",
    ],
    [
      "a non-Fargate CPU/memory pair",
      { service: { cpu: 512, memory: 512 } },
      "service.memory: 512 MiB is not a Fargate size for 512 CPU units; expected one of 1024, 2048, 3072, 4096",
    ],
    ["a non-Fargate CPU size", { service: { cpu: 300 } }, "service.cpu: expected a Fargate CPU size (256, 512, 1024, 2048, 4096, 8192, 16384), got 300"],
    ["an unknown environment", { environment: "qa" }, "environment: expected one of: dev, staging, prod"],
    ["a malformed region", { region: "useast1" }, "region: expected an AWS region such as us-east-1"],
    ["an unsupported PostgreSQL version", { database: { engineVersion: "12" } }, "database.engineVersion: expected one of: 14, 15, 16, 17"],
    ["an empty environment value", { service: { environment: { FEATURE_X: "" } } }, "service.environment.FEATURE_X: expected a non-empty value"],
    ["an environment variable the deployment sets", { service: { environment: { REDIS_URL: "redis://x" } } }, "service.environment.REDIS_URL: REDIS_URL is set by the deployment"],
    ["a wrong type", { service: { cpu: "512" } }, 'service.cpu: expected a Fargate CPU size (256, 512, 1024, 2048, 4096, 8192, 16384), got "512"'],
    ["a bad e-mail", { observability: { alarmEmail: "ops" } }, "observability.alarmEmail: expected an e-mail address"],
    ["a reserved database user", { database: { masterUsername: "postgres" } }, "database.masterUsername: expected a user name that PostgreSQL/RDS does not reserve"],
  ])("%s", (_what, input, expected) => {
    const errors = errorsOf(input);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(expected);
    expect(errors[0]).not.toContain("\n");
  });

  it("reports every problem at once, each on its own line", () => {
    const errors = errorsOf({ network: { vpcCidr: "nope" }, service: { containerPort: 0, cpu: 300 }, extra: true });
    expect(errors).toEqual([
      "network.vpcCidr: expected an IPv4 CIDR such as 10.0.0.0/16",
      "service.containerPort: expected a container port as a whole number from 1 to 65535",
      "service.cpu: expected a Fargate CPU size (256, 512, 1024, 2048, 4096, 8192, 16384), got 300",
      expect.stringMatching(/^extra: unknown option/),
    ]);
  });
});

describe("names AWS would refuse, and VPCs too small for the service", () => {
  const code = { s3Bucket: "code-bucket", s3Key: "app.zip" };
  // 3 labels of 63 and example.com: 203 characters, so the origin label may have 49 (253 in all).
  const longDomain = { name: `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.example.com`, hostedZoneName: "example.com" };
  const refused = (architecture: string, prefix: string, what: string) =>
    `project: the ${architecture} architecture names its database, cache and load balancer ${prefix} (<project>-<environment>), ${what} AWS refuses: expected `;

  it.each([
    ["-- in the project (RDS and ElastiCache identifiers)", { project: "ab--cd" }, refused("container", "ab--cd-prod", "an RDS DB identifier")],
    [
      "a project starting with internal- (load balancer)",
      { architecture: "hybrid", project: "internal-api", serverless: { function: { code } } },
      refused("hybrid", "internal-api-prod", "a load balancer name"),
    ],
    ["a project starting with sg- (security groups)", { project: "sg-api", environment: "dev" }, refused("container", "sg-api-dev", "a security group name")],
    ["a region longer than any AWS region", { region: "ap-southeasts-1" }, "region: expected an AWS region such as us-east-1"],
    [
      "an origin name over 253 characters",
      { architecture: "hybrid", domain: longDomain, hybrid: { originSubdomain: "o".repeat(50) }, serverless: { function: { code } } },
      "hybrid.originSubdomain: the load balancer's name o",
    ],
    [
      "a /24 VPC: /28 subnets",
      { network: { vpcCidr: "10.0.0.0/24" } },
      "network.vpcCidr: 10.0.0.0/24 yields /28 subnets of 11 usable addresses each; the load balancer needs public subnets of /27 or larger (a VPC of /23 or larger)",
    ],
    [
      "a /23 VPC for 26 tasks",
      { network: { vpcCidr: "10.0.0.0/23" }, service: { scaling: { maxCount: 26 } } },
      "network.vpcCidr: 10.0.0.0/23 yields /27 subnets of 27 usable addresses each; each private subnet must hold 28: 26 tasks (2 × service.scaling.maxCount 26 during a deployment, over 2 zones), 1 database instance and 1 cache node(s)",
    ],
    [
      "a /20 VPC for 1000 tasks over 3 zones and 6 cache nodes",
      { network: { vpcCidr: "10.0.0.0/20", availabilityZones: 3 }, service: { scaling: { maxCount: 1000 } }, cache: { nodes: 6 } },
      "each private subnet must hold 670: 667 tasks (2 × service.scaling.maxCount 1000 during a deployment, over 3 zones), 1 database instance and 2 cache node(s)",
    ],
  ])("refuses %s, naming the field", (_what, input, expected) => {
    const errors = errorsOf(input);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(expected);
  });

  it.each([
    ["-- in a serverless project (no RDS, ElastiCache or load balancer)", { architecture: "serverless", project: "ab--cd", serverless: { function: { code } } }],
    ["a /24 VPC in the serverless architecture, which builds none", { architecture: "serverless", network: { vpcCidr: "10.0.0.0/24" }, serverless: { function: { code } } }],
    ["the longest region and project", { project: "abcdefghij-klmnopqrs", environment: "staging", region: "ap-southeast-7" }],
    ["an origin name of 253 characters", { architecture: "hybrid", domain: longDomain, hybrid: { originSubdomain: "o".repeat(49) }, serverless: { function: { code } } }],
    ["the most tasks a /23 VPC holds", { network: { vpcCidr: "10.0.0.0/23" }, service: { scaling: { maxCount: 25 } } }],
    [
      "a /24 range when the VPC is your own",
      {
        network: {
          vpcCidr: "10.0.0.0/24",
          existingVpc: {
            vpcId: "vpc-0123456789abcdef0",
            publicSubnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"],
            privateSubnetIds: ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"],
          },
        },
      },
    ],
  ])("accepts %s", (_what, input) => {
    const result = parseConfig(input);
    expect(result.ok ? [] : result.errors).toEqual([]);
  });
});

describe("configuration files", () => {
  const dir = mkdtempSync(join(tmpdir(), "trustwrapper-config-"));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it("uses the defaults without a file", () => {
    expect(loadConfig(undefined)).toEqual(parseConfig({}));
  });

  it("reads YAML", () => {
    const result = loadConfig(file("a.yaml", "environment: dev\nservice:\n  desiredCount: 3\n"));
    expect(result.ok && result.config.environment).toBe("dev");
    expect(result.ok && result.config.service.desiredCount).toBe(3);
  });

  it("reads JSON", () => {
    const result = loadConfig(file("a.json", JSON.stringify({ region: "eu-west-1" })));
    expect(result.ok && result.config.region).toBe("eu-west-1");
  });

  it("names the file and line of a syntax error", () => {
    const path = file("broken.yaml", "service:\n  cpu: [512\n");
    const result = loadConfig(path);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0]).toMatch(new RegExp(`^${path}:\\d+: `));
  });

  it("rejects duplicate keys", () => {
    expect(loadConfig(file("dup.yaml", "region: us-east-1\nregion: eu-west-1\n")).ok).toBe(false);
  });

  it("names a missing file", () => {
    const result = loadConfig(join(dir, "missing.yaml"));
    expect(!result.ok && result.errors).toEqual([`${join(dir, "missing.yaml")}: cannot read the configuration file (ENOENT)`]);
  });

  it("rejects a top level that is not a mapping", () => {
    const result = loadConfig(file("list.yaml", "- a\n- b\n"));
    expect(!result.ok && result.errors[0]).toContain("expected a mapping of options at the top level");
  });
});

/** Which options each architecture's example documents: its own section, and for the container one everything else. */
const EXAMPLE_OPTIONS: Record<string, (path: string) => boolean> = {
  "container.yaml": (path) => !path.startsWith("serverless.") && !path.startsWith("hybrid."),
  "serverless.yaml": (path) => path.startsWith("serverless."),
  "hybrid.yaml": (path) => path.startsWith("hybrid."),
};

describe.each(Object.entries(EXAMPLE_OPTIONS))("examples/%s", (name, documents) => {
  const file = join(__dirname, "..", "examples", name);
  const text = require("node:fs").readFileSync(file, "utf8") as string;

  it("is a valid configuration", () => {
    const result = loadConfig(file);
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it("documents every option of its architecture, each with a comment", () => {
    // Sections (network:, service:, ...) need no comment of their own; every option inside does.
    const options = optionPaths(configSchema).filter(documents);
    expect(options.length).toBeGreaterThanOrEqual(name === "container.yaml" ? 40 : 5);
    for (const path of options) {
      const key = path.split(".").pop()!;
      const line = text.split("\n").find((l) => new RegExp(`^\\s*#?\\s*${key}:`).test(l));
      expect({ path, documented: line?.includes("#") }).toEqual({ path, documented: true });
    }
  });
});

/** Every option (leaf) path of the schema, e.g. `service.scaling.minCount`. */
function optionPaths(schema: any, prefix = ""): string[] {
  let current = schema;
  while (current?._zod?.def?.innerType || current?._zod?.def?.type === "pipe") {
    current = current._zod.def.innerType ?? current._zod.def.in;
  }
  // A choice of shapes (the backend kinds): every option of every shape.
  const options: any[] | undefined = current?._zod?.def?.type === "union" ? current._zod.def.options : undefined;
  if (options) return [...new Set(options.flatMap((option) => optionPaths(option, prefix)))];
  const shape = current?._zod?.def?.shape;
  if (!shape) return [];
  return Object.entries(shape).flatMap(([key, value]) => {
    const nested = optionPaths(value, `${prefix}${key}.`);
    return nested.length > 0 ? nested : [`${prefix}${key}`];
  });
}

describe("keys without a value", () => {
  it("mean the default, like a section whose options are all commented out", () => {
    const result = parseConfig({ observability: null, service: { logLevel: null } });
    expect(result.ok && result.config.service.logLevel).toBe("INFO");
    expect(result.ok && result.config.observability).toEqual({ budget: { enabled: false } });
  });
});
