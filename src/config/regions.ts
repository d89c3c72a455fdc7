import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * The regions AWS has, from the AWS SDK's endpoint partition data (`@aws-sdk/core`, updated with
 * every SDK release), not from a hand-written list. Its CommonJS bundle does not export the data,
 * so the generated ES module, one JSON object, is read as text.
 */
const PARTITIONS_MODULE = "dist-es/submodules/client/util-endpoints/lib/aws/partitions.js";

interface PartitionsInfo {
  readonly partitions: readonly { readonly id: string; readonly regions: Readonly<Record<string, unknown>> }[];
}

let regions: ReadonlyMap<string, string> | undefined;

/** Every region AWS has, to its partition (`aws`, `aws-cn`, `aws-us-gov`, ...); read once. */
export function awsRegions(): ReadonlyMap<string, string> {
  if (regions === undefined) {
    const text = readFileSync(join(dirname(require.resolve("@aws-sdk/core/package.json")), PARTITIONS_MODULE), "utf8");
    const info = JSON.parse(text.replace(/^export const partitionsInfo = /, "").replace(/;\s*$/, "")) as PartitionsInfo;
    // The partition data also lists pseudo-regions such as `aws-global`, which are not regions a stack can use.
    regions = new Map(
      info.partitions.flatMap(({ id, regions }) =>
        Object.keys(regions)
          .filter((r) => !r.endsWith("-global"))
          .map((r) => [r, id] as const),
      ),
    );
  }
  return regions;
}
