import { expandAction } from "./iam-actions";
import { NAME_LIMITS, nameProblem } from "./name-limits";
import { PolicyRuleId, SECRET_LOOKING_NAME, secretValueKind, URL_WITH_PASSWORD } from "./names";
import {
  backupsLeftBehind,
  block,
  containers,
  Entry,
  ingressFromAnywhere,
  isTrue,
  list,
  loadBalancerBehind,
  plainVariables,
  policies,
  PolicyInput,
  referencedAddress,
  refersTo,
  resources,
  Statement,
  waitsFor,
} from "./terraform-json";

/**
 * The synth-time policy rules (in the spirit of cdk-nag), evaluated on a stack's Terraform JSON
 * as users get it, so they cover every architecture and whatever construct emits a resource.
 * They check what checkov cannot see (JSON strings: container definitions, key policies) and
 * the project's own rules (0.0.0.0/0 only on the load balancer's 80/443, prod data protected).
 * The readers of that JSON are in src/policy/terraform-json.ts.
 */

export type { PolicyInput };

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
  /** Why the rule exists: what goes wrong in AWS, or for whom, without it. One line. */
  readonly why: string;
  check(input: PolicyInput, context: PolicyContext): Omit<Violation, "rule">[];
}

function violation(entry: Entry, problem: string, fix: string): Omit<Violation, "rule"> {
  return { address: entry.address, path: entry.path, problem, fix };
}

/** The key policy statement that lets the account's IAM policies grant use of the key (AWS's default). */
const delegatesToIam = (s: Statement) => s.principals.length > 0 && s.principals.every((p) => /^AWS:arn:[^:]+:iam::[^:]+:root$/.test(p));

const FULL_WILDCARD = /^(\*|[a-z0-9-]+:\*)$/i;
const WRITE_LEVELS = new Set(["Write", "Permissions management", "Tagging"]);

/** CloudFront's default origin response (read) timeout and ELB's default idle timeout, seconds. */
const CLOUDFRONT_DEFAULT_READ_TIMEOUT = 30;
const ALB_DEFAULT_IDLE_TIMEOUT = 60;
/** Route53's hosted zone of every CloudFront distribution. */
const CLOUDFRONT_ZONE_ID = "Z2FDTNDATAQYW2";

