import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../config/sources";

/** One price of a sheet, with where it comes from. */
export interface Price {
  readonly price: number;
  readonly unit: string;
  readonly source: string;
}

/** A versioned price sheet: `pricing/<region>.json`. */
export interface PriceSheet {
  readonly region: string;
  readonly currency: string;
  /** When the prices were last checked (YYYY-MM-DD). */
  readonly date: string;
  readonly hoursPerMonth: number;
  readonly note?: string;
  readonly prices: Readonly<Record<string, Price>>;
}

/** The directory of the price sheets. */
export const PRICING_DIR = join(PROJECT_ROOT, "pricing");

/** Regions that have a price sheet. */
export function pricedRegions(dir: string = PRICING_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.replace(/\.json$/, ""))
    .sort();
}

/** The region's price sheet, or undefined when the repository has none for it. */
export function loadPriceSheet(region: string, dir: string = PRICING_DIR): PriceSheet | undefined {
  const file = join(dir, `${region}.json`);
  if (!existsSync(file)) return undefined;
  const sheet = JSON.parse(readFileSync(file, "utf8")) as PriceSheet;
  if (sheet.region !== region) throw new Error(`${file}: says region ${sheet.region}, expected ${region}`);
  return sheet;
}

/** A price of the sheet; a missing key is a gap in the sheet, reported with its name. */
export function priceOf(sheet: PriceSheet, key: string): Price {
  const price = sheet.prices[key];
  if (price === undefined) throw new MissingPriceError(sheet.region, key);
  return price;
}

export class MissingPriceError extends Error {
  constructor(
    readonly region: string,
    readonly key: string,
  ) {
    super(`pricing/${region}.json has no price "${key}"; add it (with unit and source) to estimate this resource`);
  }
}
