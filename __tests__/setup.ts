import { types } from "node:util";
import { runInThisContext } from "node:vm";
import { Testing } from "cdktf";

Testing.setupJest();

// cdktf records a full stack trace for every token it creates (into a plain object, not an error);
// formatting those frames, through jest's source-map translation, was two thirds of a synth's time
// under jest. Tests record none, as cdktf's Testing.app already records no construct traces; errors
// keep jest's translated traces (jest installs them on the worker's own Error).
// TRUSTWRAPPER_STACK_TRACES=1 records token traces again, to debug a token that fails to resolve.
if (process.env.TRUSTWRAPPER_STACK_TRACES !== "1") {
  const workerError: ErrorConstructor = runInThisContext("Error");
  Error.prepareStackTrace = (target, frames) => (types.isNativeError(target) && workerError.prepareStackTrace ? workerError.prepareStackTrace(target, frames) : "");
  // The trace of such an object is empty then, so its frames are not collected either (V8 still
  // walked every frame of the unlimited trace cdktf asks for: a tenth of a synth).
  const capture = Error.captureStackTrace;
  Error.captureStackTrace = (target, below) => {
    if (types.isNativeError(target)) capture(target, below);
    else (target as { stack?: string }).stack = "";
  };
}
