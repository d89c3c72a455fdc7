import { expandAction } from "./iam-actions";
import { NAME_LIMITS, nameProblem } from "./name-limits";
import { PolicyRuleId, SECRET_LOOKING_NAME, URL_WITH_PASSWORD } from "./names";

/**
 * The synth-time policy rules (in the spirit of cdk-nag), evaluated on a stack's Terraform JSON
 * as users get it, so they cover every architecture and whatever construct emits a resource.
 * They check what checkov cannot see (JSON strings: container definitions, key policies) and
 * the project's own rules (0.0.0.0/0 only on the load balancer's 80/443, prod data protected).
 */

type Blocks = Record<string, Record<string, Record<string, any>>>;

/** The parts of a stack's Terraform JSON the rules read. */
export interface PolicyInput {
  readonly resource?: Blocks;
  readonly data?: Blocks;
}

export interface PolicyContext {
  /** The stack's environment is prod: stateful resources must survive a destroy. */
  readonly prod: boolean;
  /** CloudFront paths whose requests may take long, and how long (`hybrid.heavyRequestTimeoutSeconds`). Default none. */
  readonly heavyRequests?: { readonly pathPatterns: readonly string[]; readonly timeoutSeconds: number };
}

export interface Violation {
  readonly rule: PolicyRuleId;
  /** Terraform address, e.g. `aws_db_instance.database_instance_D7FC2283`. */
  readonly address: string;
  /** Construct path inside the stack, e.g. `database/instance`, when the JSON carries it. */
  readonly path?: string;
  readonly problem: string;
  readonly fix: string;
}

export interface PolicyRule {
  readonly id: PolicyRuleId;
  readonly title: string;
  check(input: PolicyInput, context: PolicyContext): Omit<Violation, "rule">[];
}

const ANYWHERE = new Set(["0.0.0.0/0", "::/0"]);
const isTrue = (value: unknown) => value === true || value === "true";
/** A nested block is an object or a one-element list in cdktf's JSON. */
const block = (value: unknown): Record<string, any> | undefined => (Array.isArray(value) ? value[0] : value ?? undefined) as Record<string, any> | undefined;
const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

interface Entry {
  readonly address: string;
  readonly path?: string;
  readonly body: Record<string, any>;
}

function entries(blocks: Blocks | undefined, type: string, prefix = ""): Entry[] {
  return Object.entries(blocks?.[type] ?? {}).map(([name, body]) => ({
    address: `${prefix}${type}.${name}`,
    path: body["//"]?.metadata?.path?.split("/").slice(1).join("/"),
    body,
  }));
}
const resources = (input: PolicyInput, type: string) => entries(input.resource, type);

/** `${aws_x.name.` as a reference prefix: does `value` refer to that resource? */
function refersTo(value: unknown, address: string): boolean {
  return typeof value === "string" && value.includes(`\${${address}.`);
}

/** Does `entry` wait for the resource at `address` (depends_on)? */
const waitsFor = (entry: Entry, address: string) => list(entry.body.depends_on as string[] | undefined).includes(address);

/** The address of the resource of `type` a reference names, e.g. `aws_s3_bucket.logs` in `${aws_s3_bucket.logs.arn}`. */
function referencedAddress(value: unknown, type: string): string | undefined {
  const match = typeof value === "string" ? new RegExp(`\\$\\{(${type}\\.[^.}]+)\\.`).exec(value) : null;
  return match?.[1];
}

function violation(entry: Entry, problem: string, fix: string): Omit<Violation, "rule"> {
  return { address: entry.address, path: entry.path, problem, fix };
}

// ---------------------------------------------------------------------------------------------
// IAM policy documents, structured (aws_iam_policy_document) or literal JSON strings.