export const POLICY_RULES: readonly PolicyRule[] = [
  {
    id: "TW-SG1",
    title: "Ingress from 0.0.0.0/0 (or ::/0) only to a load balancer on TCP 80 or 443",
    why: "Anything else open to the internet is an attack surface: the database, the cache and the tasks are reached through the load balancer only.",
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
    why: "Snapshots, replicas and disks of unencrypted data stores can be read by whoever gets them; Redis traffic in clear text can be sniffed in the VPC.",
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
      need(
        "aws_sqs_queue",
        (b) => typeof b.kms_master_key_id === "string" || isTrue(b.sqs_managed_sse_enabled),
        "the queue is not encrypted",
        "set kmsMasterKeyId to the stack's key",
      );
      need("aws_efs_file_system", (b) => isTrue(b.encrypted), "the file system is not encrypted", "set encrypted: true with the stack's kmsKeyId");
      need("aws_ebs_volume", (b) => isTrue(b.encrypted), "the volume is not encrypted", "set encrypted: true with the stack's kmsKeyId");
      const encryptions = resources(input, "aws_s3_bucket_server_side_encryption_configuration");
      for (const bucket of resources(input, "aws_s3_bucket")) {
        if (!encryptions.some((e) => refersTo(e.body.bucket, bucket.address))) {
          found.push(
            violation(
              bucket,
              "the bucket has no default encryption configuration",
              "add an aws_s3_bucket_server_side_encryption_configuration (aws:kms with the stack's key where the writer supports it)",
            ),
          );
        }
      }
      return found;
    },
  },
  {
    id: "TW-ENC2",
    title: "Log groups encrypted with a customer-managed KMS key",
    why: "Logs carry request data: with the stack's key, reading them takes kms:Decrypt too, so the key policy decides who can.",
    check(input) {
      return resources(input, "aws_cloudwatch_log_group")
        .filter((g) => typeof g.body.kms_key_id !== "string")
        .map((g) => violation(g, "the log group is not encrypted with the stack's key", "create it with encryptedLogGroup (src/constructs/log-group.ts)"));
    },
  },
  {
    id: "TW-IAM1",
    title: "No IAM statement allows every action (`*` or `service:*`)",
    why: "`*` grants every future action of the service too, far beyond what the principal needs (least privilege).",
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
    why: "A write on every resource of the account lets one compromised task change or delete what other stacks own.",
    check(input) {
      return policies(input)
        .filter((p) => !p.keyPolicy)
        .flatMap((p) =>
          p.statements
            .filter((s) => s.effect === "Allow" && s.resources.includes("*"))
            .flatMap((s) =>
              s.actions.flatMap((pattern) => {
                const actions = expandAction(pattern);
                if (actions === undefined)
                  return [violation(p, `grants ${pattern} on "*", an action the IAM reference does not know`, "check the action's spelling and scope it to resources")];
                // A condition on one of the action's own keys (cloudwatch:namespace for
                // PutMetricData, which accepts no resource for plain metrics) constrains it.
                const scopable = actions.filter((a) => WRITE_LEVELS.has(a.accessLevel) && a.scopable && !a.conditionKeys.some((k) => s.conditionKeys.includes(k)));
                return scopable.length === 0
                  ? []
                  : [
                      violation(
                        p,
                        `grants ${pattern} (${scopable
                          .map((a) => a.name)
                          .slice(0, 3)
                          .join(", ")}${scopable.length > 3 ? ", ..." : ""}) on "*"`,
                        "name the resources (ARNs) the statement writes to",
                      ),
                    ];
              }),
            ),
        );
    },
  },
  {
    id: "TW-NET1",
    title: "No public database or cache",
    why: "A database or cache without a security group of its own, or with a public address, is reachable by more than the service.",
    check(input) {
      const found: Omit<Violation, "rule">[] = [];
      for (const type of ["aws_db_instance", "aws_rds_cluster_instance"]) {
        for (const db of resources(input, type)) {
          if (isTrue(db.body.publicly_accessible))
            found.push(violation(db, "the database is publicly accessible", "set publiclyAccessible: false; the service reaches it inside the VPC"));
        }
      }
      for (const db of resources(input, "aws_db_instance")) {
        if (list(db.body.vpc_security_group_ids).length === 0)
          found.push(violation(db, "the database has no security group of its own", "give it a security group that only the service can reach"));
      }
      for (const type of ["aws_elasticache_replication_group", "aws_elasticache_cluster", "aws_elasticache_serverless_cache"]) {
        for (const cache of resources(input, type)) {
          if (list(cache.body.security_group_ids).length === 0)
            found.push(violation(cache, "the cache has no security group of its own", "give it a security group that only the service can reach"));
        }
      }
      return found;
    },
  },
  {
    id: "TW-PROD1",
    title:
      "In prod, stateful resources survive a destroy: deletion protection, final snapshot, point-in-time recovery, versioning, and the KMS key of the backups a destroy leaves",
    why: "A `terraform destroy` (or a replacement) in prod must not lose data: AWS deletes what is not protected, at once.",
    check(input, { prod }) {
      if (!prod) return [];
      const found: Omit<Violation, "rule">[] = [];
      for (const type of ["aws_db_instance", "aws_rds_cluster"]) {
        for (const db of resources(input, type)) {
          if (!isTrue(db.body.deletion_protection))
            found.push(violation(db, "prod database without deletion protection", "keep database.deletionProtection on in prod (the default)"));
          if (isTrue(db.body.skip_final_snapshot) || db.body.final_snapshot_identifier === undefined) {
            found.push(violation(db, "prod database without a final snapshot", "keep database.finalSnapshot on in prod (the default)"));
          }
        }
      }
      for (const table of resources(input, "aws_dynamodb_table")) {
        if (!isTrue(block(table.body.point_in_time_recovery)?.enabled))
          found.push(violation(table, "prod table without point-in-time recovery", "set pointInTimeRecovery: {enabled: true}"));
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
    why: "A privileged container has root on its host; Fargate refuses it at deploy time.",
    check(input) {
      return containers(input)
        .filter((c) => isTrue(c.container.privileged) || c.container.unreadable)
        .map((c) =>
          violation(c, `container ${c.container.name} is privileged or unreadable`, "drop privileged (Fargate refuses it anyway) and emit the definitions as literal JSON"),
        );
    },
  },
  {
    id: "TW-ECS2",
    title: "Containers have a read-only root filesystem (with writable scratch volumes where needed)",
    why: "A writable root filesystem lets an attacker who gets in change the app's code and tools for the rest of the task's life.",
    check(input) {
      return containers(input)
        .filter((c) => c.container.readonlyRootFilesystem !== true)
        .map((c) =>
          violation(
            c,
            `container ${c.container.name} has a writable root filesystem`,
            "set readonlyRootFilesystem: true and mount a scratch volume where the app writes (e.g. /tmp)",
          ),
        );
    },
  },
  {
    id: "TW-ENV1",
    // Also values in a known key format (src/policy/names.ts), whatever the name.
    title: "No secret-looking names among plain environment variables",
    why: "Plain variables are stored in the task definition or function and in Terraform state, readable by anyone who can describe them.",
    check(input) {
      return plainVariables(input)
        .filter((v) => SECRET_LOOKING_NAME.test(v.name) || (typeof v.value === "string" && secretValueKind(v.value) !== undefined))
        .map((v) =>
          violation(
            v,
            SECRET_LOOKING_NAME.test(v.name)
              ? `${v.owner} has the plain environment variable ${v.name}`
              : `${v.owner}'s plain environment variable ${v.name} holds what looks like ${secretValueKind(v.value as string)}`,
            v.inContainer
              ? "inject it from Secrets Manager (container secrets), never as a plain value"
              : "pass the secret's ARN and read the value from Secrets Manager at run time",
          ),
        );
    },
  },
  {
    id: "TW-ENV2",
    title: "No password inside a URL in a plain environment variable (e.g. the guide's `DATABASE_URL`)",
    why: "A password in a URL is stored in plain text in the task definition or function and in Terraform state, like any plain variable.",
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
    why: 'A key policy that allows "*" lets every AWS account use the key unless a condition narrows it.',
    check(input) {
      return policies(input)
        .filter((p) => p.keyPolicy)
        .flatMap((p) =>
          p.statements
            .filter((s) => s.effect === "Allow" && s.principals.some((pr) => pr === "*:*" || pr === "AWS:*"))
            .map(() =>
              violation(p, 'a key policy statement allows "*" as principal', "name the account root, roles or service principals (with aws:SourceAccount) that use the key"),
            ),
        );
    },
  },
  {
    id: "TW-NAME1",
    title: "Every literal name fits its AWS limit: length and characters (src/policy/name-limits.ts)",
    why: "AWS refuses an over-long or badly formed name at apply, after other resources were created, or silently misreads it.",
    check(input) {
      return Object.entries(NAME_LIMITS).flatMap(([type, attributes]) =>
        resources(input, type).flatMap((r) =>
          Object.keys(attributes).flatMap((attribute) => {
            const value = r.body[attribute];
            // A reference is checked where the name it refers to is written.
            const problem = typeof value === "string" && !value.includes("${") ? nameProblem(type, attribute, value) : undefined;
            return problem === undefined
              ? []
              : [violation(r, `${attribute} "${value}" is ${problem}`, "shorten or rename it (project, or the option that sets it); AWS refuses or misreads it at apply")];
          }),
        ),
      );
    },
  },
  {
    id: "TW-ACL1",
    title: "S3 bucket ACLs wait for their bucket's ownership controls, and CloudFront's logging for its log bucket's ACL",
    why: "New buckets have ACLs disabled: an ACL put before the ownership controls, or CloudFront logging before the ACL, fails at apply.",
    check(input) {
      const found: Omit<Violation, "rule">[] = [];
      const ownerships = resources(input, "aws_s3_bucket_ownership_controls");
      const acls = resources(input, "aws_s3_bucket_acl");
      for (const acl of acls) {
        // New buckets have ACLs disabled: an ACL put before the ownership controls fails (AccessControlListNotSupported).
        if (!ownerships.some((o) => o.body.bucket === acl.body.bucket && waitsFor(acl, o.address))) {
          found.push(
            violation(acl, "the ACL does not wait for its bucket's ownership controls", "add the bucket's aws_s3_bucket_ownership_controls (ACLs enabled) to the ACL's depends_on"),
          );
        }
      }
      for (const distribution of resources(input, "aws_cloudfront_distribution")) {
        const bucket = referencedAddress(block(distribution.body.logging_config)?.bucket, "aws_s3_bucket");
        if (bucket === undefined) continue;
        if (!acls.some((acl) => refersTo(acl.body.bucket, bucket) && waitsFor(distribution, acl.address))) {
          found.push(
            violation(
              distribution,
              `CloudFront logs to ${bucket} without waiting for its ACL`,
              "add the log bucket's aws_s3_bucket_acl (granting CloudFront's log delivery) to the distribution's depends_on",
            ),
          );
        }
      }
      return found;
    },
  },
  {
    id: "TW-EDGE1",
    title: "CloudFront waits for long requests as long as their budget, and a load balancer behind it at least as long as CloudFront",
    why: "A timeout shorter than the request's budget cuts long requests with a 504, whichever of CloudFront or the load balancer gives up first.",
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
    why: "Route53 refuses evaluate_target_health on an alias to CloudFront, and the apply fails.",
    check(input) {
      return resources(input, "aws_route53_record")
        .filter((r) => {
          const alias = block(r.body.alias);
          const toCloudFront = alias?.zone_id === CLOUDFRONT_ZONE_ID || referencedAddress(alias?.name, "aws_cloudfront_distribution") !== undefined;
          return toCloudFront && isTrue(alias?.evaluate_target_health);
        })
        .map((r) =>
          violation(
            r,
            "the alias to a CloudFront distribution evaluates target health",
            "set evaluateTargetHealth: false on aliases to CloudFront (Domain.addAlias does for an ApiDistribution)",
          ),
        );
    },
  },
];
