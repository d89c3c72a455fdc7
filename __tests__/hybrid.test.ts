import { parseConfig } from "../src/config/load";
import { MANAGED_CACHE_POLICY_CACHING_DISABLED } from "../src/constructs/api-distribution";
import { CLOUDFRONT_LOG_DELIVERY_CANONICAL_ID } from "../src/constructs/access-log-bucket";
import { CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST, HybridStack } from "../src/stacks/hybrid-stack";
import { address, bodyOf, onlyResource, policyStatements, ref, resourcesOf, stackKey, synthContainer, synthStack } from "./helpers";

const CODE = { s3Bucket: "my-artifacts", s3Key: "trustwrapper/lambda.zip" };

function synthHybrid(input: Record<string, unknown> = {}) {
  return synthStack(HybridStack, { architecture: "hybrid", region: "eu-west-1", serverless: { function: { code: CODE } }, ...input });
}

describe("hybrid architecture (defaults)", () => {
  const s = synthHybrid();
  const distribution = () => bodyOf(s.json, s.stack.distribution.distribution);
  const us1 = "aws.us-east-1";

  it("puts CloudFront in front: HTTPS only to viewers, TLS 1.2+, the configured name and its us-east-1 certificate", () => {
    const edgeDomain = s.stack.edgeDomain;
    expect(distribution()).toMatchObject({
      enabled: true,
      aliases: ["trustwrapper.yourdomain.com"],
      viewer_certificate: {
        acm_certificate_arn: ref(edgeDomain.certificateValidation!, "certificate_arn"),
        ssl_support_method: "sni-only",
        minimum_protocol_version: "TLSv1.2_2021",
      },
      default_cache_behavior: { viewer_protocol_policy: "https-only" },
      price_class: "PriceClass_100",
    });
    for (const behavior of distribution().ordered_cache_behavior) expect(behavior.viewer_protocol_policy).toBe("https-only");
    expect(bodyOf(s.json, edgeDomain.certificate!)).toMatchObject({ domain_name: "trustwrapper.yourdomain.com", provider: us1 });
    expect(bodyOf(s.json, edgeDomain.certificateValidation!).provider).toBe(us1);
  });

  it("configures a second AWS provider in us-east-1 with the same default tags", () => {
    const providers = s.json.provider.aws;
    expect(providers).toHaveLength(2);
    expect(providers[0]).toMatchObject({ region: "eu-west-1" });
    expect(providers[1]).toMatchObject({ alias: "us-east-1", region: "us-east-1", default_tags: providers[0].default_tags });
  });

  it("sends light operations to API Gateway and the heavy paths to the load balancer, both over HTTPS", () => {
    const origins = Object.fromEntries(distribution().origin.map((o: any) => [o.origin_id, o]));
    const api = s.stack.serverlessTier.api;
    expect(origins["api-gateway"]).toEqual({
      origin_id: "api-gateway",
      domain_name: `${ref(api.api, "id")}.execute-api.eu-west-1.amazonaws.com`,
      origin_path: `/${ref(api.stage, "stage_name")}`,
      custom_origin_config: { http_port: 80, https_port: 443, origin_protocol_policy: "https-only", origin_ssl_protocols: ["TLSv1.2"] },
    });
    expect(origins["load-balancer"]).toMatchObject({
      domain_name: "origin.trustwrapper.yourdomain.com",
      custom_origin_config: { origin_protocol_policy: "https-only", origin_ssl_protocols: ["TLSv1.2"] },
    });
    // Long /verify* calls: CloudFront, the load balancer and a draining task all wait the 60 s budget.
    expect(origins["load-balancer"].custom_origin_config.origin_read_timeout).toBe(60);
    const loadBalancer = s.stack.containerTier.loadBalancer;
    expect(bodyOf(s.json, loadBalancer.loadBalancer).idle_timeout).toBe(60);
    expect(bodyOf(s.json, loadBalancer.targetGroup).deregistration_delay).toBe("60");
    expect(distribution().default_cache_behavior.target_origin_id).toBe("api-gateway");
    expect(distribution().ordered_cache_behavior.map((b: any) => [b.path_pattern, b.target_origin_id])).toEqual([["/verify*", "load-balancer"]]);
  });

  it("gives the load balancer the origin name CloudFront connects to, with its own certificate and alias", () => {
    const domain = s.stack.containerTier.domain;
    expect(domain.name).toBe("origin.trustwrapper.yourdomain.com");
    expect(bodyOf(s.json, domain.certificate!)).toMatchObject({ domain_name: "origin.trustwrapper.yourdomain.com" });
    expect(bodyOf(s.json, domain.certificate!)).not.toHaveProperty("provider");
    expect(bodyOf(s.json, s.stack.containerTier.loadBalancer.httpsListener).certificate_arn).toBe(ref(domain.certificateValidation!, "certificate_arn"));
    const records = Object.values(resourcesOf(s.json, "aws_route53_record")).filter((r) => r.alias);
    const lb = s.stack.containerTier.loadBalancer.loadBalancer;
    expect(records.find((r) => r.name === "origin.trustwrapper.yourdomain.com")!.alias.name).toBe(ref(lb, "dns_name"));
    const edge = records.filter((r) => r.name === "trustwrapper.yourdomain.com");
    expect(edge.map((r) => r.type).sort()).toEqual(["A", "AAAA"]);
    for (const record of edge) {
      // Route53 cannot evaluate a CloudFront target's health; it can a load balancer's.
      expect(record.alias).toEqual({
        name: ref(s.stack.distribution.distribution, "domain_name"),
        zone_id: ref(s.stack.distribution.distribution, "hosted_zone_id"),
        evaluate_target_health: false,
      });
    }
    expect(records.find((r) => r.name === "origin.trustwrapper.yourdomain.com")!.alias.evaluate_target_health).toBe(true);
  });

  it("admits only CloudFront's origin-facing addresses to the load balancer, on 443, with no HTTP listener", () => {
    const prefixList = onlyData("aws_ec2_managed_prefix_list");
    expect(prefixList.name).toBe(CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST);
    const albGroup = ref(s.stack.containerTier.loadBalancer.securityGroup.group, "id");
    const ingress = Object.values(resourcesOf(s.json, "aws_vpc_security_group_ingress_rule")).filter((r) => r.security_group_id === albGroup);
    expect(ingress).toEqual([
      expect.objectContaining({ prefix_list_id: "${data.aws_ec2_managed_prefix_list.cloudfront-origin-facing.id}", from_port: 443, to_port: 443, ip_protocol: "tcp" }),
    ]);
    expect(Object.values(resourcesOf(s.json, "aws_vpc_security_group_ingress_rule")).some((r) => r.cidr_ipv4 === "0.0.0.0/0")).toBe(false);
    expect(s.stack.containerTier.loadBalancer.httpListener).toBeUndefined();
    expect(Object.values(resourcesOf(s.json, "aws_lb_listener")).map((l) => l.port)).toEqual([443]);
    const { httpsListener, requiredHeaderRule } = s.stack.containerTier.loadBalancer;
    expect(bodyOf(s.json, s.stack.containerTier.service.service).depends_on).toEqual([address(httpsListener), address(requiredHeaderRule!)]);
  });

  it("forwards only requests that carry our distribution's secret X-Origin-Verify header: any CloudFront distribution comes from those addresses", () => {
    const { secret, secretVersion } = s.stack.originVerify;
    const { loadBalancer, httpsListener, requiredHeaderRule, targetGroup } = s.stack.containerTier.loadBalancer;
    // Generated by Secrets Manager in an ephemeral resource and written write-only: never in configuration or state.
    expect((s.json as { ephemeral?: any }).ephemeral?.aws_secretsmanager_random_password).toEqual({ "origin-verify": { password_length: 64, exclude_punctuation: true } });
    expect(s.json.terraform.required_version).toBe(">= 1.11.0");
    expect(bodyOf(s.json, secret)).toMatchObject({ name: "trustwrapper/prod/origin-verify-token", kms_key_id: ref(stackKey(s.stack), "arn") });
    expect(bodyOf(s.json, secretVersion)).toEqual(
      expect.objectContaining({
        secret_id: ref(secret, "id"),
        secret_string_wo: "${ephemeral.aws_secretsmanager_random_password.origin-verify.random_password}",
        secret_string_wo_version: 1,
      }),
    );
    expect(bodyOf(s.json, secretVersion)).not.toHaveProperty("secret_string");
    // Read back (after a rotation has written the new value) for the two places AWS takes it as plain configuration.
    const [readName, read] = Object.entries<any>(s.json.data.aws_secretsmanager_secret_version)[0];
    expect(read).toMatchObject({ secret_id: ref(secret, "id"), depends_on: [address(secretVersion)] });
    const value = `\${data.aws_secretsmanager_secret_version.${readName}.secret_string}`;
    const origin = distribution().origin.find((o: any) => o.origin_id === "load-balancer");
    expect(origin.custom_header).toEqual([{ name: "X-Origin-Verify", value }]);
    expect(distribution().origin.find((o: any) => o.origin_id === "api-gateway")).not.toHaveProperty("custom_header");
    expect(bodyOf(s.json, httpsListener).default_action).toEqual([
      { type: "fixed-response", fixed_response: { content_type: "text/plain", status_code: "403", message_body: "Forbidden" } },
    ]);
    expect(bodyOf(s.json, requiredHeaderRule!)).toMatchObject({
      listener_arn: ref(httpsListener, "arn"),
      priority: 1,
      action: [{ type: "forward", target_group_arn: ref(targetGroup, "arn") }],
      condition: [{ http_header: { http_header_name: "X-Origin-Verify", values: [value] } }],
    });
    expect(bodyOf(s.json, loadBalancer).load_balancer_type).toBe("application");
  });

  it("disables caching for API calls, forwards the viewer's request but Host, and adds security headers", () => {
    const behaviors = [distribution().default_cache_behavior, ...distribution().ordered_cache_behavior];
    const headersPolicy = ref(s.stack.distribution.responseHeadersPolicy, "id");
    for (const behavior of behaviors) {
      expect(behavior).toMatchObject({
        cache_policy_id: MANAGED_CACHE_POLICY_CACHING_DISABLED,
        origin_request_policy_id: "b689b0a8-53d0-40ab-baf2-68738e2966ac",
        response_headers_policy_id: headersPolicy,
        allowed_methods: ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
      });
    }
    expect(bodyOf(s.json, s.stack.distribution.responseHeadersPolicy).security_headers_config).toMatchObject({
      strict_transport_security: { access_control_max_age_sec: 31536000, include_subdomains: true, override: true },
      content_type_options: { override: true },
      frame_options: { frame_option: "DENY", override: true },
    });
  });

  it("logs access to a private, KMS-encrypted bucket that CloudFront's log delivery may write", () => {
    const logs = s.stack.accessLogs;
    expect(distribution().logging_config).toEqual({ bucket: ref(logs.bucket, "bucket_regional_domain_name"), prefix: "cloudfront/", include_cookies: false });
    const byBucket = (type: string) => Object.values(resourcesOf(s.json, type)).find((r) => r.bucket === ref(logs.bucket, "id"))!;
    expect(byBucket("aws_s3_bucket_ownership_controls").rule.object_ownership).toBe("BucketOwnerPreferred");
    expect(byBucket("aws_s3_bucket_public_access_block")).toMatchObject({
      block_public_acls: true,
      ignore_public_acls: true,
      block_public_policy: true,
      restrict_public_buckets: true,
    });
    expect(byBucket("aws_s3_bucket_server_side_encryption_configuration").rule[0].apply_server_side_encryption_by_default).toEqual({
      sse_algorithm: "aws:kms",
      kms_master_key_id: ref(stackKey(s.stack), "arn"),
    });
    const grants = byBucket("aws_s3_bucket_acl").access_control_policy.grant.map((g: any) => g.grantee.id);
    expect(grants).toHaveLength(2);
    expect(grants[1]).toBe(CLOUDFRONT_LOG_DELIVERY_CANONICAL_ID);
    expect(grants[0]).toMatch(/^\$\{data\.aws_canonical_user_id\.[^.]+\.id\}$/);
    expect(byBucket("aws_s3_bucket_lifecycle_configuration").rule[0].expiration).toEqual([{ days: 90 }]);
    // New buckets start with ACLs disabled: the ACL waits for the ownership controls, and CloudFront for the ACL.
    const ownership = Object.entries(resourcesOf(s.json, "aws_s3_bucket_ownership_controls")).find(([, r]) => r.bucket === ref(logs.bucket, "id"))!;
    expect(bodyOf(s.json, logs.acl).depends_on).toEqual([`aws_s3_bucket_ownership_controls.${ownership[0]}`]);
    expect(distribution().depends_on).toEqual([address(logs.acl)]);
    // Who read or deleted those logs goes to the stack's log bucket, which lets S3 deliver for this bucket.
    const logBucket = s.stack.containerTier.logs;
    expect(byBucket("aws_s3_bucket_logging")).toMatchObject({
      target_bucket: ref(logBucket.bucket, "bucket"),
      target_prefix: "s3/edge-access-logs/",
      depends_on: [address(logBucket.policy)], // S3 delivers only once the policy lets it
    });
    const deliveries = policyStatements(s.json, bodyOf(s.json, logBucket.policy).policy);
    expect(JSON.stringify(deliveries)).toContain(ref(logs.bucket, "arn"));
    const keyPolicy = policyStatements(s.json, bodyOf(s.json, stackKey(s.stack)).policy);
    expect(keyPolicy.find((st: any) => st.sid === "CloudFrontDeliversAccessLogs")).toMatchObject({
      actions: ["kms:GenerateDataKey*"],
      principals: [{ type: "Service", identifiers: ["delivery.logs.amazonaws.com"] }],
    });
  });

  it("protects the distribution with a us-east-1 WAF web ACL: AWS managed rules and a per-IP rate limit", () => {
    const acl = bodyOf(s.json, s.stack.webAcl.webAcl);
    expect(distribution().web_acl_id).toBe(ref(s.stack.webAcl.webAcl, "arn"));
    expect(acl).toMatchObject({ provider: us1, scope: "CLOUDFRONT", default_action: { allow: {} } });
    expect(acl.rule.map((r: any) => [r.priority, r.name])).toEqual([
      [1, "AWSManagedRulesCommonRuleSet"],
      [2, "AWSManagedRulesKnownBadInputsRuleSet"],
      [3, "rate-limit-per-ip"],
    ]);
    // Verification requests carry whole AI answers: the common rules' 8 KB body limit only counts.
    expect(acl.rule[0].statement).toEqual([
      {
        managed_rule_group_statement: [
          { name: "AWSManagedRulesCommonRuleSet", vendor_name: "AWS", rule_action_override: [{ name: "SizeRestrictions_BODY", action_to_use: [{ count: [{}] }] }] },
        ],
      },
    ]);
    expect(acl.rule[1].statement[0].managed_rule_group_statement[0].rule_action_override).toEqual([]);
    expect(acl.rule[2]).toMatchObject({ action: { block: {} }, statement: [{ rate_based_statement: [{ limit: 2000, aggregate_key_type: "IP" }] }] });
    for (const rule of acl.rule) expect(rule.visibility_config).toMatchObject({ cloudwatch_metrics_enabled: true, sampled_requests_enabled: true });
  });

  it("logs every request the web ACL sees, credentials redacted, to a log group encrypted with a us-east-1 key", () => {
    const logging = onlyResource(s.json, "aws_wafv2_web_acl_logging_configuration");
    expect(logging).toMatchObject({ provider: us1, resource_arn: ref(s.stack.webAcl.webAcl, "arn") });
    expect(logging.redacted_fields).toEqual(["authorization", "x-api-key", "cookie"].map((name) => ({ single_header: { name } })));
    const [groupName, group] = Object.entries(resourcesOf(s.json, "aws_cloudwatch_log_group")).find(([, g]) => g.name === "aws-waf-logs-trustwrapper-prod-eu-west-1-edge")!;
    expect(logging.log_destination_configs).toEqual([`\${aws_cloudwatch_log_group.${groupName}.arn}`]);
    const keys = Object.entries(resourcesOf(s.json, "aws_kms_key"));
    expect(keys).toHaveLength(2); // the stack is in eu-west-1: a second key beside the web ACL
    const [edgeKeyName, edgeKey] = keys.find(([, k]) => k.provider === us1)!;
    expect(group).toMatchObject({ provider: us1, kms_key_id: `\${aws_kms_key.${edgeKeyName}.arn}` });
    expect(edgeKey.enable_key_rotation).toBe(true);
  });

  it("builds both tiers once: one API-keys secret, read by the tasks and the function", () => {
    expect(Object.keys(resourcesOf(s.json, "aws_secretsmanager_secret"))).toEqual([
      address(s.stack.containerTier.apiKeys.secret!).split(".")[1],
      address(s.stack.originVerify.secret).split(".")[1],
    ]);
    expect(Object.keys(resourcesOf(s.json, "aws_lambda_function"))).toHaveLength(1);
    expect(Object.keys(resourcesOf(s.json, "aws_ecs_service"))).toHaveLength(1);
    expect(Object.keys(resourcesOf(s.json, "aws_dynamodb_table"))).toHaveLength(1);
    expect(Object.keys(resourcesOf(s.json, "aws_db_instance"))).toHaveLength(1);
  });

  it("shows CloudFront on the dashboard from us-east-1, next to both tiers, and outputs the public URL", () => {
    const dashboard = JSON.parse(onlyResource(s.json, "aws_cloudwatch_dashboard").dashboard_body);
    const cloudfront = dashboard.widgets.find((w: any) => w.properties.title?.startsWith("CloudFront"));
    expect(cloudfront.properties.region).toBe("us-east-1");
    expect(cloudfront.properties.metrics[0]).toEqual([
      "AWS/CloudFront",
      "Requests",
      "DistributionId",
      ref(s.stack.distribution.distribution, "id"),
      "Region",
      "Global",
      { stat: "Sum" },
    ]);
    const titles = dashboard.widgets.map((w: any) => w.properties.title);
    expect(titles.filter((t: string) => t === "TrustWrapper Performance")).toHaveLength(1);
    expect(titles).toEqual(expect.arrayContaining(["Lambda invocations and duration (p95, ms)", "DynamoDB capacity and throttles", "Redis health"]));
    expect(s.json.output.url.value).toBe("https://trustwrapper.yourdomain.com");
    expect(s.json.output.cloudfront_domain_name.value).toBe(ref(s.stack.distribution.distribution, "domain_name"));
  });

  function onlyData(type: string): Record<string, any> {
    const all = Object.values(s.json.data[type] ?? {});
    if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
    return all[0];
  }
});

