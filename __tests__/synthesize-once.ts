import type * as Synthesized from "../src/terraform/synthesized";

/**
 * src/terraform/synthesized with `synthesize` run once per configuration in a test file: the cost
 * estimate and the diagram read the stack of the same few configurations in many tests, and a
 * synthesis is most of a test's time. Each call gets its own copy of the JSON, free to change.
 * A test file opts in with
 * `jest.mock("../src/terraform/synthesized", () => require("./synthesize-once").synthesizedOnce())`.
 */
export function synthesizedOnce(): typeof Synthesized {
  const actual: typeof Synthesized = jest.requireActual("../src/terraform/synthesized");
  const done = new Map<string, Synthesized.TerraformDocument>();
  return {
    ...actual,
    synthesize(config) {
      const key = JSON.stringify(config);
      let json = done.get(key);
      if (json === undefined) {
        json = actual.synthesize(config);
        done.set(key, json);
      }
      return structuredClone(json);
    },
  };
}
