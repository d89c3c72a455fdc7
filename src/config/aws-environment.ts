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
