import { runInThisContext } from "node:vm";
import { Lazy } from "cdktf";
import { skipTokenStackTraces } from "../src/terraform/token-stack-traces";

describe("cdktf's per-token stack traces", () => {
  const installed = { capture: Error.captureStackTrace, prepare: Error.prepareStackTrace };
  /** V8's own functions, as before setup.ts called skipTokenStackTraces (jest's formatter on the worker's Error formats the frames). */
  const withoutSkipping = () => {
    Error.captureStackTrace = (runInThisContext("Error") as ErrorConstructor).captureStackTrace;
    Reflect.deleteProperty(Error, "prepareStackTrace");
  };
  afterEach(() => {
    Error.captureStackTrace = installed.capture;
    Error.prepareStackTrace = installed.prepare;
  });

  it("are not recorded (the app and these tests skip them), while errors keep their stacks", () => {
    expect(Lazy.anyValue({ produce: () => 1 }).creationStack).toEqual([]);
    expect(new Error("boom").stack).toMatch(/^Error: boom\n\s+at .*token-stack-traces\.test\.ts:\d+/);
  });

  it("are recorded without skipTokenStackTraces, which is what TRUSTWRAPPER_STACK_TRACES=1 leaves out", () => {
    withoutSkipping();
    expect(Lazy.anyValue({ produce: () => 1 }).creationStack.join("\n")).toMatch(/token-stack-traces\.test\.ts/);
  });

  it("format an error's stack as V8 does when no other formatter is given", () => {
    withoutSkipping();
    skipTokenStackTraces();
    expect(new RangeError("out of range").stack).toMatch(/^RangeError: out of range\n {4}at .*token-stack-traces\.test\.ts:\d+:\d+/);
    expect(Lazy.anyValue({ produce: () => 1 }).creationStack).toEqual([]);
  });
});
