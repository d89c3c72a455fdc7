import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { DataAwsRoute53Zone } from "@cdktf/provider-aws/lib/data-aws-route53-zone";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { bodyOf, ref, resourcesOf, synthContainer, Synthesized, createdNetwork } from "./helpers";

describe("load balancer, certificate and DNS (defaults)", () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthContainer();
  });

  it("is a public ALB in the public subnets that drops invalid headers", () => {
    expect(s.text).toHaveResourceWithProperties(Lb, {
      load_balancer_type: "application",
      internal: false,
      drop_invalid_header_fields: true,
      enable_deletion_protection: true,
      subnets: createdNetwork(s.stack).publicSubnets.map((subnet) => ref(subnet, "id")),
      security_groups: [ref(s.stack.tier.loadBalancer.securityGroup.group, "id")],
    });
  });

  it("forwards HTTPS on 443 with the validated certificate and a TLS 1.2+ policy", () => {
    const https = bodyOf(s.json, s.stack.tier.loadBalancer.httpsListener);
    expect(https).toMatchObject({
      port: 443,
      protocol: "HTTPS",
      ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      load_balancer_arn: ref(s.stack.tier.loadBalancer.loadBalancer, "arn"),
      default_action: [{ type: "forward", target_group_arn: ref(s.stack.tier.loadBalancer.targetGroup, "arn") }],
    });
    expect(https.certificate_arn).toMatch(/^\$\{aws_acm_certificate_validation\.[^.]+\.certificate_arn\}$/);
  });

  it("only redirects port 80 to HTTPS", () => {
    expect(bodyOf(s.json, s.stack.tier.loadBalancer.httpListener!)).toMatchObject({
      port: 80,
      protocol: "HTTP",
      default_action: [{ type: "redirect", redirect: { port: "443", protocol: "HTTPS", status_code: "HTTP_301" } }],
    });
  });

  it("health-checks the tasks' /health on port 8000 by IP", () => {
    expect(bodyOf(s.json, s.stack.tier.loadBalancer.targetGroup)).toMatchObject({
      port: 8000,
      protocol: "HTTP",
      target_type: "ip",
      vpc_id: ref(createdNetwork(s.stack).vpc, "id"),
      health_check: { enabled: true, path: "/health", matcher: "200" },
    });
  });

  it("validates the certificate through DNS in the configured hosted zone", () => {
    expect(s.text).toHaveResourceWithProperties(AcmCertificate, { domain_name: "trustwrapper.yourdomain.com", validation_method: "DNS" });
    expect(s.text).toHaveDataSourceWithProperties(DataAwsRoute53Zone, { name: "yourdomain.com", private_zone: false });
    const records = Object.values(resourcesOf(s.json, "aws_route53_record"));
    const validation = records.find((r) => r.ttl !== undefined);
    const certificate = ref(s.stack.tier.domain.certificate!, "domain_validation_options");
    expect(validation?.name).toBe(`\${tolist(${certificate.slice(2, -1)}).0.resource_record_name}`);
    const [validationRecordName] = Object.entries(resourcesOf(s.json, "aws_route53_record")).find(([, r]) => r.ttl !== undefined)!;
    const validationResource = Object.values(resourcesOf(s.json, "aws_acm_certificate_validation"))[0];
    expect(validationResource).toEqual(
      expect.objectContaining({
        certificate_arn: ref(s.stack.tier.domain.certificate!, "arn"),
        validation_record_fqdns: [`\${aws_route53_record.${validationRecordName}.fqdn}`],
      }),
    );
  });

  it("points the domain at the load balancer with an alias record", () => {
    const alias = Object.values(resourcesOf(s.json, "aws_route53_record")).find((r) => r.alias !== undefined);
    expect(alias).toMatchObject({
      name: "trustwrapper.yourdomain.com",
      type: "A",
      alias: {
        name: ref(s.stack.tier.loadBalancer.loadBalancer, "dns_name"),
        zone_id: ref(s.stack.tier.loadBalancer.loadBalancer, "zone_id"),
        evaluate_target_health: true,
      },
    });
  });
});

describe("hosted zone by ID", () => {
  it("uses the zone ID directly, without a lookup", () => {
    const s = synthContainer({ domain: { name: "api.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" } });
    expect(s.json.data.aws_route53_zone).toBeUndefined();
    for (const record of Object.values(resourcesOf(s.json, "aws_route53_record"))) {
      expect(record.zone_id).toBe("Z0123456789ABCDEFGHIJ");
    }
  });

  it("lets the ALB be deleted outside prod", () => {
    const s = synthContainer({ environment: "dev" });
    expect(bodyOf(s.json, s.stack.tier.loadBalancer.loadBalancer).enable_deletion_protection).toBe(false);
  });
});
