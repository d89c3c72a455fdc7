import { z } from "zod";

const TWELVE_DIGITS = /^\d{12}$/;

const ACCOUNT_ID_EXPECTED = 'expected an AWS account ID of 12 digits, in quotes (such as "111122223333")';

/** An AWS account ID: twelve digits (a string: YAML reads bare digits as a number). */
export const accountId = z.string({ error: ACCOUNT_ID_EXPECTED }).regex(TWELVE_DIGITS, { error: ACCOUNT_ID_EXPECTED });

/** An IAM role ARN, e.g. `arn:aws:iam::111122223333:role/terraform`. */
export const roleArn = z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,576}$/, {
  error: "expected an IAM role ARN such as arn:aws:iam::111122223333:role/terraform",
});

/** What STS accepts as an external ID (2-1224 characters). */
export const externalId = z.string().regex(/^[\w+=,.@:/-]{2,1224}$/, { error: "expected an external ID: 2-1224 letters, digits or _+=,.@:/-" });

/** The account ID in a role ARN. */
export function roleAccount(arn: string): string {
  return arn.split(":")[4];
}

/**
 * The AWS account a stack deploys into. Its providers refuse any other (`allowed_account_ids`),
 * so a prod plan run with staging credentials fails before it reads or changes anything.
 */
export const accountSchema = z
  .strictObject({
    /** The account ID (12 digits, quoted in YAML). Required. */
    id: accountId,
    /** A role in that account the providers assume (e.g. from a CI account). Default none: the shell's credentials. */
    roleArn: roleArn.optional(),
    /** External ID the role's trust policy requires. Default none. */
    externalId: externalId.optional(),
    /** Session name of the assumed role, shown in CloudTrail. Default none (the provider's own). */
    sessionName: z
      .string()
      .regex(/^[\w+=,.@-]{2,64}$/, { error: "expected a session name: 2-64 letters, digits or _+=,.@-" })
      .optional(),
  })
  .superRefine((account, ctx) => {
    // Compared only once both fields are well-formed (their own errors come first).
    const inRole = account.roleArn === undefined ? undefined : roleAccount(account.roleArn);
    if (inRole !== undefined && TWELVE_DIGITS.test(inRole) && TWELVE_DIGITS.test(account.id) && inRole !== account.id) {
      ctx.addIssue({
        code: "custom",
        path: ["roleArn"],
        message: `expected a role in account ${account.id} (the assumed role's account is the one allowed), got one in ${inRole}`,
      });
    }
    for (const field of ["externalId", "sessionName"] as const) {
      if (account[field] !== undefined && account.roleArn === undefined) {
        ctx.addIssue({ code: "custom", path: [field], message: `${field} applies to an assumed role: set roleArn too, or remove ${field}` });
      }
    }
  });

export type AccountConfig = z.output<typeof accountSchema>;
