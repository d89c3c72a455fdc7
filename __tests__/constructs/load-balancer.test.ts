import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbListenerRule } from "@cdktf/provider-aws/lib/lb-listener-rule";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { TerraformResource } from "cdktf";
import { Construct } from "constructs";
import { LoadBalancer, LoadBalancerProps } from "../../src/constructs/load-balancer";
import { bodies, synthConstruct } from "./synth";

const PROPS: LoadBalancerProps = {
  namePrefix: "tw-test",
  vpcId: "vpc-1",
  subnetIds: ["subnet-a", "subnet-b"],
  certificateArn: "arn:aws:acm:eu-west-1:111122223333:certificate/abc",
  targetPort: 8000,
  healthCheckPath: "/health",
};

function synth(props: Partial<LoadBalancerProps> = {}) {
  let lb: LoadBalancer | undefined;
  const out = synthConstruct((scope) => {
    lb = new LoadBalancer(scope, "lb", { ...PROPS, ...props });
  });
  return { ...out, lb: lb! };
}

describe("LoadBalancer", () => {
  it("by default: open to the internet on 443 and on 80, which only redirects; TLS 1.2+, 60 s idle, no deletion protection", () => {
    const { text, resources, lb } = synth();
    expect(text).toHaveResourceWithProperties(Lb, {
      name: "tw-test",
      load_balancer_type: "application",
      internal: false,
      subnets: ["subnet-a", "subnet-b"],
      drop_invalid_header_fields: true,
      desync_mitigation_mode: "defensive",
      idle_timeout: 60,
      enable_deletion_protection: false,
    });
    expect(bodies(resources, "aws_lb")[0].access_logs).toBeUndefined();
    expect(text).toHaveResourceWithProperties(LbListener, {
      port: 443,
      protocol: "HTTPS",
      ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      certificate_arn: PROPS.certificateArn,
      default_action: [expect.objectContaining({ type: "forward" })],
    });
    expect(text).toHaveResourceWithProperties(LbListener, {
      port: 80,
      protocol: "HTTP",
      default_action: [expect.objectContaining({ type: "redirect", redirect: { port: "443", protocol: "HTTPS", status_code: "HTTP_301" } })],
    });
    expect(bodies(resources, "aws_vpc_security_group_ingress_rule").map((r) => [r.cidr_ipv4, r.from_port])).toEqual([
      ["0.0.0.0/0", 443],
      ["0.0.0.0/0", 80],
    ]);
    expect(text).not.toHaveResource(LbListenerRule);
    expect(lb.listeners).toHaveLength(2);
  });

  it("sends the targets' health checks to healthCheckPath on the target port, and drains for 30 s", () => {
    expect(synth().text).toHaveResourceWithProperties(LbTargetGroup, {
      port: 8000,
      protocol: "HTTP",
      target_type: "ip",
      deregistration_delay: "30",
      health_check: expect.objectContaining({ path: "/health", matcher: "200" }),
    });
  });

  it("open to a prefix list only: HTTPS from it, no HTTP listener and nothing from 0.0.0.0/0", () => {
    const { text, resources, lb } = synth({ ingress: { from: "prefixList", prefixListId: "pl-3b927c52", description: "CloudFront" } });
    expect(bodies(resources, "aws_vpc_security_group_ingress_rule")).toEqual([expect.objectContaining({ prefix_list_id: "pl-3b927c52", from_port: 443, to_port: 443 })]);
    expect(text).not.toHaveResourceWithProperties(LbListener, { port: 80 });
    expect(text).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, { description: "HTTPS from CloudFront" });
    expect(lb.httpListener).toBeUndefined();
  });

  it("with a required header: 403 by default, and a rule forwarding only requests that carry it", () => {
    const { text, lb } = synth({ requiredHeader: { name: "X-Origin-Verify", value: "v" } });
    expect(text).toHaveResourceWithProperties(LbListener, {
      port: 443,
      default_action: [expect.objectContaining({ type: "fixed-response", fixed_response: expect.objectContaining({ status_code: "403" }) })],
    });
    expect(text).toHaveResourceWithProperties(LbListenerRule, {
      priority: 1,
      condition: [{ http_header: { http_header_name: "X-Origin-Verify", values: ["v"] } }],
    });
    expect(lb.listeners).toContain(lb.requiredHeaderRule);
  });

  it("takes its timeouts, TLS policy, deletion protection and access logs (after the bucket policy) from its props", () => {
    let after: TerraformResource | undefined;
    const { text, resources } = synthConstruct((scope: Construct) => {
      after = new TerraformResource(scope, "bucket-policy", { terraformResourceType: "null_resource" });
      new LoadBalancer(scope, "lb", {
        ...PROPS,
        idleTimeoutSeconds: 120,
        deregistrationDelaySeconds: 90,
        sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06",
        deletionProtection: true,
        accessLogs: { bucket: "logs", prefix: "alb", after: after! },
      });
    });
    const [lb] = bodies(resources, "aws_lb");
    expect(lb).toMatchObject({ idle_timeout: 120, enable_deletion_protection: true, access_logs: { bucket: "logs", prefix: "alb", enabled: true } });
    expect(lb.depends_on).toEqual([`null_resource.${after!.friendlyUniqueId}`]);
    expect(text).toHaveResourceWithProperties(LbTargetGroup, { deregistration_delay: "90" });
    expect(text).toHaveResourceWithProperties(LbListener, { port: 443, ssl_policy: "ELBSecurityPolicy-TLS13-1-3-2021-06" });
  });
});
