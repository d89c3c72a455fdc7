// npm run diagram: writes docs/diagrams/<configuration>.svg, the resource graph of the stack of
// the default configuration and of each example (run it after changing resources and commit the
// result; the README embeds them).
//   npm run diagram -- --config <file> [--out <dir>]     the stacks of one configuration file
//   npm run diagram -- --stacks cdktf.out [--out <dir>]  the cdk.tf.json of each synthesized stack
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { loadDeployments, stackName } from "../src/config/deployments";
import { configurationSources, PROJECT_ROOT } from "../src/configuration-sources";
import { diagramName, renderSvg } from "../src/diagram/render";
import { synthesize, TerraformDocument } from "../src/synthesized";

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

/** The stacks to draw: file name (without .svg) and Terraform JSON. */
function stacks(): { file: string; title: string; json: TerraformDocument }[] {
  const dir = option("--stacks");
  if (dir !== undefined) {
    const stacksDir = join(dir, "stacks");
    if (!existsSync(stacksDir)) throw new Error(`${stacksDir}: not found; run npx cdktf synth first`);
    return readdirSync(stacksDir).map((stack) => ({ file: stack, title: stack, json: JSON.parse(readFileSync(join(stacksDir, stack, "cdk.tf.json"), "utf8")) }));
  }
  const config = option("--config");
  const sources = config !== undefined ? [{ name: undefined, file: config }] : configurationSources().map((s) => ({ name: s.name, file: s.file && join(PROJECT_ROOT, s.file) }));
  return sources.flatMap((source) => {
    const result = loadDeployments(source.file ?? "");
    if (!result.ok) {
      for (const line of result.errors) console.error(`config error: ${line}`);
      process.exit(1);
    }
    return result.configs.map((cfg) => {
      const stack = stackName(cfg);
      const file = source.name === undefined ? stack : diagramName(source.name, stack, result.configs.length);
      return { file, title: `${stack} (${source.name ?? source.file})`, json: synthesize(cfg) };
    });
  });
}

async function main() {
  const out = option("--out") ?? join(PROJECT_ROOT, "docs", "diagrams");
  mkdirSync(out, { recursive: true });
  for (const stack of stacks()) {
    const path = join(out, `${stack.file}.svg`);
    writeFileSync(path, await renderSvg(stack.json, stack.title));
    console.log(`wrote ${relative(process.cwd(), path)}`);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
