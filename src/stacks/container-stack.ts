import { Construct } from "constructs";
import { TrustWrapperConfig } from "../config/schema";
import { Observability } from "../constructs/observability";
import { addContainerTier, ContainerTier } from "./container-tier";
import { verifyCommand } from "./debug-commands";
import { addOutputs } from "./outputs";
import { TrustWrapperStack } from "./trustwrapper-stack";

/**
 * The guide's "Option 2: Container-Based" architecture: ALB (HTTPS, open to the internet) → ECS
 * Fargate → RDS PostgreSQL and ElastiCache Redis, with its dashboard and alarms.
 */
export class ContainerStack extends TrustWrapperStack {
  /** The network, secret, bucket, load balancer, service, database, cache and autoscaling. */
  readonly tier: ContainerTier;
  readonly observability: Observability;

  constructor(scope: Construct, id: string, config: TrustWrapperConfig) {
    super(scope, id, config);
    this.tier = addContainerTier(this, { domain: config.domain, ingress: { from: "internet" } });
    this.observability = this.createObservability(this.tier.monitoring);
    const url = `https://${this.tier.domain.name}`;
    addOutputs(this, {
      url: { value: url, description: "Public URL of the TrustWrapper API" },
      ...verifyCommand(url),
      ...this.tier.outputs,
      ...this.observabilityOutputs(this.observability),
    });
  }
}
