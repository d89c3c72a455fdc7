import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { DataAwsRoute53Zone } from "@cdktf/provider-aws/lib/data-aws-route53-zone";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";

export interface DomainProps {
  /** The public name, e.g. `trustwrapper.yourdomain.com`. */
  readonly name: string;
  /** ID of the public hosted zone that holds `name`; or give `hostedZoneName`. Default none: one of the two is required. */
  readonly hostedZoneId?: string;
  /** Name of that hosted zone, looked up at plan time; or give `hostedZoneId`. Default none: one of the two is required. */
  readonly hostedZoneName?: string;
  /** ARN of an issued ACM certificate for `name` to use instead of requesting one. Default none: one is requested and validated through DNS. */
  readonly certificateArn?: string;
  /** Provider of the requested certificate, e.g. the us-east-1 one that CloudFront needs. Default the stack's provider. */
  readonly certificateProvider?: TerraformProvider;
}

/** What an alias record points at: a load balancer, distribution or API domain. */
export interface AliasTarget {
  readonly dnsName: string;
  readonly zoneId: string;
  /** Whether Route53 may follow the target's health: it can for load balancers, not for CloudFront distributions. Default true. */
  readonly evaluateTargetHealth?: boolean;
}

/**
 * A public DNS name in its Route53 zone, with an ACM certificate for it that is validated
 * through DNS in the same zone (or an existing certificate). `certificateArn` is the validated
 * certificate: using it makes a listener wait until validation completes.
 */
export class Domain extends Construct {
  readonly name: string;
  readonly zoneId: string;
  /** The certificate this construct requested; undefined when an existing one was given. */
  readonly certificate?: AcmCertificate;
  /** The wait for the requested certificate's DNS validation; undefined when an existing one was given. */
  readonly certificateValidation?: AcmCertificateValidation;
  readonly certificateArn: string;

  constructor(scope: Construct, id: string, props: DomainProps) {
    super(scope, id);
    this.name = props.name;
    if (props.hostedZoneId !== undefined) {
      this.zoneId = props.hostedZoneId;
    } else if (props.hostedZoneName !== undefined) {
      this.zoneId = new DataAwsRoute53Zone(this, "zone", { name: props.hostedZoneName, privateZone: false }).zoneId;
    } else {
      throw new Error(`Domain ${props.name}: give hostedZoneId or hostedZoneName`);
    }
    if (props.certificateArn !== undefined) {
      this.certificateArn = props.certificateArn;
      return;
    }
    this.certificate = new AcmCertificate(this, "certificate", {
      domainName: props.name,
      validationMethod: "DNS",
      keyAlgorithm: "EC_prime256v1",
      lifecycle: { createBeforeDestroy: true },
      provider: props.certificateProvider,
    });
    const challenge = this.certificate.domainValidationOptions.get(0);
    const validationRecord = new Route53Record(this, "validation-record", {
      zoneId: this.zoneId,
      name: challenge.resourceRecordName,
      type: challenge.resourceRecordType,
      records: [challenge.resourceRecordValue],
      ttl: 300,
      allowOverwrite: true,
    });
    this.certificateValidation = new AcmCertificateValidation(this, "certificate-validation", {
      certificateArn: this.certificate.arn,
      validationRecordFqdns: [validationRecord.fqdn],
      provider: props.certificateProvider,
    });
    this.certificateArn = this.certificateValidation.certificateArn;
  }

  /** Points the domain at `target`, following its health where Route53 can: an A record (IPv4), or AAAA (IPv6). */
  addAlias(id: string, target: AliasTarget, type: "A" | "AAAA" = "A"): Route53Record {
    return new Route53Record(this, id, {
      zoneId: this.zoneId,
      name: this.name,
      type,
      alias: { name: target.dnsName, zoneId: target.zoneId, evaluateTargetHealth: target.evaluateTargetHealth ?? true },
    });
  }
}