describe("hybrid options", () => {
  it("routes every configured heavy path, sets the rate limit, price class, origin name and log retention", () => {
    const s = synthHybrid({
      hybrid: { heavyPathPatterns: ["/verify*", "/batch/*"], wafRateLimit: 500, priceClass: "PriceClass_All", originSubdomain: "containers", accessLogRetentionDays: 30 },
    });
    const distribution = bodyOf(s.json, s.stack.distribution.distribution);
    expect(distribution.ordered_cache_behavior.map((b: any) => b.path_pattern)).toEqual(["/verify*", "/batch/*"]);
    expect(distribution.price_class).toBe("PriceClass_All");
    expect(distribution.origin.find((o: any) => o.origin_id === "load-balancer").domain_name).toBe("containers.trustwrapper.yourdomain.com");
    expect(bodyOf(s.json, s.stack.webAcl.webAcl).rule[2].statement[0].rate_based_statement[0].limit).toBe(500);
  });

  it("gives long requests the configured budget, never shortening the container tier's 60 s idle and 30 s drain", () => {
    const timeouts = (heavyRequestTimeoutSeconds: number) => {
      const s = synthHybrid({ hybrid: { heavyRequestTimeoutSeconds } });
      const { loadBalancer, targetGroup } = s.stack.containerTier.loadBalancer;
      const origin = bodyOf(s.json, s.stack.distribution.distribution).origin.find((o: any) => o.origin_id === "load-balancer");
      return [origin.custom_origin_config.origin_read_timeout, bodyOf(s.json, loadBalancer).idle_timeout, bodyOf(s.json, targetGroup).deregistration_delay];
    };
    expect(timeouts(180)).toEqual([180, 180, "180"]);
    expect(timeouts(45)).toEqual([45, 60, "45"]);
    expect(timeouts(10)).toEqual([10, 60, "30"]);
    const container = synthContainer();
    expect(Object.values(resourcesOf(container.json, "aws_lb"))[0].idle_timeout).toBe(60);
    expect(Object.values(resourcesOf(container.json, "aws_lb_target_group"))[0].deregistration_delay).toBe("30");
  });

  it("rotates the origin header's value with hybrid.originVerifyVersion", () => {
    const s = synthHybrid({ hybrid: { originVerifyVersion: 2 } });
    expect(bodyOf(s.json, s.stack.originVerify.secretVersion).secret_string_wo_version).toBe(2);
  });

  it("uses an existing us-east-1 certificate for CloudFront and still requests the origin's own", () => {
    const certificateArn = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1234-4abc-8def-0123456789ab";
    const s = synthHybrid({ domain: { name: "api.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ", certificateArn } });
    expect(bodyOf(s.json, s.stack.distribution.distribution).viewer_certificate.acm_certificate_arn).toBe(certificateArn);
    expect(s.stack.edgeDomain.certificate).toBeUndefined();
    expect(Object.values(resourcesOf(s.json, "aws_acm_certificate")).map((c) => c.domain_name)).toEqual(["origin.api.example.com"]);
  });

  it("encrypts the web ACL's logs with the stack's key where the stack is in us-east-1", () => {
    const s = synthHybrid({ region: "us-east-1" });
    expect(Object.keys(resourcesOf(s.json, "aws_kms_key"))).toHaveLength(1);
    const group = Object.values(resourcesOf(s.json, "aws_cloudwatch_log_group")).find((g) => g.name.startsWith("aws-waf-logs-"))!;
    expect(group.kms_key_id).toBe(ref(stackKey(s.stack), "arn"));
  });

  it("is the only architecture whose key lets CloudFront's log delivery in", () => {
    const container = synthContainer();
    const keyPolicy = policyStatements(container.json, Object.values(resourcesOf(container.json, "aws_kms_key"))[0].policy);
    expect(keyPolicy.map((st: any) => st.sid)).not.toContain("CloudFrontDeliversAccessLogs");
  });
});

