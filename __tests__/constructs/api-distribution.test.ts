import { CloudfrontDistribution } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { CloudfrontResponseHeadersPolicy } from "@cdktf/provider-aws/lib/cloudfront-response-headers-policy";
import { TerraformResource } from "cdktf";
import { ApiDistribution, HEAVY_ORIGIN_ID, LIGHT_ORIGIN_ID, MANAGED_CACHE_POLICY_CACHING_DISABLED } from "../../src/constructs/api-distribution";
import { bodies, synthConstruct } from "./synth";

const CERTIFICATE = "arn:aws:acm:us-east-1:111122223333:certificate/abc";

describe("ApiDistribution", () => {
  const { text, resources } = synthConstruct((scope) => {
    const logBucketAcl = new TerraformResource(scope, "log-bucket-acl", { terraformResourceType: "null_resource" });
    new ApiDistribution(scope, "distribution", {
      namePrefix: "tw-test-eu-west-1-edge",
      domainName: "api.example.com",
      certificateArn: CERTIFICATE,
      lightOrigin: { domainName: "abc.execute-api.eu-west-1.amazonaws.com", originPath: "/v1" },
      heavyOrigin: { domainName: "origin.api.example.com", readTimeoutSeconds: 60, customHeader: { name: "X-Origin-Verify", value: "v" } },
      heavyPathPatterns: ["/verify*", "/batch/*"],
      webAclArn: "arn:aws:wafv2:us-east-1:111122223333:global/webacl/tw/1",
      logBucketDomainName: "logs.s3.eu-west-1.amazonaws.com",
      logBucketAcl,
      priceClass: "PriceClass_100",
    });
  });
  const [distribution] = bodies(resources, "aws_cloudfront_distribution");

  it("answers for the domain over HTTPS only, TLS 1.2+, behind the web ACL, logging to the bucket after its ACL", () => {
    expect(text).toHaveResourceWithProperties(CloudfrontDistribution, {
      aliases: ["api.example.com"],
      price_class: "PriceClass_100",
      web_acl_id: "arn:aws:wafv2:us-east-1:111122223333:global/webacl/tw/1",
      viewer_certificate: { acm_certificate_arn: CERTIFICATE, ssl_support_method: "sni-only", minimum_protocol_version: "TLSv1.2_2021" },
      logging_config: { bucket: "logs.s3.eu-west-1.amazonaws.com", prefix: "cloudfront/", include_cookies: false },
    });
    expect(distribution.depends_on).toEqual([expect.stringMatching(/^null_resource\./)]);
  });

  it("sends every path to API Gateway and the heavy paths to the load balancer, caching nothing", () => {
    expect(distribution.default_cache_behavior).toMatchObject({
      target_origin_id: LIGHT_ORIGIN_ID,
      viewer_protocol_policy: "https-only",
      cache_policy_id: MANAGED_CACHE_POLICY_CACHING_DISABLED,
    });
    expect(distribution.ordered_cache_behavior.map((b: any) => [b.path_pattern, b.target_origin_id, b.cache_policy_id])).toEqual([
      ["/verify*", HEAVY_ORIGIN_ID, MANAGED_CACHE_POLICY_CACHING_DISABLED],
      ["/batch/*", HEAVY_ORIGIN_ID, MANAGED_CACHE_POLICY_CACHING_DISABLED],
    ]);
  });

  it("reaches both origins over HTTPS only, with the light one's stage path and the heavy one's timeout and secret header", () => {
    const origins = Object.fromEntries(distribution.origin.map((o: any) => [o.origin_id, o]));
    for (const origin of Object.values<any>(origins))
      expect(origin.custom_origin_config).toMatchObject({ origin_protocol_policy: "https-only", origin_ssl_protocols: ["TLSv1.2"] });
    expect(origins[LIGHT_ORIGIN_ID]).toMatchObject({ origin_path: "/v1" });
    expect(origins[LIGHT_ORIGIN_ID].custom_header).toBeUndefined();
    expect(origins[HEAVY_ORIGIN_ID]).toMatchObject({ custom_header: [{ name: "X-Origin-Verify", value: "v" }], custom_origin_config: { origin_read_timeout: 60 } });
  });

  it("adds security headers to every response", () => {
    expect(text).toHaveResourceWithProperties(CloudfrontResponseHeadersPolicy, {
      name: "tw-test-eu-west-1-edge-security-headers",
      security_headers_config: expect.objectContaining({
        strict_transport_security: expect.objectContaining({ access_control_max_age_sec: 31536000, include_subdomains: true }),
        frame_options: expect.objectContaining({ frame_option: "DENY" }),
      }),
    });
  });
});
