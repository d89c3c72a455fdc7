// npm run cost [-- --config <file>] [-- --prices <sheet.json> ...]: the monthly estimate of each
// stack of a configuration (TRUSTWRAPPER_CONFIG, or the defaults), priced with pricing/<region>.json
// or, for its region, a price sheet of the same format given with --prices. Exit 1 on bad
// configuration or price sheet, 2 when a stack could not be fully estimated (no sheet, or a missing price).
import { loadDeployments } from "../src/config/deployments";
import { readPriceSheet } from "../src/cost/price-sheet";
import { formatReport, estimateConfigs, type SheetFile } from "../src/cost/report";

const USAGE = "usage: npm run cost [-- --config <file>] [--prices <price sheet.json> ...]";
let path = process.env.TRUSTWRAPPER_CONFIG;
const sheetFiles: string[] = [];
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i += 2) {
  const [flag, value] = [args[i], args[i + 1]];
  if (value === undefined || !["--config", "--prices"].includes(flag)) {
    console.error(USAGE);
    process.exit(1);
  }
  if (flag === "--config") path = value;
  else sheetFiles.push(value);
}
const result = loadDeployments(path);
if (!result.ok) {
  for (const line of result.errors) console.error(`config error: ${line}`);
  process.exit(1);
}
let sheets: SheetFile[];
try {
  sheets = sheetFiles.map((file) => ({ sheet: readPriceSheet(file), file }));
} catch (error) {
  for (const line of (error as Error).message.split("\n")) console.error(`price sheet error: ${line}`);
  process.exit(1);
}
const estimates = estimateConfigs(result.configs, sheets);
console.log(formatReport(estimates));
if (estimates.some((e) => "noSheet" in e || e.estimate.missingPrices.length > 0)) process.exit(2);
