import { Testing } from "cdktf";
import { buildStack } from "./app";
import { TrustWrapperConfig } from "./config/schema";

/** The parts of a stack's Terraform JSON (`cdk.tf.json`) the cost estimate and the diagram read. */
export interface TerraformDocument {
  readonly resource?: Record<string, Record<string, Record<string, any>>>;
  readonly data?: Record<string, Record<string, Record<string, any>>>;
}

/** The configuration's stack as `cdktf synth` writes it to cdk.tf.json, synthesized in memory. */
export function synthesize(config: TrustWrapperConfig): TerraformDocument {
  return JSON.parse(Testing.synth(buildStack(Testing.app(), config))) as TerraformDocument;
}
