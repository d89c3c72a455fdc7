import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadDeployments } from "../src/config/deployments";
import { configurationSources, PROJECT_ROOT } from "../src/config/sources";
import { CostLine, estimateStack, NOT_PRICED_RESOURCE_TYPES, PRICED_RESOURCE_TYPES, StackEstimate } from "../src/cost/estimate";
import { loadPriceSheet, PriceSheet, readPriceSheet } from "../src/cost/price-sheet";
import { estimateConfigs, formatReport } from "../src/cost/report";
import { synthesize } from "../src/terraform/synthesized";
import { config } from "./helpers";
import { euWest1PriceSheet } from "./price-sheet-fixture";

// Each configuration's stack is synthesized once in this file (several tests read the same one).
jest.mock("../src/terraform/synthesized", () => require("./synthesize-once").synthesizedOnce());

const sum = (lines: readonly CostLine[]) => lines.reduce((s, l) => s + l.monthly, 0);
const linesOf = (estimate: StackEstimate, service: string) => estimate.lines.filter((l) => l.service === service);

function estimateOf(file?: string): StackEstimate {
  const result = loadDeployments(file === undefined ? "" : join(PROJECT_ROOT, file));
  if (!result.ok) throw new Error(result.errors.join("\n"));
  const [only] = estimateConfigs(result.configs);
  if (!("estimate" in only)) throw new Error(only.noSheet);
  return only.estimate;
}

describe("price arithmetic", () => {
  const tiny: PriceSheet = {
    region: "test-1",
    currency: "USD",
    date: "2026-01-01",
    hoursPerMonth: 100,
    prices: {
      "fargate.vcpuHour.ARM64": { price: 0.5, unit: "vCPU-hour", source: "test" },
      "fargate.gbHour.ARM64": { price: 0.25, unit: "GB-hour", source: "test" },
      "rds.instanceHour.db.t4g.micro": { price: 1, unit: "instance-hour", source: "test" },
      "rds.gp3GbMonth": { price: 0.1, unit: "GB-month", source: "test" },
      "rds.multiAzFactor": { price: 2, unit: "factor", source: "test" },
      "vpcEndpoint.interfaceHour": { price: 0.01, unit: "endpoint-AZ-hour", source: "test" },
      "vpcEndpoint.gatewayMonth": { price: 0, unit: "endpoint-month", source: "test" },
      "dataTransfer.outGb": { price: 0.1, unit: "GB", source: "test" },
    },
  };
  const json = {
    resource: {
      aws_ecs_task_definition: { task: { cpu: "2048", memory: "4096", runtime_platform: { cpu_architecture: "ARM64" } } },
      aws_ecs_service: { api: { launch_type: "FARGATE", desired_count: 3, task_definition: "${aws_ecs_task_definition.task.arn}" } },
      aws_db_instance: { db: { instance_class: "db.t4g.micro", allocated_storage: 50, storage_type: "gp3", multi_az: true } },
      aws_vpc_endpoint: {
        s3: { vpc_endpoint_type: "Gateway", service_name: "com.amazonaws.test-1.s3" },
        logs: { vpc_endpoint_type: "Interface", service_name: "com.amazonaws.test-1.logs", subnet_ids: ["a", "b", "c"] },
      },
    },
  };
  const estimate = estimateStack(json, tiny, config().estimate);

  it("multiplies tasks × size × hours × price, from the task definition the service references", () => {
    const [vcpu, memory] = linesOf(estimate, "ECS Fargate");
    expect(vcpu.quantity).toBe(3 * 2 * 100);
    expect(vcpu.monthly).toBe(3 * 2 * 100 * 0.5);
    expect(memory.monthly).toBe(3 * 4 * 100 * 0.25);
  });

  it("doubles instance and storage for Multi-AZ, and sums every line into the total", () => {
    const [instance, storage] = linesOf(estimate, "RDS PostgreSQL");
    expect(instance.monthly).toBe(100 * 1 * 2);
    expect(storage.monthly).toBeCloseTo(50 * 0.1 * 2, 10);
    expect(estimate.total).toBeCloseTo(300 + 300 + 200 + 10 + 3 * 100 * 0.01 + 100 * 0.1, 10);
    expect(estimate.missingPrices).toEqual([]);
  });

  it("prices an interface endpoint per zone and hour, and lists a gateway endpoint at its price of zero", () => {
    expect(linesOf(estimate, "VPC").map((l) => [l.item, l.monthly])).toEqual([
      ["s3 gateway endpoint", 0],
      ["logs interface endpoint in 3 zones", 3 * 100 * 0.01],
    ]);
  });

  it("reports a price the sheet lacks instead of guessing it", () => {
    const other = estimateStack({ resource: { aws_db_instance: { db: { instance_class: "db.r6g.large", allocated_storage: 20, multi_az: false } } } }, tiny, config().estimate);
    expect(other.missingPrices.join("\n")).toContain('pricing/test-1.json has no price "rds.instanceHour.db.r6g.large"');
  });

  it("refuses a resource type it has not classified", () => {
    expect(() => estimateStack({ resource: { aws_instance: { web: {} } } }, tiny, config().estimate)).toThrow(
      "the cost estimate does not know aws_instance: add each to PRICED_RESOURCE_TYPES or NOT_PRICED_RESOURCE_TYPES",
    );
  });
});

