import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { PROJECT_ROOT } from "../config/sources";
import { awsRegion } from "../config/fields";

/** One price of a sheet, with where it comes from. */
const priceSchema = z.strictObject({
  price: z.number({ error: "expected a price as a number" }).min(0, { error: "expected a price of 0 or more" }),
  unit: z.string({ error: "expected the unit the price is per, such as vCPU-hour" }).min(1),
  source: z.string({ error: "expected where the price comes from" }).min(1),
});
export type Price = Readonly<z.output<typeof priceSchema>>;

/** A versioned price sheet: `pricing/<region>.json`, or a user's file in the same format (`npm run cost -- --prices <file>`). */
const priceSheetSchema = z.strictObject({
  region: awsRegion,
  currency: z.string().regex(/^[A-Z]{3}$/, { error: "expected a currency code such as USD" }),
  /** When the prices were last checked (YYYY-MM-DD). */
  date: z.string().regex(/^\d{4}-\d\d-\d\d$/, { error: "expected the date the prices were checked, YYYY-MM-DD" }),
  hoursPerMonth: z.number().positive({ error: "expected the hours in a month, such as 730" }),
  note: z.string().optional(),
  prices: z.record(z.string().min(1), priceSchema),
});
export type PriceSheet = Readonly<z.output<typeof priceSheetSchema>>;

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
  const sheet = readPriceSheet(file);
  if (sheet.region !== region) throw new Error(`${file}: says region ${sheet.region}, expected ${region}`);
  return sheet;
}

/** A price sheet file, checked; an error names the file and the field. */
export function readPriceSheet(file: string): PriceSheet {
  let input: unknown;
  try {
    input = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`${file}: cannot read the price sheet (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const result = priceSheetSchema.safeParse(input);
  if (!result.success) throw new Error(result.error.issues.map((issue) => `${file}: ${issue.path.join(".") || "(top level)"}: ${issue.message}`).join("\n"));
  return result.data;
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
