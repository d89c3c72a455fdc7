/** Jest runs the synthesis tests. ts-jest only transpiles (tsconfig `isolatedModules`);
 * type-checking is the separate `tsc --noEmit` step of `npm test`, which keeps the suite fast. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  reporters: ["default", "<rootDir>/scripts/jest-summary-reporter.js"],
};
