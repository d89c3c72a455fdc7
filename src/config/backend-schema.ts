import { z } from "zod";
import { externalId, roleArn } from "./account-schema";
import { awsRegion } from "./fields";

/** Placeholder in backend keys and workspace names, replaced by each stack's name. */
export const STACK_PLACEHOLDER = "{stack}";

const bucketName = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: "expected an S3 bucket name" });

const localBackendSchema = z.strictObject({
  type: z.literal("local"),
  /**
   * State file, relative to the project directory (never an absolute path of the machine that
   * synthesized). Default `terraform.{stack}.tfstate`.
   */
  path: z
    .string()
    .refine((p) => !p.startsWith("/") && !/^[A-Za-z]:[\\/]/.test(p), { error: "expected a path relative to the project directory, not an absolute path" })
    .default(`terraform.${STACK_PLACEHOLDER}.tfstate`),
});

const s3BackendSchema = z
  .strictObject({
    type: z.literal("s3"),
    /** Bucket of the state (yours; versioned and encrypted). Required. */
    bucket: bucketName,
    /** Object key of the state. Default `trustwrapper/{stack}.tfstate`; `{stack}` is the stack name. */
    key: z.string().min(1).regex(/^[^/]/, { error: "expected an object key without a leading /" }).default(`trustwrapper/${STACK_PLACEHOLDER}.tfstate`),
    /** Region of the bucket. Default the stack's region. */
    region: awsRegion.optional(),
    /** Server-side encryption of the state object. Default true. */
    encrypt: z.boolean().default(true),
    /** KMS key (ARN) that encrypts the state object. Default none (SSE-S3). */
    kmsKeyId: z
      .string()
      .regex(/^arn:aws[a-z-]*:kms:/, { error: "expected a KMS key ARN" })
      .optional(),
    /** S3-native state locking (a `.tflock` object; Terraform >= 1.10). Default true. */
    useLockfile: z.boolean().default(true),
    /** DynamoDB table for the legacy lock (hash key `LockID`). Default none. */
    dynamodbTable: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{3,255}$/, { error: "expected a DynamoDB table name" })
      .optional(),
    /** A role Terraform assumes to read and write the state, e.g. in a central state account. Default none: the shell's credentials. */
    roleArn: roleArn.optional(),
    /** External ID the state role's trust policy requires. Default none. */
    externalId: externalId.optional(),
    /** Named profile (of ~/.aws/config) for the state bucket. Default none. */
    profile: z
      .string()
      .regex(/^[\w.+@-]{1,128}$/, { error: "expected a profile name of ~/.aws/config" })
      .optional(),
  })
  .refine((s3) => s3.externalId === undefined || s3.roleArn !== undefined, {
    path: ["externalId"],
    error: "externalId applies to an assumed role: set roleArn too, or remove externalId",
  });

const cloudBackendSchema = z
  .strictObject({
    type: z.literal("cloud"),
    /** Terraform Cloud / Enterprise organization. Required. */
    organization: z.string().regex(/^[A-Za-z0-9_-]+$/, { error: "expected an organization name (letters, digits, _ or -)" }),
    /** Host of Terraform Enterprise. Default `app.terraform.io`. */
    hostname: z.string().min(1).default("app.terraform.io"),
    /** Workspace name; `{stack}` is the stack name. Default `{stack}` unless `workspaceTags` is set. */
    workspace: z
      .string()
      .regex(/^[A-Za-z0-9_{}-]+$/, { error: "expected a workspace name (letters, digits, _ or -, and {stack})" })
      .optional(),
    /** Select workspaces by tags instead of by name (for `terraform workspace select`). Default none. */
    workspaceTags: z
      .array(z.string().regex(/^[a-z0-9:_-]+$/, { error: "expected a lower-case workspace tag" }))
      .min(1)
      .optional(),
    /** Terraform Cloud project of the workspaces. Default the organization's default project. */
    project: z.string().min(1).optional(),
  })
  .refine((cloud) => !(cloud.workspace !== undefined && cloud.workspaceTags !== undefined), {
    path: ["workspaceTags"],
    error: "set either workspace or workspaceTags, not both",
  });

/** Where Terraform keeps each stack's state. Default `local`. */
export const backendSchema = z.discriminatedUnion("type", [localBackendSchema, s3BackendSchema, cloudBackendSchema], {
  error: "expected a backend with type: local, s3 or cloud",
});

export type BackendConfig = z.output<typeof backendSchema>;
