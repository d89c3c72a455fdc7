import { TerraformOutput, TerraformStack } from "cdktf";

/** Outputs of a stack by name. Names are fixed (`staticId`): pipelines read them. */
export type StackOutputs = Record<string, { readonly value: string; readonly description: string }>;

export function addOutputs(stack: TerraformStack, outputs: StackOutputs): void {
  for (const [name, output] of Object.entries(outputs)) {
    new TerraformOutput(stack, name, { ...output, staticId: true });
  }
}
