import { Construct } from "constructs";
import { TrustWrapperConfig } from "../config/schema";
import { ApiKeysSecret } from "../constructs/api-keys-secret";
import { Domain } from "../constructs/domain";
import { Observability } from "../constructs/observability";
import { verifyCommand } from "./debug-commands";
import { addOutputs } from "./outputs";
import { addServerlessTier, ServerlessTier } from "./serverless-tier";
import { TrustWrapperStack } from "./trustwrapper-stack";

/**
 * The guide's "Option 1: Serverless" architecture: API Gateway → Lambda → DynamoDB, with the
 * API-keys secret, an optional custom domain, and the dashboard and alarms. No VPC: the function
 * reaches DynamoDB, Secrets Manager and the AI providers over AWS's public endpoints.
 */
export class ServerlessStack extends TrustWrapperStack {
  readonly apiKeys: ApiKeysSecret;
  readonly tier: ServerlessTier;
  /** The API's custom domain, when `serverless.api.customDomain` is set. */
  readonly domain?: Domain;
  readonly observability: Observability;

  constructor(scope: Construct, id: string, config: TrustWrapperConfig) {
    super(scope, id, config);
    this.apiKeys = this.createApiKeysSecret();
    this.tier = addServerlessTier(this, { apiKeys: this.apiKeys, showAppMetrics: true });
    if (config.serverless.api.customDomain) {
      this.domain = new Domain(this, "domain", config.domain);
      this.tier.api.addCustomDomain(this.domain);
    }
    this.observability = this.createObservability(this.tier.monitoring);
    const url = this.domain === undefined ? this.tier.api.invokeUrl : `https://${this.domain.name}`;
    addOutputs(this, {
      url: { value: url, description: "Public URL of the TrustWrapper API" },
      ...verifyCommand(url),
      ...this.tier.outputs,
      ...this.observabilityOutputs(this.observability),
    });
  }
}
