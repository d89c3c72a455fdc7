/** `npm run test:integration`: the tests of __tests__/integration/, which run the app command, the
 * scripts, git and real Terraform as users do (slower; CI runs them after `npm test`). */
const base = require("./jest.config.js");

module.exports = { ...base, testMatch: ["<rootDir>/__tests__/integration/**/*.test.ts"], testPathIgnorePatterns: ["/node_modules/"] };
