import { types } from "node:util";

type FormatError = (error: Error, frames: NodeJS.CallSite[]) => unknown;

/** V8's own layout of an error's stack: its message line, then one `at` line per frame. */
const formatLikeV8: FormatError = (error, frames) => [String(error), ...frames.map((frame) => `    at ${frame}`)].join("\n");

/**
 * cdktf records a full stack trace for every token it creates (`Error.captureStackTrace` into a
 * plain object, not an error, with an unlimited `Error.stackTraceLimit`), only to show it if that
 * token later fails to resolve; collecting and formatting those frames was about a third of a
 * synth. This records none for anything but errors (`creationStack` stays empty), through V8's
 * stack trace API, and formats errors' stacks with `formatError`. TRUSTWRAPPER_STACK_TRACES=1
 * skips this call where it is made, to debug a token that fails to resolve (docs/speed.md).
 */
export function skipTokenStackTraces(formatError: FormatError = formatLikeV8): void {
  const capture = Error.captureStackTrace;
  Error.captureStackTrace = (target: object, below?: (...args: never[]) => unknown) => {
    if (types.isNativeError(target)) capture(target, below);
    else (target as { stack?: string }).stack = "";
  };
  Error.prepareStackTrace = (target, frames) => (types.isNativeError(target) ? formatError(target, frames) : "");
}

/** Whether the user asked for cdktf's per-token stack traces (TRUSTWRAPPER_STACK_TRACES=1). */
export const tokenStackTracesWanted = (): boolean => process.env.TRUSTWRAPPER_STACK_TRACES === "1";
