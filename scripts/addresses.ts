// Writes addresses/<source>.txt: the Terraform resource addresses of every stack synthesized from
// the default configuration and each example. `npm test` fails when an address disappears
// without a moved block; run this after adding resources and commit the result.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import { formatAddressList } from "../src/terraform/addresses";
import { buildStacks } from "../src/stacks/build";
import { loadDeployments } from "../src/config/deployments";
import { configurationSources, PROJECT_ROOT } from "../src/config/sources";

const dir = join(PROJECT_ROOT, "addresses");
mkdirSync(dir, { recursive: true });
for (const source of configurationSources()) {
  const result = loadDeployments(source.file === undefined ? "" : join(PROJECT_ROOT, source.file));
  if (!result.ok) throw new Error(`${source.file}: ${result.errors.join("; ")}`);
  const stacks = buildStacks(Testing.app(), result.configs);
  writeFileSync(join(dir, `${source.name}.txt`), formatAddressList(source.file ?? "the default configuration", stacks));
  console.log(`wrote addresses/${source.name}.txt`);
}
