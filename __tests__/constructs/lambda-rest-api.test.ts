import { ApiGatewayAccount } from "@cdktf/provider-aws/lib/api-gateway-account";
import { ApiGatewayBasePathMapping } from "@cdktf/provider-aws/lib/api-gateway-base-path-mapping";
import { ApiGatewayDomainName } from "@cdktf/provider-aws/lib/api-gateway-domain-name";
import { ApiGatewayMethodSettings } from "@cdktf/provider-aws/lib/api-gateway-method-settings";
import { ApiGatewayStage } from "@cdktf/provider-aws/lib/api-gateway-stage";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { TerraformOutput } from "cdktf";
import { Domain } from "../../src/constructs/domain";
import { LambdaRestApi, LambdaRestApiProps } from "../../src/constructs/lambda-rest-api";
import { bodies, ENV, synthConstruct } from "./synth";

const KEY = "arn:aws:kms:eu-west-1:111122223333:key/k";
const PROPS: LambdaRestApiProps = {
  name: "tw-test",
  env: ENV,
  functionName: "tw-test-api",
  functionInvokeArn: "arn:aws:apigateway:eu-west-1:lambda:path/functions/fn/invocations",
  stageName: "v1",
  throttlingRateLimit: 100,
  throttlingBurstLimit: 200,
  kmsKeyArn: KEY,
  logRetentionDays: 30,
};

function synth(props: Partial<LambdaRestApiProps> = {}, use: (api: LambdaRestApi) => void = () => undefined) {
  return synthConstruct((scope) => use(new LambdaRestApi(scope, "api", { ...PROPS, ...props })));
}

describe("LambdaRestApi", () => {
  it("sends the root and every path, any method, to the function as a proxy integration", () => {
    const { resources } = synth();
    expect(bodies(resources, "aws_api_gateway_method").map((m) => [m.http_method, m.authorization])).toEqual([
      ["ANY", "NONE"],
      ["ANY", "NONE"],
    ]);
    expect(bodies(resources, "aws_api_gateway_resource")[0].path_part).toBe("{proxy+}");
    for (const integration of bodies(resources, "aws_api_gateway_integration")) {
      expect(integration).toMatchObject({ type: "AWS_PROXY", integration_http_method: "POST", uri: PROPS.functionInvokeArn });
    }
  });

  it("traces, logs access as JSON and errors into encrypted log groups, and throttles", () => {
    const { text, resources } = synth();
    expect(text).toHaveResourceWithProperties(ApiGatewayStage, { stage_name: "v1", xray_tracing_enabled: true });
    expect(JSON.parse(bodies(resources, "aws_api_gateway_stage")[0].access_log_settings.format)).toHaveProperty("requestId", "$context.requestId");
    expect(text).toHaveResourceWithProperties(ApiGatewayMethodSettings, {
      method_path: "*/*",
      settings: { metrics_enabled: true, logging_level: "ERROR", data_trace_enabled: false, throttling_rate_limit: 100, throttling_burst_limit: 200 },
    });
    const groups = bodies(resources, "aws_cloudwatch_log_group");
    expect(groups.map((g) => g.name)).toEqual(["/aws/apigateway/tw-test/v1/access", expect.stringMatching(/^API-Gateway-Execution-Logs_.+\/v1$/)]);
    for (const group of groups) expect(group).toMatchObject({ kms_key_id: KEY, retention_in_days: 30 });
  });

  it("lets only its stage invoke the function", () => {
    expect(synth().text).toHaveResourceWithProperties(LambdaPermission, {
      action: "lambda:InvokeFunction",
      function_name: "tw-test-api",
      principal: "apigateway.amazonaws.com",
      source_arn: expect.stringMatching(/\/v1\/\*$/),
    });
  });

  it("sets the account's logging role: its own role, kept on destroy; a given one; or none when told to leave it alone", () => {
    const own = synth();
    expect(own.text).toHaveResourceWithProperties(IamRole, { name: "tw-test-eu-west-1-cloudwatch", lifecycle: { prevent_destroy: true } });
    expect(own.text).toHaveResource(ApiGatewayAccount);
    const given = synth({ accountLoggingRoleArn: "arn:aws:iam::111122223333:role/apigw" });
    expect(given.text).toHaveResourceWithProperties(ApiGatewayAccount, { cloudwatch_role_arn: "arn:aws:iam::111122223333:role/apigw" });
    expect(given.text).not.toHaveResource(IamRole);
    const none = synth({ manageAccountLoggingRole: false });
    expect(none.text).not.toHaveResource(ApiGatewayAccount);
    expect(none.text).not.toHaveResource(IamRole);
  });

  it("names its execute-api host in the partition's DNS suffix", () => {
    const host = (partition: string) =>
      Object.values<any>(
        JSON.parse(
          synth(
            { env: { ...ENV, partition, region: partition === "aws-cn" ? "cn-north-1" : "eu-west-1" } },
            (api) => new TerraformOutput(api, "host", { value: api.executeApiDomainName }),
          ).text,
        ).output,
      )[0].value;
    expect(host("aws")).toMatch(/\.execute-api\.eu-west-1\.amazonaws\.com$/);
    expect(host("aws-cn")).toMatch(/\.execute-api\.cn-north-1\.amazonaws\.com\.cn$/);
  });

  it("serves the stage on a custom domain: a regional TLS 1.2 domain, the stage at its root, and an alias", () => {
    const { text, resources } = synth({}, (api) => {
      const domain = new Domain(api, "domain", { name: "api.example.com", hostedZoneId: "Z123", certificateArn: "arn:aws:acm:eu-west-1:111122223333:certificate/abc" });
      api.addCustomDomain(domain);
    });
    expect(text).toHaveResourceWithProperties(ApiGatewayDomainName, {
      domain_name: "api.example.com",
      regional_certificate_arn: "arn:aws:acm:eu-west-1:111122223333:certificate/abc",
      endpoint_configuration: { types: ["REGIONAL"] },
      security_policy: "TLS_1_2",
    });
    expect(text).toHaveResource(ApiGatewayBasePathMapping);
    expect(bodies(resources, "aws_route53_record")).toEqual([expect.objectContaining({ name: "api.example.com", type: "A" })]);
  });
});
