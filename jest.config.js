/** Jest runs the synthesis tests. ts-jest only transpiles (tsconfig `isolatedModules`);
 * type-checking is the separate `tsc --noEmit` of `npm test` (scripts/test.js runs both at once),
 * which keeps the suite fast. Tests that run another process (the app command, a script, git or
 * real Terraform) live in __tests__/integration/ and run with `npm run test:integration`
 * (jest.integration.config.js). */
module.exports = {
  testEnvironment: "node",
  // One worker per core (jest's default leaves one idle): npm test's tsc and Biome finish early. On
  // the 2-core machine at load 3-5, npm test took 47-90 s (median 59) with two workers, 59-98 s
  // (median 67) with one, in alternating runs.
  maxWorkers: "100%",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/__tests__/integration/"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  moduleNameMapper: { "^archiver$": "<rootDir>/__tests__/stubs/archiver.js" },
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  reporters: ["default", "<rootDir>/scripts/jest-summary-reporter.js"],
};