interface Statement {
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
    principals:
      s.Principal === "*"
        ? ["*:*"]
        : Object.entries(s.Principal ?? {}).flatMap(([type, ids]) => list(ids as string | string[]).map((id) => `${type}:${id}`)),
    conditionKeys: Object.values(s.Condition ?? {}).flatMap((byKey) => Object.keys(byKey as object).map((k) => k.toLowerCase())),
  }));
}

/** Where a policy lives: an `aws_iam_policy_document`, or a JSON-string attribute. */
interface PolicyHolder extends Entry {
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

function policies(input: PolicyInput): PolicyHolder[] {
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

/** The key policy statement that lets the account's IAM policies grant use of the key (AWS's default). */
const delegatesToIam = (s: Statement) => s.principals.length > 0 && s.principals.every((p) => /^AWS:arn:[^:]+:iam::[^:]+:root$/.test(p));

const FULL_WILDCARD = /^(\*|[a-z0-9-]+:\*)$/i;
const WRITE_LEVELS = new Set(["Write", "Permissions management", "Tagging"]);

// ---------------------------------------------------------------------------------------------
// Security groups

interface IngressFromAnywhere extends Entry {
  readonly groupRef: string;
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
}

function ingressFromAnywhere(input: PolicyInput): IngressFromAnywhere[] {
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

interface Container extends Entry {
  readonly container: Record<string, any>;
}

function containers(input: PolicyInput): Container[] {
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
// The edge: CloudFront, its log bucket, and what stands behind it.

/** CloudFront's default origin response (read) timeout and ELB's default idle timeout, seconds. */
const CLOUDFRONT_DEFAULT_READ_TIMEOUT = 30;
const ALB_DEFAULT_IDLE_TIMEOUT = 60;
/** Route53's hosted zone of every CloudFront distribution. */
const CLOUDFRONT_ZONE_ID = "Z2FDTNDATAQYW2";

/** The load balancer an origin host name leads to: the load balancer's own name, or an alias record to it. */
function loadBalancerBehind(input: PolicyInput, host: unknown): Entry | undefined {
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
function backupsLeftBehind(input: PolicyInput): (Entry & { keyRef: unknown })[] {
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
interface PlainVariable extends Entry {
  readonly owner: string;
  readonly inContainer: boolean;
  readonly name: string;
  readonly value: unknown;
}

function plainVariables(input: PolicyInput): PlainVariable[] {
  const ofContainers = containers(input).flatMap((c) =>
    list(c.container.environment as { name: string; value: unknown }[]).map((e) => ({ ...c, owner: `container ${c.container.name}`, inContainer: true, name: e.name, value: e.value })),
  );
  const ofFunctions = resources(input, "aws_lambda_function").flatMap((f) =>
    Object.entries(block(f.body.environment)?.variables ?? {}).map(([name, value]) => ({ ...f, owner: "the function", inContainer: false, name, value })),
  );
  return [...ofContainers, ...ofFunctions];
}

// ---------------------------------------------------------------------------------------------

export const POLICY_RULES: readonly PolicyRule[] = [
  {
    id: "TW-SG1",
    title: "Ingress from 0.0.0.0/0 (or ::/0) only to a load balancer on TCP 80 or 443",
    check(input) {
      const lbGroups = resources(input, "aws_lb").flatMap((lb) => list(lb.body.security_groups) as string[]);
      return ingressFromAnywhere(input)
        .filter((r) => !(lbGroups.includes(r.groupRef) && r.protocol === "tcp" && r.fromPort === r.toPort && [80, 443].includes(r.fromPort)))
        .map((r) =>
          violation(
            r,
            `allows ${r.protocol} ${r.fromPort}-${r.toPort} from anywhere`,
            "open the port to a security group (connectTo) or a known CIDR; only the load balancer's 80 and 443 face the internet",
          ),
        );
    },
  },
  {
    id: "TW-ENC1",
    title: "Data stores encrypted at rest (and Redis in transit)",
    check(input) {
      const found: Omit<Violation, "rule">[] = [];
      const need = (type: string, ok: (body: Record<string, any>) => boolean, problem: string, fix: string) => {
        for (const r of resources(input, type)) if (!ok(r.body)) found.push(violation(r, problem, fix));
      };
      need("aws_db_instance", (b) => isTrue(b.storage_encrypted), "storage is not encrypted", "set storageEncrypted: true with the stack's kmsKeyId");
      need("aws_rds_cluster", (b) => isTrue(b.storage_encrypted), "storage is not encrypted", "set storageEncrypted: true with the stack's kmsKeyId");
      need(
        "aws_elasticache_replication_group",
        (b) => isTrue(b.at_rest_encryption_enabled) && isTrue(b.transit_encryption_enabled),
        "Redis is not encrypted at rest and in transit",
        "set atRestEncryptionEnabled and transitEncryptionEnabled to true, with the stack's kmsKeyId",
      );
      need(
        "aws_dynamodb_table",
        (b) => isTrue(block(b.server_side_encryption)?.enabled) && block(b.server_side_encryption)?.kms_key_arn !== undefined,
        "the table is not encrypted with the stack's key",
        "set serverSideEncryption: {enabled: true, kmsKeyArn: <the stack's key>}",
      );
      need("aws_sns_topic", (b) => typeof b.kms_master_key_id === "string", "the topic is not encrypted", "set kmsMasterKeyId to the stack's key");
      need("aws_sqs_queue", (b) => typeof b.kms_master_key_id === "string" || isTrue(b.sqs_managed_sse_enabled), "the queue is not encrypted", "set kmsMasterKeyId to the stack's key");
      need("aws_efs_file_system", (b) => isTrue(b.encrypted), "the file system is not encrypted", "set encrypted: true with the stack's kmsKeyId");
      need("aws_ebs_volume", (b) => isTrue(b.encrypted), "the volume is not encrypted", "set encrypted: true with the stack's kmsKeyId");
      const encryptions = resources(input, "aws_s3_bucket_server_side_encryption_configuration");
      for (const bucket of resources(input, "aws_s3_bucket")) {
        if (!encryptions.some((e) => refersTo(e.body.bucket, bucket.address))) {
          found.push(violation(bucket, "the bucket has no default encryption configuration", "add an aws_s3_bucket_server_side_encryption_configuration (aws:kms with the stack's key where the writer supports it)"));
        }
      }
      return found;
    },
  },
  {
    id: "TW-ENC2",
    title: "Log groups encrypted with a customer-managed KMS key",
    check(input) {
      return resources(input, "aws_cloudwatch_log_group")
        .filter((g) => typeof g.body.kms_key_id !== "string")
        .map((g) => violation(g, "the log group is not encrypted with the stack's key", "create it with encryptedLogGroup (src/constructs/log-group.ts)"));
    },
  },
  {
    id: "TW-IAM1",
    title: "No IAM statement allows every action (`*` or `service:*`)",
    check(input) {
      return policies(input).flatMap((p) =>
        p.statements
          .filter((s) => s.effect === "Allow" && !(p.keyPolicy && delegatesToIam(s)))
          .flatMap((s) => s.actions.filter((a) => FULL_WILDCARD.test(a)))
          .map((a) => violation(p, `allows ${a}`, "list the actions the principal needs")),
      );
    },
  },
  {
    id: "TW-IAM2",
    title: 'No `"Resource": "*"` on write, permissions-management or tagging actions that can be scoped to resources, unless a condition on the action\'s own keys constrains it',
    check(input) {
      return policies(input)
        .filter((p) => !p.keyPolicy)
        .flatMap((p) =>
          p.statements
            .filter((s) => s.effect === "Allow" && s.resources.includes("*"))
            .flatMap((s) =>
              s.actions.flatMap((pattern) => {
                const actions = expandAction(pattern);
                if (actions === undefined) return [violation(p, `grants ${pattern} on "*", an action the IAM reference does not know`, "check the action's spelling and scope it to resources")];
                // A condition on one of the action's own keys (cloudwatch:namespace for
                // PutMetricData, which accepts no resource for plain metrics) constrains it.
                const scopable = actions.filter(
                  (a) => WRITE_LEVELS.has(a.accessLevel) && a.scopable && !a.conditionKeys.some((k) => s.conditionKeys.includes(k)),
                );
                return scopable.length === 0
                  ? []
                  : [violation(p, `grants ${pattern} (${scopable.map((a) => a.name).slice(0, 3).join(", ")}${scopable.length > 3 ? ", ..." : ""}) on "*"`, "name the resources (ARNs) the statement writes to")];
              }),
            ),
        );
    },
  },
  {
    id: "TW-NET1",
    title: "No public database or cache",
    check(input) {
      const found: Omit<Violation, "rule">[] = [];
      for (const type of ["aws_db_instance", "aws_rds_cluster_instance"]) {
        for (const db of resources(input, type)) {
          if (isTrue(db.body.publicly_accessible)) found.push(violation(db, "the database is publicly accessible", "set publiclyAccessible: false; the service reaches it inside the VPC"));
        }
      }
      for (const db of resources(input, "aws_db_instance")) {
        if (list(db.body.vpc_security_group_ids).length === 0) found.push(violation(db, "the database has no security group of its own", "give it a security group that only the service can reach"));
      }
      for (const type of ["aws_elasticache_replication_group", "aws_elasticache_cluster", "aws_elasticache_serverless_cache"]) {
        for (const cache of resources(input, type)) {
          if (list(cache.body.security_group_ids).length === 0) found.push(violation(cache, "the cache has no security group of its own", "give it a security group that only the service can reach"));
        }
      }
      return found;
    },
  },
  {
    id: "TW-PROD1",
    title: "In prod, stateful resources survive a destroy: deletion protection, final snapshot, point-in-time recovery, versioning, and the KMS key of the backups a destroy leaves",
    check(input, { prod }) {
      if (!prod) return [];
      const found: Omit<Violation, "rule">[] = [];
      for (const type of ["aws_db_instance", "aws_rds_cluster"]) {
        for (const db of resources(input, type)) {
          if (!isTrue(db.body.deletion_protection)) found.push(violation(db, "prod database without deletion protection", "keep database.deletionProtection on in prod (the default)"));
          if (isTrue(db.body.skip_final_snapshot) || db.body.final_snapshot_identifier === undefined) {
            found.push(violation(db, "prod database without a final snapshot", "keep database.finalSnapshot on in prod (the default)"));
          }
        }
      }
      for (const table of resources(input, "aws_dynamodb_table")) {
        if (!isTrue(block(table.body.point_in_time_recovery)?.enabled)) found.push(violation(table, "prod table without point-in-time recovery", "set pointInTimeRecovery: {enabled: true}"));
        if (!isTrue(table.body.deletion_protection_enabled)) found.push(violation(table, "prod table without deletion protection", "set deletionProtectionEnabled: true"));
      }
      const leftBehind = backupsLeftBehind(input);
      for (const key of resources(input, "aws_kms_key")) {
        const backups = leftBehind.filter((b) => refersTo(b.keyRef, key.address));
        if (backups.length > 0 && !isTrue(block(key.body.lifecycle)?.prevent_destroy)) {
          found.push(
            violation(
              key,
              `prod key that a destroy deletes while the backups it encrypts stay (${backups.map((b) => b.address).join(", ")}): they cannot be restored once it is gone`,
              "keep the key and its alias on destroy: lifecycle.prevent_destroy (EncryptionKey's keepOnDestroy, on in prod)",
            ),
          );
        }
      }
      const versionings = resources(input, "aws_s3_bucket_versioning");
      for (const bucket of resources(input, "aws_s3_bucket")) {
        const enabled = versionings.some((v) => refersTo(v.body.bucket, bucket.address) && block(v.body.versioning_configuration)?.status === "Enabled");
        if (!enabled) found.push(violation(bucket, "prod bucket without versioning", "add an aws_s3_bucket_versioning with status Enabled"));
        if (isTrue(bucket.body.force_destroy)) found.push(violation(bucket, "prod bucket that terraform destroy empties (force_destroy)", "set forceDestroy: false in prod"));
      }
      return found;
    },
  },
  {
    id: "TW-ECS1",
    title: "Containers are not privileged",
    check(input) {
      return containers(input)
        .filter((c) => isTrue(c.container.privileged) || c.container.unreadable)
        .map((c) => violation(c, `container ${c.container.name} is privileged or unreadable`, "drop privileged (Fargate refuses it anyway) and emit the definitions as literal JSON"));
    },
  },
  {
    id: "TW-ECS2",
    title: "Containers have a read-only root filesystem (with writable scratch volumes where needed)",
    check(input) {
      return containers(input)
        .filter((c) => c.container.readonlyRootFilesystem !== true)
        .map((c) => violation(c, `container ${c.container.name} has a writable root filesystem`, "set readonlyRootFilesystem: true and mount a scratch volume where the app writes (e.g. /tmp)"));
    },
  },
  {
    id: "TW-ENV1",
    title: "No secret-looking names among plain environment variables",
    check(input) {
      return plainVariables(input)
        .filter((v) => SECRET_LOOKING_NAME.test(v.name))
        .map((v) =>
          violation(
            v,
            `${v.owner} has the plain environment variable ${v.name}`,
            v.inContainer ? "inject it from Secrets Manager (container secrets), never as a plain value" : "pass the secret's ARN and read the value from Secrets Manager at run time",
          ),
        );
    },
  },
  {
    id: "TW-ENV2",
    title: "No password inside a URL in a plain environment variable (e.g. the guide's `DATABASE_URL`)",
    check(input) {
      return plainVariables(input)
        .filter((v) => typeof v.value === "string" && URL_WITH_PASSWORD.test(v.value))
        .map((v) =>
          violation(
            v,
            `${v.owner} has a password in the URL of its plain environment variable ${v.name}`,
            "leave the credentials out of the URL and inject them from Secrets Manager (the database's PGUSER/PGPASSWORD, which libpq reads with the URL)",
          ),
        );
    },
  },
  {
    id: "TW-KMS1",
    title: 'KMS key policies name their principals (no `"Principal": "*"`)',
    check(input) {
      return policies(input)
        .filter((p) => p.keyPolicy)
        .flatMap((p) =>
          p.statements
            .filter((s) => s.effect === "Allow" && s.principals.some((pr) => pr === "*:*" || pr === "AWS:*"))
            .map(() => violation(p, 'a key policy statement allows "*" as principal', "name the account root, roles or service principals (with aws:SourceAccount) that use the key")),
        );
    },
  },
  {
    id: "TW-NAME1",
    title: "Every literal name fits its AWS limit: length and characters (src/policy/name-limits.ts)",
    check(input) {
      return Object.entries(NAME_LIMITS).flatMap(([type, attributes]) =>
        resources(input, type).flatMap((r) =>
          Object.keys(attributes).flatMap((attribute) => {
            const value = r.body[attribute];
            // A reference is checked where the name it refers to is written.
            const problem = typeof value === "string" && !value.includes("${") ? nameProblem(type, attribute, value) : undefined;
            return problem === undefined ? [] : [violation(r, `${attribute} "${value}" is ${problem}`, "shorten or rename it (project, or the option that sets it); AWS refuses or misreads it at apply")];
          }),
        ),
      );
    },
  },
  {
    id: "TW-ACL1",
    title: "S3 bucket ACLs wait for their bucket's ownership controls, and CloudFront's logging for its log bucket's ACL",
    check(input) {
      const found: Omit<Violation, "rule">[] = [];
      const ownerships = resources(input, "aws_s3_bucket_ownership_controls");
      const acls = resources(input, "aws_s3_bucket_acl");
      for (const acl of acls) {
        // New buckets have ACLs disabled: an ACL put before the ownership controls fails (AccessControlListNotSupported).
        if (!ownerships.some((o) => o.body.bucket === acl.body.bucket && waitsFor(acl, o.address))) {
          found.push(violation(acl, "the ACL does not wait for its bucket's ownership controls", "add the bucket's aws_s3_bucket_ownership_controls (ACLs enabled) to the ACL's depends_on"));
        }
      }
      for (const distribution of resources(input, "aws_cloudfront_distribution")) {
        const bucket = referencedAddress(block(distribution.body.logging_config)?.bucket, "aws_s3_bucket");
        if (bucket === undefined) continue;
        if (!acls.some((acl) => refersTo(acl.body.bucket, bucket) && waitsFor(distribution, acl.address))) {
          found.push(violation(distribution, `CloudFront logs to ${bucket} without waiting for its ACL`, "add the log bucket's aws_s3_bucket_acl (granting CloudFront's log delivery) to the distribution's depends_on"));
        }
      }
      return found;
    },
  },
  {
    id: "TW-EDGE1",
    title: "CloudFront waits for long requests as long as their budget, and a load balancer behind it at least as long as CloudFront",
    check(input, { heavyRequests }) {
      const found: Omit<Violation, "rule">[] = [];
      for (const distribution of resources(input, "aws_cloudfront_distribution")) {
        const heavyOrigins = new Set(
          list(distribution.body.ordered_cache_behavior as Record<string, any>[])
            .filter((b) => heavyRequests?.pathPatterns.includes(b.path_pattern))
            .map((b) => b.target_origin_id),
        );
        for (const origin of list(distribution.body.origin as Record<string, any>[])) {
          const custom = block(origin.custom_origin_config);
          if (custom === undefined) continue;
          const readTimeout = Number(custom.origin_read_timeout ?? CLOUDFRONT_DEFAULT_READ_TIMEOUT);
          if (heavyRequests !== undefined && heavyOrigins.has(origin.origin_id) && readTimeout < heavyRequests.timeoutSeconds) {
            found.push(
              violation(
                distribution,
                `origin ${origin.origin_id} cuts responses at ${readTimeout} s, below the long-request budget of ${heavyRequests.timeoutSeconds} s`,
                "set the origin's originReadTimeout to hybrid.heavyRequestTimeoutSeconds",
              ),
            );
          }
          const loadBalancer = loadBalancerBehind(input, origin.domain_name);
          const idleTimeout = Number(loadBalancer?.body.idle_timeout ?? ALB_DEFAULT_IDLE_TIMEOUT);
          if (loadBalancer !== undefined && idleTimeout < readTimeout) {
            found.push(
              violation(
                loadBalancer,
                `closes connections idle for ${idleTimeout} s while CloudFront's origin ${origin.origin_id} waits ${readTimeout} s`,
                "set the load balancer's idleTimeout to at least the origin's read timeout",
              ),
            );
          }
        }
      }
      return found;
    },
  },
  {
    id: "TW-DNS1",
    title: "Alias records to CloudFront do not evaluate target health (Route53 does not support it)",
    check(input) {
      return resources(input, "aws_route53_record")
        .filter((r) => {
          const alias = block(r.body.alias);
          const toCloudFront = alias?.zone_id === CLOUDFRONT_ZONE_ID || referencedAddress(alias?.name, "aws_cloudfront_distribution") !== undefined;
          return toCloudFront && isTrue(alias?.evaluate_target_health);
        })
        .map((r) => violation(r, "the alias to a CloudFront distribution evaluates target health", "set evaluateTargetHealth: false on aliases to CloudFront (Domain.addAlias does for an ApiDistribution)"));
    },
  },
];
