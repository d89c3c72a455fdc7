import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import { buildStack } from "../stacks/build";
import { TrustWrapperConfig } from "../config/schema";

/** The parts of a stack's Terraform JSON (`cdk.tf.json`) the cost estimate and the diagram read. */
export interface TerraformDocument {
  readonly resource?: Record<string, Record<string, Record<string, any>>>;
  readonly data?: Record<string, Record<string, Record<string, any>>>;
}

/**
 * The configuration's stack exactly as `cdktf synth` writes its cdk.tf.json (with the construct
 * path of each resource under `//`), synthesized into a temporary directory that is then removed.
 */
export function synthesize(config: TrustWrapperConfig): TerraformDocument {
  const outdir = Testing.fullSynth(buildStack(Testing.app(), config));
  try {
    const [stack] = readdirSync(join(outdir, "stacks"));
    return JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8")) as TerraformDocument;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
