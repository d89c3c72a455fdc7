/** Where a stack deploys: what constructs need to build ARNs and names without guessing. */
export interface AwsEnvironment {
  /** AWS region, e.g. `us-east-1`. */
  readonly region: string;
  /** ARN partition of the region (`aws`, `aws-us-gov`, `aws-cn`). */
  readonly partition: string;
  /** Account ID; a Terraform reference to `aws_caller_identity`, known at plan time. */
  readonly accountId: string;
}

/** The ARN partition a region belongs to. */
export function partitionOf(region: string): string {
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("cn-")) return "aws-cn";
  return "aws";
}

/** Region name words to the letters AWS writes for them in availability zone IDs. */
const ZONE_ID_DIRECTIONS: Readonly<Record<string, string>> = {
  east: "e",
  west: "w",
  north: "n",
  south: "s",
  central: "c",
  northeast: "ne",
  northwest: "nw",
  southeast: "se",
  southwest: "sw",
};

/**
 * The prefix of a region's availability zone IDs (`us-east-1` → `use1`, `ap-southeast-2` →
 * `apse2`), or undefined where AWS's pattern is not known (GovCloud, China, new words).
 */
export function zoneIdPrefix(region: string): string | undefined {
  const match = /^([a-z]{2})-([a-z]+)-(\d+)$/.exec(region);
  const direction = match === null ? undefined : ZONE_ID_DIRECTIONS[match[2]];
  if (match === null || direction === undefined || match[1] === "cn") return undefined;
  return `${match[1]}${direction}${match[3]}`;
}
