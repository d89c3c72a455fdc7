import { App } from "cdktf";
import { buildStacks, ConfigurationError } from "./src/app";
import { loadDeployments } from "./src/config/deployments";

// Reads the configuration (TRUSTWRAPPER_CONFIG, or the defaults) and synthesizes its stacks.
// Bad input prints one line per problem and exits before anything is written.
function fail(lines: readonly string[]): never {
  for (const line of lines) console.error(`config error: ${line}`);
  process.exit(1);
}

const result = loadDeployments();
if (!result.ok) fail(result.errors);
const app = new App();
try {
  buildStacks(app, result.configs);
} catch (error) {
  if (error instanceof ConfigurationError) fail(error.lines);
  throw error;
}
app.synth();
