import type * as Build from "./src/stacks/build";
import { loadDeployments } from "./src/config/deployments";
import { locateLine } from "./src/config/location";
import { skipTokenStackTraces, tokenStackTracesWanted } from "./src/terraform/token-stack-traces";

// Reads the configuration (TRUSTWRAPPER_CONFIG, or the defaults) and synthesizes its stacks.
// Bad input, and a stack that breaks a policy rule (src/policy), print one line per problem and
// exit before anything is written.
function fail(lines: readonly string[], kind = "config error"): never {
  for (const line of lines) console.error(`${kind}: ${line}`);
  process.exit(1);
}

const result = loadDeployments();
if (!result.ok) fail(result.errors);
// cdktf records a stack trace for every token it creates, a third of a synth; none is recorded
// unless TRUSTWRAPPER_STACK_TRACES=1 (src/terraform/token-stack-traces.ts, docs/speed.md).
if (!tokenStackTracesWanted()) skipTokenStackTraces();
// The stack code (cdktf, the provider's classes) loads only for a valid configuration, so that
// bad input is reported without waiting for it.
const { synthesizeStacks }: typeof Build = require("./src/stacks/build");
const problems = synthesizeStacks(result.configs);
if (problems !== undefined) {
  // A configuration error found while building (an import naming no resource) points into the file too.
  const where = (line: string) => (result.file !== undefined && problems.kind === "config error" ? line + locateLine(result.file, line) : line);
  fail(problems.lines.map(where), problems.kind);
}
