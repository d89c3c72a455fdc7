import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadDeployments, stackName } from "../../src/config/deployments";
import { configurationSources, PROJECT_ROOT } from "../../src/config/sources";
import { diagramName } from "../../src/diagram/render";
import { synthesize } from "../../src/terraform/synthesized";
import { addressesOf } from "../helpers";
import { euWest1PriceSheet } from "../price-sheet-fixture";

// npm run cost and npm run diagram, run as users run them (node --import tsx scripts/<name>.ts).

describe("regions and the report", () => {
  it("npm run cost -- --config <file> prints the environment, its price sheet, the assumptions and the total", () => {
    const file = join(PROJECT_ROOT, "examples", "lean.yaml");
    const run = spawnSync("node", ["--import", "tsx", "scripts/cost.ts", "--config", file], { cwd: PROJECT_ROOT, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/== trustwrapper-dev-us-east-1 \(dev, us-east-1, container\) ==/);
    expect(run.stdout).toMatch(/prices: pricing\/us-east-1\.json, USD, checked \d{4}-\d\d-\d\d/);
    expect(run.stdout).toMatch(/assumptions \(estimate: in the configuration\): albLcu=0\.2, natDataGb=3/);
    expect(run.stdout).toMatch(/Total a month +\$\d+\.\d\d/);
  });
});

describe("a price sheet of your own for another region (--prices)", () => {
  const { dir, sheetFile } = euWest1PriceSheet();

  it("npm run cost -- --prices <file> estimates a region pricing/ has no sheet for", () => {
    const configFile = join(dir, "eu.yaml");
    writeFileSync(configFile, "region: eu-west-1\n");
    const run = spawnSync("node", ["--import", "tsx", "scripts/cost.ts", "--config", configFile, "--prices", sheetFile], { cwd: PROJECT_ROOT, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("== trustwrapper-prod-eu-west-1 (prod, eu-west-1, container) ==");
    expect(run.stdout).toMatch(/Total a month +\$\d+\.\d\d/);
  });
});

/** The node titles of a Graphviz SVG (each node's title is its Terraform address). */
function svgNodeTitles(svg: string): string[] {
  return [...svg.matchAll(/<g id="node\d+" class="node">\s*<title>([^<]*)<\/title>/g)].map((m) => m[1].replace(/&#45;/g, "-").replace(/&#46;/g, ".")).sort();
}

describe("npm run diagram", () => {
  it("--detail renders the cdk.tf.json of synthesized stacks to SVG with every resource, no browser or network", () => {
    const dir = mkdtempSync(join(tmpdir(), "trustwrapper-diagram-"));
    const result = loadDeployments(join(PROJECT_ROOT, "examples", "lean.yaml"));
    if (!result.ok) throw new Error(result.errors.join("\n"));
    const json = synthesize(result.configs[0]);
    mkdirSync(join(dir, "stacks", "lean-stack"), { recursive: true });
    writeFileSync(join(dir, "stacks", "lean-stack", "cdk.tf.json"), JSON.stringify(json));
    const run = spawnSync("node", ["--import", "tsx", "scripts/diagram.ts", "--stacks", dir, "--out", join(dir, "svg"), "--detail"], { cwd: PROJECT_ROOT, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(readdirSync(join(dir, "svg"))).toEqual(["lean-stack-detail.svg"]);
    const svg = readFileSync(join(dir, "svg", "lean-stack-detail.svg"), "utf8");
    expect(svg).toMatch(/^<\?xml[\s\S]*<svg [\s\S]*<\/svg>\s*$/);
    expect(svgNodeTitles(svg)).toEqual(addressesOf(json));
    for (const label of ["VPC", "Public subnets", "Private subnets", "Regional services", "Global services"]) expect(svg).toContain(`>${label}</text>`);
  });

  it("--check fails on a picture that is not what npm run diagram writes, naming it", () => {
    const dir = mkdtempSync(join(tmpdir(), "trustwrapper-diagram-"));
    writeFileSync(join(dir, "trustwrapper-prod-us-east-1.svg"), "<svg/>");
    const run = spawnSync("node", ["--import", "tsx", "scripts/diagram.ts", "--config", "examples/serverless.yaml", "--out", dir, "--check"], {
      cwd: PROJECT_ROOT,
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("stale (run npm run diagram and commit the result):");
    expect(run.stderr).toContain("trustwrapper-prod-us-east-1.svg");
  });

  it("the committed docs/diagrams/ pictures are exactly what npm run diagram writes now, each with its components, and the README shows each", () => {
    const run = spawnSync("node", ["--import", "tsx", "scripts/diagram.ts", "--check"], { cwd: PROJECT_ROOT, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const readme = readFileSync(join(PROJECT_ROOT, "README.md"), "utf8");
    for (const source of configurationSources()) {
      const result = loadDeployments(source.file === undefined ? "" : join(PROJECT_ROOT, source.file));
      if (!result.ok) throw new Error(result.errors.join("\n"));
      for (const cfg of result.configs) {
        const picture = `docs/diagrams/${diagramName(source.name, stackName(cfg), result.configs.length)}.svg`;
        const nodes = svgNodeTitles(readFileSync(join(PROJECT_ROOT, picture), "utf8"));
        expect({ picture, nodes }).toEqual({ picture, nodes: expect.arrayContaining(["users", "api-keys", "encryption-key", "dns"]) });
        expect(readme).toContain(`(${picture})`);
      }
    }
  });
});
