import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { DataAwsRoute53Zone } from "@cdktf/provider-aws/lib/data-aws-route53-zone";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { TerraformOutput, Testing } from "cdktf";
import { Domain, DomainProps } from "../../src/constructs/domain";
import { bodies, synthConstruct } from "./synth";

const NAME = "api.example.com";

function synth(props: Partial<DomainProps>, use: (domain: Domain) => void = () => undefined) {
  let domain: Domain | undefined;
  const out = synthConstruct((scope) => {
    domain = new Domain(scope, "domain", { name: NAME, ...props });
    use(domain);
  });
  return { ...out, domain: domain! };
}

describe("Domain", () => {
  it("takes the zone by ID, or looks it up by name (public zones only)", () => {
    const byId = synth({ hostedZoneId: "Z123" });
    expect(byId.text).not.toHaveDataSource(DataAwsRoute53Zone);
    expect(byId.domain.zoneId).toBe("Z123");
    const byName = synth({ hostedZoneName: "example.com" });
    expect(byName.text).toHaveDataSourceWithProperties(DataAwsRoute53Zone, { name: "example.com", private_zone: false });
  });

  it("refuses to guess a zone it was not given", () => {
    expect(() => synth({})).toThrow("Domain api.example.com: give hostedZoneId or hostedZoneName");
  });

  it("requests an EC certificate validated through DNS in the zone, replaced before it is destroyed", () => {
    const { text, resources } = synth({ hostedZoneId: "Z123" }, (domain) => new TerraformOutput(domain, "certificate-arn", { value: domain.certificateArn }));
    expect(text).toHaveResourceWithProperties(AcmCertificate, {
      domain_name: NAME,
      validation_method: "DNS",
      key_algorithm: "EC_prime256v1",
      lifecycle: { create_before_destroy: true },
    });
    expect(text).toHaveResourceWithProperties(Route53Record, { zone_id: "Z123", ttl: 300, allow_overwrite: true });
    expect(text).toHaveResource(AcmCertificateValidation);
    // Users of certificateArn wait for the validation, not only for the request.
    expect(Object.values<any>(JSON.parse(text).output)[0].value).toMatch(/^\$\{aws_acm_certificate_validation\..+\.certificate_arn\}$/);
    expect(bodies(resources, "aws_acm_certificate_validation")[0].validation_record_fqdns).toEqual([expect.stringMatching(/aws_route53_record\..+\.fqdn/)]);
  });

  it("uses an existing certificate as it is: nothing requested, nothing validated", () => {
    const arn = "arn:aws:acm:us-east-1:111122223333:certificate/abc";
    const { text, domain } = synth({ hostedZoneId: "Z123", certificateArn: arn });
    expect(text).not.toHaveResource(AcmCertificate);
    expect(text).not.toHaveResource(Route53Record);
    expect([domain.certificateArn, domain.certificate, domain.certificateValidation]).toEqual([arn, undefined, undefined]);
  });

  it("requests the certificate through the provider it is given (CloudFront's us-east-1)", () => {
    const json = JSON.parse(
      Testing.synthScope((scope) => {
        const useast1 = new AwsProvider(scope, "us-east-1", { region: "us-east-1", alias: "us-east-1" });
        new Domain(scope, "domain", { name: NAME, hostedZoneId: "Z123", certificateProvider: useast1 });
      }),
    );
    expect(bodies(json.resource, "aws_acm_certificate")[0].provider).toBe("aws.us-east-1");
    expect(bodies(json.resource, "aws_acm_certificate_validation")[0].provider).toBe("aws.us-east-1");
  });

  it("aliases the name to a target, A by default, following its health unless told not to", () => {
    const target = { dnsName: "lb.example.net", zoneId: "ZLB" };
    const { resources } = synth({ hostedZoneId: "Z123", certificateArn: "arn:aws:acm:eu-west-1:111122223333:certificate/abc" }, (domain) => {
      domain.addAlias("alias-a", target);
      domain.addAlias("alias-aaaa", { ...target, evaluateTargetHealth: false }, "AAAA");
    });
    expect(bodies(resources, "aws_route53_record").map((r) => [r.name, r.type, r.alias])).toEqual([
      [NAME, "A", { name: "lb.example.net", zone_id: "ZLB", evaluate_target_health: true }],
      [NAME, "AAAA", { name: "lb.example.net", zone_id: "ZLB", evaluate_target_health: false }],
    ]);
  });
});
