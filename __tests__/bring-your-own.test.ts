import { parseConfig } from "../src/config/load";
import { containerDefinitions, onlyResource, resourcesOf, synthContainer } from "./helpers";

const existingVpc = {
  vpcId: "vpc-0123456789abcdef0",
  publicSubnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"],
  privateSubnetIds: ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"],
};
const certificateArn = "arn:aws:acm:us-east-1:111122223333:certificate/0a1b2c3d-1111-2222-3333-444455556666";
const secretArn = "arn:aws:secretsmanager:us-east-1:111122223333:secret:shared/trustwrapper-keys-AbCdEf";
const kmsKeyArn = "arn:aws:kms:us-east-1:111122223333:key/0a1b2c3d-aaaa-4bbb-9ccc-ddddeeeeffff";

/** Terraform references to every data source of a type, e.g. `${data.aws_subnet.x.id}`. */
function dataRefs(json: any, type: string, attribute: string): string[] {
  return Object.keys(json.data[type] ?? {}).map((name) => `\${data.${type}.${name}.${attribute}}`);
}

describe("an existing VPC", () => {
  const { json } = synthContainer({ network: { existingVpc } });

  it("creates no network of its own", () => {
    for (const type of ["aws_vpc", "aws_subnet", "aws_internet_gateway", "aws_nat_gateway", "aws_eip", "aws_route_table", "aws_flow_log", "aws_default_security_group"]) {
      expect({ type, count: Object.keys(resourcesOf(json, type)).length }).toEqual({ type, count: 0 });
    }
  });

  it("looks the VPC and each subnet up by ID, checking that each subnet is in that VPC", () => {
    expect(Object.values(json.data.aws_vpc)).toEqual([{ id: existingVpc.vpcId }]);
    const [vpc] = dataRefs(json, "aws_vpc", "id");
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    expect(Object.values(json.data.aws_subnet as Record<string, { id: string }>).sort(byId)).toEqual(
      [...existingVpc.publicSubnetIds, ...existingVpc.privateSubnetIds].map((id) => ({ id, vpc_id: vpc })).sort(byId),
    );
  });

  it("places the load balancer in the public subnets, and tasks, database and cache in the private ones", () => {
    const subnetRef = (id: string) => {
      const [name] = Object.entries<any>(json.data.aws_subnet).find(([, body]) => body.id === id)!;
      return `\${data.aws_subnet.${name}.id}`;
    };
    const [vpc] = dataRefs(json, "aws_vpc", "id");
    expect(onlyResource(json, "aws_lb").subnets).toEqual(existingVpc.publicSubnetIds.map(subnetRef));
    const privateRefs = existingVpc.privateSubnetIds.map(subnetRef);
    expect(onlyResource(json, "aws_ecs_service").network_configuration.subnets).toEqual(privateRefs);
    expect(onlyResource(json, "aws_db_subnet_group").subnet_ids).toEqual(privateRefs);
    expect(onlyResource(json, "aws_elasticache_subnet_group").subnet_ids).toEqual(privateRefs);
    for (const group of Object.values(resourcesOf(json, "aws_security_group"))) expect(group.vpc_id).toBe(vpc);
  });

  it("needs two public and two private subnets, with well-formed IDs", () => {
    const result = parseConfig({
      network: { existingVpc: { vpcId: "vpc-1", publicSubnetIds: ["subnet-0aaaaaaaaaaaaaaa1"], privateSubnetIds: ["sn-2", "subnet-0bbbbbbbbbbbbbbb2"] } },
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        "network.existingVpc.vpcId: expected a VPC ID such as vpc-0123456789abcdef0",
        "network.existingVpc.publicSubnetIds: expected at least two subnets, in different availability zones",
        "network.existingVpc.privateSubnetIds.0: expected a subnet ID such as subnet-0123456789abcdef0",
      ],
    });
  });
});

describe("an existing ACM certificate", () => {
  const { json } = synthContainer({ domain: { name: "api.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ", certificateArn } });

  it("is used by the HTTPS listener and no certificate or validation record is created", () => {
    expect(resourcesOf(json, "aws_acm_certificate")).toEqual({});
    expect(resourcesOf(json, "aws_acm_certificate_validation")).toEqual({});
    const records = Object.values(resourcesOf(json, "aws_route53_record"));
    expect(records).toEqual([expect.objectContaining({ name: "api.example.com", type: "A", zone_id: "Z0123456789ABCDEFGHIJ" })]);
    const https = Object.values(resourcesOf(json, "aws_lb_listener")).find((l) => l.port === 443)!;
    expect(https.certificate_arn).toBe(certificateArn);
  });

  it("with an existing hosted zone ID, looks up no zone", () => {
    expect(json.data.aws_route53_zone).toBeUndefined();
  });
});

describe("an existing API-keys secret", () => {
  const { json } = synthContainer({ secrets: { existingApiKeysSecretArn: secretArn } });
  const [secret] = dataRefs(json, "aws_secretsmanager_secret", "arn");

  it("is looked up by ARN instead of created", () => {
    expect(resourcesOf(json, "aws_secretsmanager_secret")).toEqual({});
    expect(Object.values(json.data.aws_secretsmanager_secret)).toEqual([{ arn: secretArn }]);
  });

  it("is what the tasks read their keys from and what a new value redeploys on", () => {
    const [container] = containerDefinitions(json);
    expect(container.secrets).toContainEqual({ name: "ANTHROPIC_API_KEY", valueFrom: `${secret}:ANTHROPIC_API_KEY::` });
    const patterns = Object.values(resourcesOf(json, "aws_cloudwatch_event_rule")).map((r) => JSON.parse(r.event_pattern));
    const rule = patterns.find((p) => p.source[0] === "aws.secretsmanager");
    expect(rule.resources).toContain(secret);
  });
});

describe("an existing KMS key", () => {
  const { json } = synthContainer({ encryption: { existingKmsKeyArn: kmsKeyArn } });
  const [key] = dataRefs(json, "aws_kms_key", "arn");

  it("replaces the stack's key everywhere, and no key or alias is created", () => {
    expect(resourcesOf(json, "aws_kms_key")).toEqual({});
    expect(resourcesOf(json, "aws_kms_alias")).toEqual({});
    expect(Object.values(json.data.aws_kms_key)).toEqual([{ key_id: kmsKeyArn }]);
    expect(onlyResource(json, "aws_db_instance").kms_key_id).toBe(key);
    expect(onlyResource(json, "aws_elasticache_replication_group").kms_key_id).toBe(key);
    for (const group of Object.values(resourcesOf(json, "aws_cloudwatch_log_group"))) expect(group.kms_key_id).toBe(key);
  });

  it("must be a KMS key ARN", () => {
    expect(parseConfig({ encryption: { existingKmsKeyArn: "alias/mine" } })).toEqual({
      ok: false,
      errors: ["encryption.existingKmsKeyArn: expected a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key id>)"],
    });
  });
});