describe("serverless and hybrid lines (API Gateway, Lambda, DynamoDB, CloudFront, WAF)", () => {
  const assume = config({ estimate: { requestsPerMonth: 2_000_000, lambdaDurationMs: 100, dataTransferOutGb: 10 } }).estimate;
  const json = {
    resource: {
      aws_apigatewayv2_api: { api: { protocol_type: "HTTP" } },
      aws_lambda_function: { fn: { memory_size: 512, architectures: ["arm64"] } },
      aws_dynamodb_table: { table: { billing_mode: "PAY_PER_REQUEST" } },
      aws_cloudfront_distribution: { cdn: {} },
      aws_wafv2_web_acl: { acl: { scope: "CLOUDFRONT", rule: [{}, {}, {}] } },
    },
  };
  const estimate = estimateStack(json, loadPriceSheet("us-east-1")!, assume);
  const monthly = (service: string) => Math.round(sum(linesOf(estimate, service)) * 10000) / 10000;

  it("prices each from the configured request volume", () => {
    expect(monthly("API Gateway")).toBe(2 * 1.0);
    expect(monthly("Lambda")).toBe(Math.round((2 * 0.2 + 0.5 * 0.1 * 2_000_000 * 0.0000133334) * 10000) / 10000);
    expect(monthly("DynamoDB")).toBe(Math.round((2 * 1 * 0.625 + 2 * 2 * 0.125 + 1 * 0.25) * 10000) / 10000);
    expect(monthly("WAF")).toBe(5 + 3 * 1 + 2 * 0.6);
  });

  it("sends the data transfer out through CloudFront when the stack has a distribution", () => {
    expect(monthly("CloudFront")).toBe(Math.round(200 * 0.01 * 10000) / 10000);
    expect(linesOf(estimate, "Data transfer").map((l) => [l.priceKey, l.quantity])).toEqual([["cloudfront.outGb", 10]]);
  });
});

describe("the guide's cost table (~$189/month) for the guide's configuration (the defaults)", () => {
  const estimate = estimateOf();
  // The guide's rows, and the lines of the estimate each corresponds to.
  const guideRows = {
    "ECS Fargate (2 × 0.5 vCPU × 1 GB), ~$30": linesOf(estimate, "ECS Fargate"),
    "ALB, ~$25": linesOf(estimate, "Load balancer"),
    "RDS db.t3.small 100 GB Multi-AZ, ~$80": linesOf(estimate, "RDS PostgreSQL"),
    "ElastiCache cache.t3.micro, ~$25": linesOf(estimate, "ElastiCache"),
    "Data transfer 100 GB, ~$9": linesOf(estimate, "Data transfer"),
    "CloudWatch, ~$20": linesOf(estimate, "CloudWatch"),
  };

  it("reproduces each row from the price sheet", () => {
    const rows = Object.fromEntries(Object.entries(guideRows).map(([row, lines]) => [row, Math.round(sum(lines) * 100) / 100]));
    expect(rows).toEqual({
      "ECS Fargate (2 × 0.5 vCPU × 1 GB), ~$30": Math.round((730 * 0.04048 + 2 * 730 * 0.004445) * 100) / 100, // 36.04
      "ALB, ~$25": Math.round((730 * 0.0225 + 730 * 0.008 + 2 * 730 * 0.005) * 100) / 100, // 29.57 with its two public IPs
      "RDS db.t3.small 100 GB Multi-AZ, ~$80": Math.round((730 * 0.036 * 2 + 100 * 0.115 * 2) * 100) / 100, // 75.56
      "ElastiCache cache.t3.micro, ~$25": Math.round(730 * 0.017 * 100) / 100, // 12.41: the guide overstates it
      "Data transfer 100 GB, ~$9": 9,
      "CloudWatch, ~$20": Math.round((3 + 13 * 0.1 + 20 * 0.5 + 20 * 12 * 0.03) * 100) / 100, // 21.50
    });
    const guideTotal = sum(Object.values(guideRows).flat());
    expect(Math.abs(guideTotal - 189) / 189).toBeLessThan(0.05);
  });

  it("shows the NAT gateway the table missed, and what it adds", () => {
    const nat = [...linesOf(estimate, "NAT gateway"), ...estimate.lines.filter((l) => l.item === "Elastic IP (public IPv4)")];
    expect(nat.map((l) => [l.item, Math.round(l.monthly * 100) / 100])).toEqual([
      ["NAT gateway hours", 32.85],
      ["50 GB processed (estimate.natDataGb)", 2.25],
      ["Elastic IP (public IPv4)", 3.65],
    ]);
    const guideLines = new Set(Object.values(guideRows).flat());
    const rest = estimate.lines.filter((l) => !guideLines.has(l));
    // WAF: the load balancer's web ACL, on by default in prod, is not in the guide either.
    expect(rest.every((l) => ["NAT gateway", "VPC", "Secrets Manager", "KMS", "S3", "WAF"].includes(l.service))).toBe(true);
    expect(estimate.total).toBeCloseTo(sum(Object.values(guideRows).flat()) + sum(rest), 10);
    expect(sum(rest)).toBeGreaterThan(32.85 + 2.25 + 3.65);
  });

  it("prices one NAT gateway per zone with natGateways: perAz", () => {
    const [perAz] = estimateConfigs([config({ network: { natGateways: "perAz", availabilityZones: 3 } })]);
    const hours = "estimate" in perAz ? perAz.estimate.lines.filter((l) => l.item === "NAT gateway hours") : [];
    expect(hours).toHaveLength(3);
  });
});

