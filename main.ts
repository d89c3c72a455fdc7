import { App } from "cdktf";
import { buildStacks, ConfigurationError, policyErrors } from "./src/stacks/build";
import { loadDeployments } from "./src/config/deployments";
import { locateLine } from "./src/config/location";

// Reads the configuration (TRUSTWRAPPER_CONFIG, or the defaults) and synthesizes its stacks.
// Bad input, and a stack that breaks a policy rule (src/policy), print one line per problem and
// exit before anything is written.
function fail(lines: readonly string[], kind = "config error"): never {
  for (const line of lines) console.error(`${kind}: ${line}`);
  process.exit(1);
}

const result = loadDeployments();
if (!result.ok) fail(result.errors);
const app = new App();
let stacks: ReturnType<typeof buildStacks>;
try {
  stacks = buildStacks(app, result.configs);
} catch (error) {
  if (error instanceof ConfigurationError) fail(error.lines.map((line) => (result.file === undefined ? line : line + locateLine(result.file, line))));
  throw error;
}
// Policy violations (rule id, resource, fix) stop synth before any stack is written.
const violations = policyErrors(stacks);
if (violations.length > 0) fail(violations, "policy error");
app.synth();
