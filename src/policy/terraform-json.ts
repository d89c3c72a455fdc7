/**
 * Readers of a stack's Terraform JSON, as cdktf synthesizes it, for the policy rules
 * (src/policy/rules.ts): resources and data sources with their addresses and construct paths,
 * references between them, and the structures the rules look into (IAM statements, ingress
 * rules, container definitions, plain environment variables).
 */

export type Blocks = Record<string, Record<string, Record<string, any>>>;

/** The parts of a stack's Terraform JSON the rules read. */
export interface PolicyInput {
  readonly resource?: Blocks;
  readonly data?: Blocks;
}

const ANYWHERE = new Set(["0.0.0.0/0", "::/0"]);
/** A boolean attribute, written as a boolean or (from a variable) a string. */
export const isTrue = (value: unknown) => value === true || value === "true";
/** A nested block is an object or a one-element list in cdktf's JSON. */
export const block = (value: unknown): Record<string, any> | undefined => (Array.isArray(value) ? value[0] : (value ?? undefined)) as Record<string, any> | undefined;
export const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** A resource or data source: its Terraform address, its construct path when the JSON carries it, and its body. */
export interface Entry {
  readonly address: string;
  readonly path?: string;
  readonly body: Record<string, any>;
}

/** The blocks of one type, e.g. every `aws_s3_bucket` of `resource`. */
export function entries(blocks: Blocks | undefined, type: string, prefix = ""): Entry[] {
  return Object.entries(blocks?.[type] ?? {}).map(([name, body]) => ({
    address: `${prefix}${type}.${name}`,
    path: body["//"]?.metadata?.path?.split("/").slice(1).join("/"),
    body,
  }));
}
/** The resources of one type. */
export const resources = (input: PolicyInput, type: string) => entries(input.resource, type);

/** `${aws_x.name.` as a reference prefix: does `value` refer to that resource? */
export function refersTo(value: unknown, address: string): boolean {
  return typeof value === "string" && value.includes(`\${${address}.`);
}

/** Does `entry` wait for the resource at `address` (depends_on)? */
export const waitsFor = (entry: Entry, address: string) => list(entry.body.depends_on as string[] | undefined).includes(address);

/** The address of the resource of `type` a reference names, e.g. `aws_s3_bucket.logs` in `${aws_s3_bucket.logs.arn}`. */
export function referencedAddress(value: unknown, type: string): string | undefined {
  const match = typeof value === "string" ? new RegExp(`\\$\\{(${type}\\.[^.}]+)\\.`).exec(value) : null;
  return match?.[1];
}

// ---------------------------------------------------------------------------------------------
// IAM policy documents, structured (aws_iam_policy_document) or literal JSON strings.

export interface Statement {
  readonly effect: "Allow" | "Deny";
  readonly actions: string[];
  readonly resources: string[];
  /** Principals as `type:identifier`, e.g. `AWS:*`, `Service:logs.amazonaws.com`. */
  readonly principals: string[];
  /** Condition keys the statement tests, lower case, e.g. `cloudwatch:namespace`. */
  readonly conditionKeys: string[];
}

function documentStatements(body: Record<string, any>): Statement[] {
  return list(body.statement).map((s: Record<string, any>) => ({
    effect: s.effect === "Deny" ? "Deny" : "Allow",
    actions: list(s.actions),
    resources: list(s.resources),
    principals: list(s.principals).flatMap((p: { type: string; identifiers: string[] }) => list(p.identifiers).map((id) => `${p.type}:${id}`)),
    conditionKeys: list(s.condition).map((c: { variable: string }) => String(c.variable).toLowerCase()),
  }));
}

function jsonStatements(text: string): Statement[] | undefined {
  let parsed: any;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  return list(parsed?.Statement).map((s: Record<string, any>) => ({
    effect: s.Effect === "Deny" ? "Deny" : "Allow",
    actions: list(s.Action),
    resources: list(s.Resource),
    principals: s.Principal === "*" ? ["*:*"] : Object.entries(s.Principal ?? {}).flatMap(([type, ids]) => list(ids as string | string[]).map((id) => `${type}:${id}`)),
    conditionKeys: Object.values(s.Condition ?? {}).flatMap((byKey) => Object.keys(byKey as object).map((k) => k.toLowerCase())),
  }));
}

/** Where a policy lives: an `aws_iam_policy_document`, or a JSON-string attribute. */
export interface PolicyHolder extends Entry {
  readonly statements: Statement[];
  /** A KMS key policy: `Resource: "*"` there means "this key". */
  readonly keyPolicy: boolean;
}

/** Attributes that hold a policy, per resource type. */
const POLICY_ATTRIBUTES: Record<string, string[]> = {
  aws_iam_policy: ["policy"],
  aws_iam_role_policy: ["policy"],
  aws_iam_user_policy: ["policy"],
  aws_iam_group_policy: ["policy"],
  aws_kms_key: ["policy"],
  aws_kms_key_policy: ["policy"],
};
const KEY_POLICY_TYPES = new Set(["aws_kms_key", "aws_kms_key_policy"]);

