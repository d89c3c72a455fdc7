// npm run cost [-- --config <file>]: the monthly estimate of each stack of a configuration
// (TRUSTWRAPPER_CONFIG, or the defaults), priced with pricing/<region>.json. Exit 1 on bad
// configuration, 2 when a stack could not be fully estimated (no sheet, or a missing price).
import { loadDeployments } from "../src/config/deployments";
import { formatReport, estimateConfigs } from "../src/cost/report";

const flag = process.argv.indexOf("--config");
const path = flag >= 0 ? process.argv[flag + 1] : process.env.TRUSTWRAPPER_CONFIG;
if (flag >= 0 && path === undefined) {
  console.error("usage: npm run cost [-- --config <file>]");
  process.exit(1);
}
const result = loadDeployments(path);
if (!result.ok) {
  for (const line of result.errors) console.error(`config error: ${line}`);
  process.exit(1);
}
const estimates = estimateConfigs(result.configs);
console.log(formatReport(estimates));
if (estimates.some((e) => "noSheet" in e || e.estimate.missingPrices.length > 0)) process.exit(2);
