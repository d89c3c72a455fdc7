// npm run diagram: writes docs/diagrams/<configuration>.svg, the architecture picture (components,
// traffic, sizes and monthly cost) of the stack of the default configuration and of each example
// (run it after changing resources and commit the result; the README embeds them).
//   npm run diagram -- --config <file> [--out <dir>]     the stacks of one configuration file
//   npm run diagram -- --stacks cdktf.out [--out <dir>]  the cdk.tf.json of each synthesized stack
//                                                        (cost with the default estimate assumptions)
//   npm run diagram -- --detail                          every resource instead: <name>-detail.svg
//   npm run diagram -- --check                           write nothing; exit 1 if a picture is stale
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { loadDeployments, stackName } from "../src/config/deployments";
import { EstimateAssumptions } from "../src/config/schema";
import { configurationSources, PROJECT_ROOT } from "../src/config/sources";
import { estimateStack } from "../src/cost/estimate";
import { loadPriceSheet } from "../src/cost/price-sheet";
import { diagramName, renderSvg } from "../src/diagram/render";
import { synthesize, TerraformDocument } from "../src/terraform/synthesized";

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

function configsOf(file: string | undefined) {
  const result = loadDeployments(file ?? "");
  if (!result.ok) {
    for (const line of result.errors) console.error(`config error: ${line}`);
    process.exit(1);
  }
  return result.configs;
}

/** The stacks to draw: file name (without .svg), Terraform JSON, and the region and assumptions to price it with. */
function stacks(): { file: string; title: string; json: TerraformDocument; region: string; assume: EstimateAssumptions }[] {
  const dir = option("--stacks");
  if (dir !== undefined) {
    const stacksDir = join(dir, "stacks");
    if (!existsSync(stacksDir)) throw new Error(`${stacksDir}: not found; run npm run synth first`);
    const assume = configsOf(undefined)[0].estimate;
    return readdirSync(stacksDir).map((stack) => {
      const json = JSON.parse(readFileSync(join(stacksDir, stack, "cdk.tf.json"), "utf8"));
      return { file: stack, title: stack, json, region: json.provider?.aws?.[0]?.region, assume };
    });
  }
  const config = option("--config");
  const sources = config !== undefined ? [{ name: undefined, file: config }] : configurationSources().map((s) => ({ name: s.name, file: s.file && join(PROJECT_ROOT, s.file) }));
  return sources.flatMap((source) => {
    const configs = configsOf(source.file);
    return configs.map((cfg) => {
      const stack = stackName(cfg);
      const file = source.name === undefined ? stack : diagramName(source.name, stack, configs.length);
      return { file, title: `${stack} (${source.name ?? source.file})`, json: synthesize(cfg), region: cfg.region, assume: cfg.estimate };
    });
  });
}

async function main() {
  const out = option("--out") ?? join(PROJECT_ROOT, "docs", "diagrams");
  const detail = process.argv.includes("--detail");
  const check = process.argv.includes("--check");
  const stale: string[] = [];
  if (!check) mkdirSync(out, { recursive: true });
  for (const stack of stacks()) {
    const path = join(out, `${stack.file}${detail ? "-detail" : ""}.svg`);
    const sheet = loadPriceSheet(stack.region);
    const svg = await renderSvg(stack.json, stack.title, { detail, estimate: sheet && estimateStack(stack.json, sheet, stack.assume) });
    if (check) {
      if (!existsSync(path) || readFileSync(path, "utf8") !== svg) stale.push(relative(process.cwd(), path));
      continue;
    }
    writeFileSync(path, svg);
    console.log(`wrote ${relative(process.cwd(), path)}`);
  }
  if (stale.length > 0) {
    console.error(`stale (run npm run diagram and commit the result): ${stale.join(", ")}`);
    process.exit(1);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
