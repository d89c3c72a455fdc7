import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbListenerRule } from "@cdktf/provider-aws/lib/lb-listener-rule";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { SecurityGroup } from "./security-group";

export interface LoadBalancerProps {
  /** Prefix of every name, e.g. `trustwrapper-prod` (ALB names: at most 32 characters). */
  readonly namePrefix: string;
  /** VPC of the load balancer's security group and target group. */
  readonly vpcId: string;
  /** Public subnets, one per zone. */
  readonly subnetIds: string[];
  /** ARN of the validated certificate of the HTTPS listener. */
  readonly certificateArn: string;
  /** Port the targets (the app's containers) listen on. */
  readonly targetPort: number;
  /** Path of the target health check, e.g. `/health`. */
  readonly healthCheckPath: string;
  /** Refuse deletion of the load balancer. Default false. */
  readonly deletionProtection?: boolean;
  /** TLS policy of the HTTPS listener. Default `ELBSecurityPolicy-TLS13-1-2-2021-06` (TLS 1.2 and 1.3). */
  readonly sslPolicy?: string;
  /** Seconds a deregistering target keeps its connections. Default 30. */
  readonly deregistrationDelaySeconds?: number;
  /** Seconds a connection may stay idle (a request waiting for its response included). Default 60. */
  readonly idleTimeoutSeconds?: number;
  /** Who may connect. Default `{ from: "internet" }`. */
  readonly ingress?: LoadBalancerIngress;
  /**
   * Where the access logs go: a bucket, a key prefix, and what must exist first (the bucket
   * policy that lets ELB write: ELB checks it when logging is turned on). Default none.
   */
  readonly accessLogs?: { readonly bucket: string; readonly prefix: string; readonly after: ITerraformDependable };
  /**
   * A header every request must carry with this value (a secret only the CDN in front knows):
   * HTTPS requests without it get 403. Default none: every request is forwarded.
   */
  readonly requiredHeader?: { readonly name: string; readonly value: string };
}

/**
 * `internet`: HTTPS on 443 and an HTTP listener on 80 that only redirects, both open to anyone.
 * `prefixList`: HTTPS on 443 from the addresses of a managed prefix list only (CloudFront's
 * origin-facing servers), and no HTTP listener at all.
 */
export type LoadBalancerIngress = { readonly from: "internet" } | { readonly from: "prefixList"; readonly prefixListId: string; readonly description: string };

/**
 * The public Application Load Balancer: HTTPS on 443 forwarding to an IP target group (only
 * requests with the required header, if one is given) and, when open to the internet, port 80
 * that only redirects to HTTPS. Its security group admits just those; connect it to its targets
 * with `securityGroup.connectTo`.
 */
export class LoadBalancer extends Construct {
  readonly securityGroup: SecurityGroup;
  readonly loadBalancer: Lb;
  readonly targetGroup: LbTargetGroup;
  readonly httpsListener: LbListener;
  /** The rule forwarding requests that carry `requiredHeader`; none without it. */
  readonly requiredHeaderRule?: LbListenerRule;
  /** The port-80 redirect; none when the load balancer is not open to the internet. */
  readonly httpListener?: LbListener;

  constructor(scope: Construct, id: string, props: LoadBalancerProps) {
    super(scope, id);
    const ingress = props.ingress ?? { from: "internet" };
    const internet = ingress.from === "internet";
    this.securityGroup = new SecurityGroup(this, "alb-security-group", {
      name: `${props.namePrefix}-alb`,
      description: internet ? "TrustWrapper load balancer: HTTPS and the HTTP redirect from the internet" : `TrustWrapper load balancer: HTTPS from ${ingress.description}`,
      vpcId: props.vpcId,
    });
    if (internet) {
      this.securityGroup.allowIngressFromCidr("0.0.0.0/0", 443, "HTTPS from anywhere");
      this.securityGroup.allowIngressFromCidr("0.0.0.0/0", 80, "HTTP from anywhere, redirected to HTTPS");
    } else {
      this.securityGroup.allowIngressFromPrefixList(ingress.prefixListId, 443, `HTTPS from ${ingress.description}`);
    }

    this.loadBalancer = new Lb(this, "alb", {
      name: props.namePrefix,
      loadBalancerType: "application",
      internal: false,
      subnets: props.subnetIds,
      securityGroups: [this.securityGroup.id],
      dropInvalidHeaderFields: true,
      desyncMitigationMode: "defensive",
      idleTimeout: props.idleTimeoutSeconds ?? 60,
      enableDeletionProtection: props.deletionProtection ?? false,
      accessLogs: props.accessLogs && { bucket: props.accessLogs.bucket, prefix: props.accessLogs.prefix, enabled: true },
      dependsOn: props.accessLogs && [props.accessLogs.after],
    });
    this.targetGroup = new LbTargetGroup(this, "target-group", {
      name: props.namePrefix,
      port: props.targetPort,
      protocol: "HTTP",
      targetType: "ip",
      vpcId: props.vpcId,
      deregistrationDelay: String(props.deregistrationDelaySeconds ?? 30),
      healthCheck: {
        enabled: true,
        path: props.healthCheckPath,
        protocol: "HTTP",
        matcher: "200",
        interval: 30,
        timeout: 5,
        healthyThreshold: 2,
        unhealthyThreshold: 3,
      },
    });
    this.httpsListener = new LbListener(this, "https-listener", {
      loadBalancerArn: this.loadBalancer.arn,
      port: 443,
      protocol: "HTTPS",
      sslPolicy: props.sslPolicy ?? "ELBSecurityPolicy-TLS13-1-2-2021-06",
      certificateArn: props.certificateArn,
      defaultAction: [
        props.requiredHeader === undefined
          ? { type: "forward", targetGroupArn: this.targetGroup.arn }
          : { type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "403", messageBody: "Forbidden" } },
      ],
    });
    if (props.requiredHeader !== undefined) {
      this.requiredHeaderRule = new LbListenerRule(this, "required-header-rule", {
        listenerArn: this.httpsListener.arn,
        priority: 1,
        action: [{ type: "forward", targetGroupArn: this.targetGroup.arn }],
        condition: [{ httpHeader: { httpHeaderName: props.requiredHeader.name, values: [props.requiredHeader.value] } }],
      });
    }
    if (internet) {
      this.httpListener = new LbListener(this, "http-redirect-listener", {
        loadBalancerArn: this.loadBalancer.arn,
        port: 80,
        protocol: "HTTP",
        defaultAction: [{ type: "redirect", redirect: { port: "443", protocol: "HTTPS", statusCode: "HTTP_301" } }],
      });
    }
  }

  /** Every listener and the rule that forwards: what a service registering with the target group must be created after. */
  get listeners(): ITerraformDependable[] {
    return [this.httpsListener, this.httpListener, this.requiredHeaderRule].filter((l): l is LbListener | LbListenerRule => l !== undefined);
  }

  get dnsName(): string {
    return this.loadBalancer.dnsName;
  }

  get zoneId(): string {
    return this.loadBalancer.zoneId;
  }

  /** `app/<name>/<id>/targetgroup/<name>/<id>`: the ALBRequestCountPerTarget resource label. */
  get requestCountResourceLabel(): string {
    return `${this.loadBalancer.arnSuffix}/${this.targetGroup.arnSuffix}`;
  }
}
