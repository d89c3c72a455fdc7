import { Construct } from "constructs";
import { Fn } from "cdktf";
import { ApiGatewayAccount } from "@cdktf/provider-aws/lib/api-gateway-account";
import { ApiGatewayBasePathMapping } from "@cdktf/provider-aws/lib/api-gateway-base-path-mapping";
import { ApiGatewayDeployment } from "@cdktf/provider-aws/lib/api-gateway-deployment";
import { ApiGatewayDomainName } from "@cdktf/provider-aws/lib/api-gateway-domain-name";
import { ApiGatewayIntegration } from "@cdktf/provider-aws/lib/api-gateway-integration";
import { ApiGatewayMethod } from "@cdktf/provider-aws/lib/api-gateway-method";
import { ApiGatewayMethodSettings } from "@cdktf/provider-aws/lib/api-gateway-method-settings";
import { ApiGatewayResource } from "@cdktf/provider-aws/lib/api-gateway-resource";
import { ApiGatewayRestApi } from "@cdktf/provider-aws/lib/api-gateway-rest-api";
import { ApiGatewayStage } from "@cdktf/provider-aws/lib/api-gateway-stage";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { AwsEnvironment } from "../config/aws-environment";
import { Domain } from "./domain";
import { encryptedLogGroup } from "./log-group";
import { ServiceRole } from "./service-role";

export interface LambdaRestApiProps {
  /** API name, e.g. `trustwrapper-prod-api`. */
  readonly name: string;
  /** Region, partition and account of the stack. */
  readonly env: AwsEnvironment;
  /** The function every request goes to. */
  readonly functionName: string;
  /** Invoke ARN of the function behind every path (Lambda proxy integration). */
  readonly functionInvokeArn: string;
  /** Stage name, the path prefix of the execute-api URL. */
  readonly stageName: string;
  /** Steady requests per second before throttling. */
  readonly throttlingRateLimit: number;
  /** Burst of requests before throttling. */
  readonly throttlingBurstLimit: number;
  /** ARN of the KMS key of the log groups. */
  readonly kmsKeyArn: string;
  /** Days the access and execution log groups keep their logs. */
  readonly logRetentionDays: number;
  /**
   * Set the account's API Gateway CloudWatch role (one per account and region), without which
   * the stage cannot write logs. Default true.
   */
  readonly manageAccountLoggingRole?: boolean;
  /**
   * An existing role to set as the account's CloudWatch role, instead of creating one. Default
   * none: with `manageAccountLoggingRole`, the API creates a role that outlives it.
   */
  readonly accountLoggingRoleArn?: string;
}

/** Fields of each access-log line (JSON, one per request). */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: "$context.requestId",
  ip: "$context.identity.sourceIp",
  requestTime: "$context.requestTime",
  httpMethod: "$context.httpMethod",
  resourcePath: "$context.resourcePath",
  status: "$context.status",
  protocol: "$context.protocol",
  responseLength: "$context.responseLength",
  integrationLatency: "$context.integrationLatency",
  xrayTraceId: "$context.xrayTraceId",
});

/**
 * The guide's API Gateway in front of the function: a regional REST API whose root and every
 * path (`/{proxy+}`), any method, go to the function as a Lambda proxy integration (the app
 * authenticates requests itself). One stage with X-Ray tracing, JSON access logs and error
 * execution logs in encrypted log groups, and throttling limits; the function may be invoked by
 * this API's stage only.
 */
export class LambdaRestApi extends Construct {
  readonly api: ApiGatewayRestApi;
  /** `/{proxy+}`: every path under the root. */
  readonly proxyResource: ApiGatewayResource;
  readonly stage: ApiGatewayStage;
  readonly permission: LambdaPermission;
  private readonly region: string;
  private readonly dnsSuffix: string;

