import { TrustWrapperConfig } from "./schema";

/** What the TrustWrapper app itself expects, whichever architecture runs it. */

/** Namespace of the app's own CloudWatch metrics (the guide's `put_metric`). */
export const APP_METRICS_NAMESPACE = "TrustWrapper";

/** What the app calls its environment (the guide's `ENVIRONMENT=production`). */
export const APP_ENVIRONMENT_NAMES = { dev: "development", staging: "staging", prod: "production" } as const;

/** The plain settings every runtime of the app gets: its environment and its Aleo network and contracts. */
export function applicationEnvironment(config: TrustWrapperConfig, logLevel: string): Record<string, string> {
  return {
    ENVIRONMENT: APP_ENVIRONMENT_NAMES[config.environment],
    LOG_LEVEL: logLevel,
    ALEO_NETWORK: config.application.aleoNetwork,
    CONTRACT_ADDRESS_AGENT_REGISTRY: config.application.agentRegistryContract,
    CONTRACT_ADDRESS_TRUST_VERIFIER: config.application.trustVerifierContract,
  };
}

/**
 * The app may publish its metrics, and only into its own namespace (PutMetricData has no
 * resource-level permissions: the namespace condition scopes it).
 */
export const PUBLISH_APP_METRICS = {
  sid: "PublishAppMetrics",
  actions: ["cloudwatch:PutMetricData"],
  resources: ["*"],
  condition: [{ test: "StringEquals", variable: "cloudwatch:namespace", values: [APP_METRICS_NAMESPACE] }],
};
