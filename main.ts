import { App } from "cdktf";
import { buildStack } from "./src/app";
import { loadConfig } from "./src/config/load";

// Reads the configuration (TRUSTWRAPPER_CONFIG, or the defaults) and synthesizes its stack.
// Bad input prints one line per problem and exits before anything is written.
const result = loadConfig();
if (!result.ok) {
  for (const error of result.errors) console.error(`config error: ${error}`);
  process.exit(1);
}
const app = new App();
buildStack(app, result.config);
app.synth();