  constructor(scope: Construct, id: string, props: LambdaRestApiProps) {
    super(scope, id);
    const { env, kmsKeyArn } = props;
    this.region = env.region;
    this.dnsSuffix = env.partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
    this.api = new ApiGatewayRestApi(this, "api", {
      name: props.name,
      description: "TrustWrapper API",
      endpointConfiguration: { types: ["REGIONAL"] },
      lifecycle: { createBeforeDestroy: true },
    });
    this.proxyResource = new ApiGatewayResource(this, "proxy-resource", {
      restApiId: this.api.id,
      parentId: this.api.rootResourceId,
      pathPart: "{proxy+}",
    });
    const proxy = this.proxyResource;
    const routes = [
      { id: "root", resourceId: this.api.rootResourceId },
      { id: "proxy", resourceId: proxy.id },
    ].map(({ id: route, resourceId }) => {
      const method = new ApiGatewayMethod(this, `${route}-method`, {
        restApiId: this.api.id,
        resourceId,
        httpMethod: "ANY",
        authorization: "NONE",
      });
      const integration = new ApiGatewayIntegration(this, `${route}-integration`, {
        restApiId: this.api.id,
        resourceId,
        httpMethod: method.httpMethod,
        type: "AWS_PROXY",
        integrationHttpMethod: "POST",
        uri: props.functionInvokeArn,
      });
      return [method, integration];
    });
    const deployment = new ApiGatewayDeployment(this, "deployment", {
      restApiId: this.api.id,
      // A new deployment whenever a route changes; the stage moves to it before the old one goes.
      triggers: { redeployment: Fn.sha1(Fn.jsonencode([proxy.id, ...routes.flat().map((r) => r.id)])) },
      lifecycle: { createBeforeDestroy: true },
      dependsOn: routes.flat(),
    });

    const accessLogs = encryptedLogGroup(this, "access-log-group", {
      name: `/aws/apigateway/${props.name}/${props.stageName}/access`,
      retentionDays: props.logRetentionDays,
      kmsKeyArn,
    });
    // API Gateway writes execution logs to this name; created here so it is encrypted and expires.
    const executionLogs = encryptedLogGroup(this, "execution-log-group", {
      name: `API-Gateway-Execution-Logs_${this.api.id}/${props.stageName}`,
      retentionDays: props.logRetentionDays,
      kmsKeyArn,
    });
    const account = (props.manageAccountLoggingRole ?? true) ? [this.accountLoggingSetting(props)] : [];
    this.stage = new ApiGatewayStage(this, "stage", {
      restApiId: this.api.id,
      deploymentId: deployment.id,
      stageName: props.stageName,
      xrayTracingEnabled: true,
      accessLogSettings: { destinationArn: accessLogs.arn, format: ACCESS_LOG_FORMAT },
      dependsOn: [...account, executionLogs],
    });
    new ApiGatewayMethodSettings(this, "method-settings", {
      restApiId: this.api.id,
      stageName: this.stage.stageName,
      methodPath: "*/*",
      settings: {
        metricsEnabled: true,
        loggingLevel: "ERROR",
        dataTraceEnabled: false,
        throttlingRateLimit: props.throttlingRateLimit,
        throttlingBurstLimit: props.throttlingBurstLimit,
      },
    });
    this.permission = new LambdaPermission(this, "invoke-permission", {
      statementId: "AllowApiGatewayStage",
      action: "lambda:InvokeFunction",
      functionName: props.functionName,
      principal: "apigateway.amazonaws.com",
      sourceArn: `${this.api.executionArn}/${props.stageName}/*`,
    });
  }

  /** The stage's URL, e.g. `https://<id>.execute-api.<region>.amazonaws.com/prod`. */
  get invokeUrl(): string {
    return this.stage.invokeUrl;
  }

  /** The host name of the stage's URL, for a CloudFront origin. */
  get executeApiDomainName(): string {
    return `${this.api.id}.execute-api.${this.region}.${this.dnsSuffix}`;
  }

  /** Serves the stage at the root of `domain` (a regional custom domain with the domain's certificate), with an alias record. */
  addCustomDomain(domain: Domain): ApiGatewayDomainName {
    const customDomain = new ApiGatewayDomainName(this, "custom-domain", {
      domainName: domain.name,
      regionalCertificateArn: domain.certificateArn,
      endpointConfiguration: { types: ["REGIONAL"] },
      securityPolicy: "TLS_1_2",
    });
    new ApiGatewayBasePathMapping(this, "base-path-mapping", {
      apiId: this.api.id,
      stageName: this.stage.stageName,
      domainName: customDomain.domainName,
    });
    domain.addAlias("alias-record", { dnsName: customDomain.regionalDomainName, zoneId: customDomain.regionalZoneId });
    return customDomain;
  }

  /**
   * The role API Gateway logs to CloudWatch with, set for the account and region: the given one,
   * or one of its own. Every API of the account and region logs through it, so neither the role
   * nor the setting goes with this stack: the role refuses destroy, and provider 5.x leaves the
   * account's setting as it is when this resource is destroyed (its deprecated `reset_on_delete`
   * stays unset; the provider announces a reset on destroy for a future major version).
   */
  private accountLoggingSetting({ name, env, accountLoggingRoleArn }: LambdaRestApiProps): ApiGatewayAccount {
    const roleArn =
      accountLoggingRoleArn ??
      new ServiceRole(this, "cloudwatch-role", {
        name: `${name}-${env.region}-cloudwatch`,
        description: "API Gateway writes the account's API logs to CloudWatch",
        servicePrincipal: "apigateway.amazonaws.com",
        // This role serves every API of the account and region: no single source to pin it to.
        managedPolicyArns: [`arn:${env.partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs`],
        keepOnDestroy: true,
      }).arn;
    return new ApiGatewayAccount(this, "account", { cloudwatchRoleArn: roleArn });
  }
}