describe("hybrid deployments in several regions", () => {
  it("keep their global and us-east-1 names apart", () => {
    const names = ["us-east-1", "eu-west-1"].map((region) => {
      const s = synthHybrid({ region });
      return [
        bodyOf(s.json, s.stack.webAcl.webAcl).name,
        bodyOf(s.json, s.stack.distribution.responseHeadersPolicy).name,
        ...Object.values(resourcesOf(s.json, "aws_cloudwatch_log_group"))
          .filter((g) => g.provider === "aws.us-east-1")
          .map((g) => g.name),
        ...Object.values(resourcesOf(s.json, "aws_kms_alias"))
          .filter((a) => a.provider === "aws.us-east-1")
          .map((a) => a.name),
      ];
    });
    expect(names[0]).toEqual(["trustwrapper-prod-us-east-1-edge", "trustwrapper-prod-us-east-1-edge-security-headers", "aws-waf-logs-trustwrapper-prod-us-east-1-edge"]);
    expect(names[1]).toEqual([
      "trustwrapper-prod-eu-west-1-edge",
      "trustwrapper-prod-eu-west-1-edge-security-headers",
      "aws-waf-logs-trustwrapper-prod-eu-west-1-edge",
      "alias/trustwrapper-prod-eu-west-1-edge",
    ]);
  });
});