/** Every IAM policy of the stack, with its statements. */
export function policies(input: PolicyInput): PolicyHolder[] {
  const keyPolicyRefs = Object.entries(POLICY_ATTRIBUTES)
    .filter(([type]) => KEY_POLICY_TYPES.has(type))
    .flatMap(([type, attributes]) => resources(input, type).flatMap((r) => attributes.map((a) => r.body[a])))
    .filter((v): v is string => typeof v === "string");
  const documents = entries(input.data, "aws_iam_policy_document", "data.").map((doc) => ({
    ...doc,
    statements: documentStatements(doc.body),
    keyPolicy: keyPolicyRefs.some((ref) => refersTo(ref, doc.address)),
  }));
  const literal = Object.entries(POLICY_ATTRIBUTES).flatMap(([type, attributes]) =>
    resources(input, type).flatMap((r) =>
      attributes
        .map((a) => r.body[a])
        .filter((v): v is string => typeof v === "string" && v.trim().startsWith("{"))
        .map((text) => ({ ...r, statements: jsonStatements(text) ?? [], keyPolicy: KEY_POLICY_TYPES.has(type) })),
    ),
  );
  return [...documents, ...literal];
}

// ---------------------------------------------------------------------------------------------
// Security groups

export interface IngressFromAnywhere extends Entry {
  readonly groupRef: string;
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
}

/** Ingress rules open to 0.0.0.0/0 or ::/0: rule resources, legacy rules and inline blocks. */
export function ingressFromAnywhere(input: PolicyInput): IngressFromAnywhere[] {
  const rules = resources(input, "aws_vpc_security_group_ingress_rule")
    .filter((r) => ANYWHERE.has(r.body.cidr_ipv4) || ANYWHERE.has(r.body.cidr_ipv6))
    .map((r) => ({ ...r, groupRef: r.body.security_group_id, protocol: String(r.body.ip_protocol), fromPort: Number(r.body.from_port), toPort: Number(r.body.to_port) }));
  const legacy = resources(input, "aws_security_group_rule")
    .filter((r) => r.body.type === "ingress" && [...list(r.body.cidr_blocks), ...list(r.body.ipv6_cidr_blocks)].some((c) => ANYWHERE.has(c as string)))
    .map((r) => ({ ...r, groupRef: r.body.security_group_id, protocol: String(r.body.protocol), fromPort: Number(r.body.from_port), toPort: Number(r.body.to_port) }));
  const inline = resources(input, "aws_security_group").flatMap((g) =>
    list(g.body.ingress)
      .filter((i: any) => [...list(i.cidr_blocks), ...list(i.ipv6_cidr_blocks)].some((c) => ANYWHERE.has(c as string)))
      .map((i: any) => ({ ...g, groupRef: `\${${g.address}.id}`, protocol: String(i.protocol), fromPort: Number(i.from_port), toPort: Number(i.to_port) })),
  );
  return [...rules, ...legacy, ...inline];
}

// ---------------------------------------------------------------------------------------------
// Containers: ECS container definitions (a JSON string checkov cannot read) and Lambda functions.

export interface Container extends Entry {
  readonly container: Record<string, any>;
}

/** Each container of each ECS task definition (one marked unreadable where the definitions are not literal JSON). */
export function containers(input: PolicyInput): Container[] {
  return resources(input, "aws_ecs_task_definition").flatMap((t) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(t.body.container_definitions);
    } catch {
      return [{ ...t, container: { name: "(container_definitions is not literal JSON)", unreadable: true } }];
    }
    return list(parsed as Record<string, any>[]).map((container) => ({ ...t, container }));
  });
}

// ---------------------------------------------------------------------------------------------
// The edge: what stands behind CloudFront.

/** The load balancer an origin host name leads to: the load balancer's own name, or an alias record to it. */
export function loadBalancerBehind(input: PolicyInput, host: unknown): Entry | undefined {
  const target =
    referencedAddress(host, "aws_lb") ??
    resources(input, "aws_route53_record")
      .filter((r) => r.body.name === host)
      .map((r) => referencedAddress(block(r.body.alias)?.name, "aws_lb"))
      .find((a) => a !== undefined);
  return resources(input, "aws_lb").find((lb) => lb.address === target);
}

// ---------------------------------------------------------------------------------------------
// What outlives a destroy, encrypted with a KMS key.

/**
 * Data stores whose destroy leaves a backup encrypted with their key (`keyRef`): a database's
 * final snapshot or retained automated backups, and the 35-day system backup DynamoDB takes of
 * a deleted table with point-in-time recovery.
 */
export function backupsLeftBehind(input: PolicyInput): (Entry & { keyRef: unknown })[] {
  const databases = ["aws_db_instance", "aws_rds_cluster"]
    .flatMap((type) => resources(input, type))
    .filter((db) => !isTrue(db.body.skip_final_snapshot) || db.body.delete_automated_backups === false || db.body.delete_automated_backups === "false")
    .map((db) => ({ ...db, keyRef: db.body.kms_key_id }));
  const tables = resources(input, "aws_dynamodb_table")
    .filter((table) => isTrue(block(table.body.point_in_time_recovery)?.enabled))
    .map((table) => ({ ...table, keyRef: block(table.body.server_side_encryption)?.kms_key_arn }));
  return [...databases, ...tables];
}

/** A plain environment variable of a container or a Lambda function, and who has it ("container api", "the function"). */
export interface PlainVariable extends Entry {
  readonly owner: string;
  readonly inContainer: boolean;
  readonly name: string;
  readonly value: unknown;
}

/** The plain environment variables of every container and Lambda function. */
export function plainVariables(input: PolicyInput): PlainVariable[] {
  const ofContainers = containers(input).flatMap((c) =>
    list(c.container.environment as { name: string; value: unknown }[]).map((e) => ({
      ...c,
      owner: `container ${c.container.name}`,
      inContainer: true,
      name: e.name,
      value: e.value,
    })),
  );
  const ofFunctions = resources(input, "aws_lambda_function").flatMap((f) =>
    Object.entries(block(f.body.environment)?.variables ?? {}).map(([name, value]) => ({ ...f, owner: "the function", inContainer: false, name, value })),
  );
  return [...ofContainers, ...ofFunctions];
}
