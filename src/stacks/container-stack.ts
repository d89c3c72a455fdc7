import { Construct } from "constructs";
import { TrustWrapperConfig } from "../config/schema";
import { ApiKeysSecret } from "../constructs/api-keys-secret";
import { ArtifactsBucket } from "../constructs/artifacts-bucket";
import { Cache } from "../constructs/cache";
import { Database } from "../constructs/database";
import { Domain } from "../constructs/domain";
import { FargateService } from "../constructs/fargate-service";
import { LoadBalancer } from "../constructs/load-balancer";
import { VpcNetwork } from "../constructs/network";
import { Observability } from "../constructs/observability";
import { ServiceAutoscaling } from "../constructs/service-autoscaling";
import { addContainerTier } from "./container-tier";
import { addOutputs } from "./outputs";
import { TrustWrapperStack } from "./trustwrapper-stack";

export { APP_METRICS_NAMESPACE } from "../application";

/**
 * The guide's "Option 2: Container-Based" architecture: ALB (HTTPS, open to the internet) → ECS
 * Fargate → RDS PostgreSQL and ElastiCache Redis, with its dashboard and alarms.
 */
export class ContainerStack extends TrustWrapperStack {
  readonly network: VpcNetwork;
  readonly apiKeys: ApiKeysSecret;
  readonly artifacts: ArtifactsBucket;
  readonly domain: Domain;
  readonly loadBalancer: LoadBalancer;
  readonly database: Database;
  readonly cache: Cache;
  readonly service: FargateService;
  readonly autoscaling: ServiceAutoscaling;
  readonly observability: Observability;

  constructor(scope: Construct, id: string, config: TrustWrapperConfig) {
    super(scope, id, config);
    const tier = addContainerTier(this, { domain: config.domain, ingress: { from: "internet" } });
    ({
      network: this.network,
      apiKeys: this.apiKeys,
      artifacts: this.artifacts,
      domain: this.domain,
      loadBalancer: this.loadBalancer,
      database: this.database,
      cache: this.cache,
      service: this.service,
      autoscaling: this.autoscaling,
    } = tier);

    this.observability = this.createObservability(tier.monitoring);
    addOutputs(this, {
      url: { value: `https://${this.domain.name}`, description: "Public URL of the TrustWrapper API" },
      ...tier.outputs,
      ...this.observabilityOutputs(this.observability),
    });
  }
}
