import { Construct } from "constructs";
import { TrustWrapperConfig } from "./config/schema";
import { ContainerStack } from "./stacks/container-stack";
import { stackName, TrustWrapperStack } from "./stacks/trustwrapper-stack";

/** Builds the stack of the configured architecture; `main.ts` and the tests both call this. */
export function buildStack(scope: Construct, config: TrustWrapperConfig): TrustWrapperStack {
  switch (config.architecture) {
    case "container":
      return new ContainerStack(scope, stackName(config), config);
  }
}
