import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "../src/config/sources";

/**
 * A price sheet of one's own for a region pricing/ has none for: us-east-1's sheet as eu-west-1's,
 * every price 10% higher (factors, such as Multi-AZ's, unchanged), written into a fresh directory.
 */
export function euWest1PriceSheet() {
  const dir = mkdtempSync(join(tmpdir(), "trustwrapper-prices-"));
  const sheetFile = join(dir, "eu-west-1.json");
  const usEast1 = JSON.parse(readFileSync(join(PROJECT_ROOT, "pricing", "us-east-1.json"), "utf8"));
  const prices = Object.fromEntries(
    Object.entries(usEast1.prices as Record<string, { price: number; unit: string }>).map(([key, p]) => [key, { ...p, price: p.unit === "factor" ? p.price : p.price * 1.1 }]),
  );
  writeFileSync(sheetFile, JSON.stringify({ ...usEast1, region: "eu-west-1", prices }));
  return { dir, sheetFile, usEast1 };
}
