import { runInThisContext } from "node:vm";
import { Testing } from "cdktf";
import { skipTokenStackTraces, tokenStackTracesWanted } from "../src/terraform/token-stack-traces";

Testing.setupJest();

// As in the app: no stack trace per token (the jest-translated frames were two thirds of a synth
// here). Errors keep jest's source-mapped stacks, which jest installs on the worker's own Error.
if (!tokenStackTracesWanted()) {
  const workerError: ErrorConstructor = runInThisContext("Error");
  skipTokenStackTraces((error, frames) => workerError.prepareStackTrace?.(error, frames));
}