describe("the examples", () => {
  const sources = configurationSources();

  it.each(sources.map((s) => [s.name, s.file]))("%s: every resource type has a price or an explicit not-priced reason, and every price is in the sheet", (_, file) => {
    const result = loadDeployments(file === undefined ? "" : join(PROJECT_ROOT, file));
    if (!result.ok) throw new Error(result.errors.join("\n"));
    for (const cfg of result.configs) {
      const types = Object.keys(synthesize(cfg).resource ?? {});
      const unclassified = types.filter((t) => PRICED_RESOURCE_TYPES[t] === undefined && NOT_PRICED_RESOURCE_TYPES[t] === undefined);
      expect(unclassified).toEqual([]);
      const [priced] = estimateConfigs([cfg]);
      expect("estimate" in priced && priced.estimate.missingPrices).toEqual([]);
    }
  });

  it("lean.yaml costs less than half the guide's configuration, on the lines that shrink", () => {
    const guide = estimateOf();
    const lean = estimateOf("examples/lean.yaml");
    expect(lean.total).toBeLessThan(guide.total / 2);
    for (const service of ["ECS Fargate", "RDS PostgreSQL", "ElastiCache"]) {
      expect({ service, lean: sum(linesOf(lean, service)) < sum(linesOf(guide, service)) }).toEqual({ service, lean: true });
    }
    expect(linesOf(lean, "ECS Fargate").map((l) => l.priceKey)).toEqual(["fargate.vcpuHour.ARM64", "fargate.gbHour.ARM64"]);
  });
});

describe("regions and the report", () => {
  it("says so clearly when the region has no price sheet", () => {
    const report = formatReport(estimateConfigs([config({ region: "eu-west-1" })]));
    expect(report).toContain("no price sheet for region eu-west-1 (pricing/ has: us-east-1); not estimated");
  });

  it("prices each deployment of a file separately", () => {
    const result = loadDeployments(join(PROJECT_ROOT, "examples", "lean.yaml"));
    if (!result.ok) throw new Error(result.errors.join("\n"));
    const two = estimateConfigs([result.configs[0], config({ environment: "prod" })]);
    expect(formatReport(two)).toMatch(/All environments: \$\d+\.\d\d a month/);
    const withUnpriced = estimateConfigs([config(), config({ region: "eu-west-1" })]);
    const pricedTotal = "estimate" in withUnpriced[0] ? withUnpriced[0].estimate.total : NaN;
    expect(formatReport(withUnpriced)).toContain(`1 of 2 environments (the others not estimated): $${pricedTotal.toFixed(2)} a month`);
  });
});

describe("a price sheet of your own for another region (--prices)", () => {
  const { dir, sheetFile, usEast1 } = euWest1PriceSheet();

  it("prices a stack in its region with it, and names the file", () => {
    const [usEast] = estimateConfigs([config()]);
    const [euWest] = estimateConfigs([config({ region: "eu-west-1" })], [{ sheet: readPriceSheet(sheetFile), file: sheetFile }]);
    if (!("estimate" in usEast) || !("estimate" in euWest)) throw new Error("expected both stacks estimated");
    expect(euWest.estimate.total).toBeCloseTo(usEast.estimate.total * 1.1, 1);
    expect(formatReport([euWest])).toContain(`prices: ${sheetFile}, USD`);
  });

  it("refuses a sheet that is not in the format of pricing/*.json, naming the file and field", () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ ...usEast1, region: "eu-west-1", prices: { "fargate.vcpuHour.X86_64": { price: "cheap", unit: "vCPU-hour", source: "me" } } }));
    expect(() => readPriceSheet(bad)).toThrow(`${bad}: prices.fargate.vcpuHour.X86_64.price: expected a price as a number`);
  });
});
