/** `npm run test:integration`: the tests of __tests__/integration/, which run the app command, the
 * scripts, git and real Terraform as users do (slower; CI runs them after `npm test`). */
// jest's default number of workers: these tests run terraform init, which (without the local
// provider mirror) shares a plugin cache.
const { maxWorkers, ...base } = require("./jest.config.js");

module.exports = { ...base, testMatch: ["<rootDir>/__tests__/integration/**/*.test.ts"], testPathIgnorePatterns: ["/node_modules/"] };