describe("hybrid configuration errors name the field", () => {
  function errors(input: Record<string, unknown>): readonly string[] {
    const result = parseConfig({ architecture: "hybrid", serverless: { function: { code: CODE } }, ...input });
    return result.ok ? [] : result.errors;
  }

  it.each([
    [{ hybrid: { heavyPathPatterns: ["verify*"] } }, "hybrid.heavyPathPatterns.0: expected a path pattern starting with /, such as /verify*"],
    [{ hybrid: { heavyPathPatterns: ["/verify?id=1"] } }, "hybrid.heavyPathPatterns.0: CloudFront matches the path only: a pattern with ? or # can never match"],
    [{ hybrid: { heavyPathPatterns: ["/*"] } }, "hybrid.heavyPathPatterns.0: /* matches every path: that is the default route, not a heavy-operations pattern"],
    [{ hybrid: { heavyPathPatterns: ["/a b"] } }, "hybrid.heavyPathPatterns.0: expected CloudFront path characters only (A-Z a-z 0-9 _ - . * $ / ~ \" ' @ : + &)"],
    [{ hybrid: { heavyPathPatterns: ["/v*", "/v*"] } }, "hybrid.heavyPathPatterns: expected each pattern once"],
    [{ hybrid: { wafRateLimit: 5 } }, "hybrid.wafRateLimit: expected a request count from 10 to 2000000000"],
    [{ hybrid: { priceClass: "PriceClass_300" } }, "hybrid.priceClass: expected one of: PriceClass_100, PriceClass_200, PriceClass_All"],
    [{ hybrid: { heavyRequestTimeoutSeconds: 181 } }, "hybrid.heavyRequestTimeoutSeconds: expected a number of seconds from 1 to 180"],
    [{ hybrid: { heavyRequestTimeoutSeconds: 0 } }, "hybrid.heavyRequestTimeoutSeconds: expected a number of seconds from 1 to 180"],
    [{ hybrid: { heavyRequestTimeoutSeconds: 59.5 } }, "hybrid.heavyRequestTimeoutSeconds: expected a number of seconds from 1 to 180, got 59.5"],
    [{ hybrid: { originVerifyVersion: 0 } }, "hybrid.originVerifyVersion: expected a version number from 1 to 1000000"],
    [{ hybrid: { originVerifyVersion: "2" } }, 'hybrid.originVerifyVersion: expected a version number from 1 to 1000000, got "2"'],
    [
      { domain: { name: "api.example.com", hostedZoneName: "example.com", certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-1234" } },
      "domain.certificateArn: CloudFront takes certificates from us-east-1 only, got one from eu-west-1",
    ],
    [{ serverless: { function: {} } }, "serverless.function.code: missing: the hybrid architecture needs the app's Lambda code (s3Bucket and s3Key, or imageUri)"],
    [
      { serverless: { function: { code: CODE }, api: { customDomain: true } } },
      "serverless.api.customDomain: the hybrid architecture serves domain.name from CloudFront; a custom API Gateway domain is for the serverless architecture only",
    ],
  ])("%j", (input, message) => {
    expect(errors(input)).toEqual([message]);
  });
});
