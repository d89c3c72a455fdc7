import { stackName } from "../config/deployments";
import { EstimateAssumptions, TrustWrapperConfig } from "../config/schema";
import { synthesize } from "../terraform/synthesized";
import { estimateStack, round, StackEstimate } from "./estimate";
import { loadPriceSheet, PriceSheet, pricedRegions } from "./price-sheet";

/** A price sheet and the file it was read from. */
export interface SheetFile {
  readonly sheet: PriceSheet;
  readonly file: string;
}

/** The estimate of one stack of a configuration, or why there is none. */
export type EnvironmentEstimate =
  | { readonly stack: string; readonly config: TrustWrapperConfig; readonly sheet: PriceSheet; readonly sheetFile: string; readonly estimate: StackEstimate }
  | { readonly stack: string; readonly config: TrustWrapperConfig; readonly noSheet: string };

/**
 * Synthesizes each configuration's stack in memory and prices it with its region's sheet: one of
 * `userSheets` (`--prices <file>`) for that region, else `pricing/<region>.json`.
 */
export function estimateConfigs(configs: readonly TrustWrapperConfig[], userSheets: readonly SheetFile[] = []): EnvironmentEstimate[] {
  return configs.map((config) => {
    const stack = stackName(config);
    const user = userSheets.find((s) => s.sheet.region === config.region);
    const sheet = user?.sheet ?? loadPriceSheet(config.region);
    if (sheet === undefined) {
      return {
        stack,
        config,
        noSheet: `no price sheet for region ${config.region} (pricing/ has: ${pricedRegions().join(", ")}); not estimated (npm run cost -- --prices <file> takes a sheet in the same format)`,
      };
    }
    const sheetFile = user?.file ?? `pricing/${sheet.region}.json`;
    return { stack, config, sheet, sheetFile, estimate: estimateStack(synthesize(config), sheet, config.estimate) };
  });
}

/** The printed report: per environment, its lines, total, assumptions and what is not priced. */
export function formatReport(estimates: readonly EnvironmentEstimate[]): string {
  const out: string[] = [];
  for (const e of estimates) {
    out.push(`== ${e.stack} (${e.config.environment}, ${e.config.region}, ${e.config.architecture}) ==`);
    if ("noSheet" in e) {
      out.push(`  ${e.noSheet}`, "");
      continue;
    }
    const { estimate, sheet } = e;
    out.push(`  prices: ${e.sheetFile}, ${sheet.currency}, checked ${sheet.date}, ${sheet.hoursPerMonth} h a month, on-demand`);
    const width = Math.max(...estimate.lines.map((l) => `${l.service}: ${l.item}`.length), 10);
    for (const l of estimate.lines) {
      const label = `${l.service}: ${l.item}`.padEnd(width);
      const factor = l.factor === 1 ? "" : ` × ${l.factor}`;
      out.push(`  ${label}  ${money(l.monthly).padStart(9)}   ${round(l.quantity, 3)} ${l.unit} × $${l.unitPrice}${factor}`);
    }
    out.push(`  ${"Total a month".padEnd(width)}  ${money(estimate.total).padStart(9)}`);
    for (const m of estimate.missingPrices) out.push(`  NOT ESTIMATED: ${m}`);
    out.push(`  assumptions (estimate: in the configuration): ${formatAssumptions(e.config.estimate)}`);
    out.push("  not priced:", ...estimate.notPriced.map((n) => `    ${n.type} ×${n.count}: ${n.reason}`), "");
  }
  const priced = estimates.filter((e): e is Extract<EnvironmentEstimate, { estimate: StackEstimate }> => "estimate" in e);
  if (estimates.length > 1) {
    const which = priced.length === estimates.length ? "All environments" : `${priced.length} of ${estimates.length} environments (the others not estimated)`;
    out.push(`${which}: ${money(priced.reduce((s, e) => s + e.estimate.total, 0))} a month`);
  }
  return out.join("\n");
}

function formatAssumptions(assume: EstimateAssumptions): string {
  return Object.entries(assume)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
}

function money(value: number): string {
  return `$${round(value).toFixed(2)}`;
}
