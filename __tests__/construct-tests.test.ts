import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../src/config/sources";

describe("construct tests", () => {
  it("every construct file has its own test file, found from its name", () => {
    const constructs = readdirSync(join(PROJECT_ROOT, "src", "constructs")).filter((f) => f.endsWith(".ts"));
    expect(constructs.filter((f) => !existsSync(join(PROJECT_ROOT, "__tests__", "constructs", f.replace(/\.ts$/, ".test.ts"))))).toEqual([]);
  });
});
