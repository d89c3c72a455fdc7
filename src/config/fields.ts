import { z } from "zod";
import { SECRET_LOOKING_NAME, secretValueKind, URL_WITH_PASSWORD } from "../policy/names";
import { nearest } from "./issues";
import { awsRegions } from "./regions";

/** Field types shared by the configuration schemas, each with an error message that says what is expected. */

export const port = (what: string) =>
  z
    .number({ error: `expected ${what} as a whole number from 1 to 65535` })
    .int({ error: `expected ${what} as a whole number from 1 to 65535` })
    .min(1, { error: `expected ${what} as a whole number from 1 to 65535` })
    .max(65535, { error: `expected ${what} as a whole number from 1 to 65535` });

export const wholeNumber = (min: number, max: number, what = "a whole number") =>
  z
    .number({ error: `expected ${what} from ${min} to ${max}` })
    .int({ error: `expected ${what} from ${min} to ${max}` })
    .min(min, { error: `expected ${what} from ${min} to ${max}` })
    .max(max, { error: `expected ${what} from ${min} to ${max}` });

/** An enumeration whose error lists the accepted values. */
export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: `expected one of: ${values.join(", ")}` });

export const hostname = z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
  error: "expected a lower-case DNS name such as api.example.com",
});

/** Environment variable names: POSIX-style, upper case. */
export const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, {
  error: "expected an environment variable name in upper case (A-Z, 0-9, _)",
});

/**
 * Plain environment variables of a container or function: upper-case names, non-empty values,
 * no name or value that looks like a secret (policy TW-ENV1: plain values are stored in the task
 * definition or function and in Terraform state; values in a known key format, whatever the name) and no URL with a password in it (TW-ENV2). `reserved` names get their own message elsewhere.
 */
export const plainVariables = (managed: readonly string[] = [], runtimeReserved?: { pattern: RegExp; runtime: string }) =>
  z.record(envName, z.string().min(1, { error: "expected a non-empty value (empty values make Terraform diff forever)" })).superRefine((variables, ctx) => {
    for (const [name, value] of Object.entries(variables)) {
      if (managed.includes(name)) {
        ctx.addIssue({ code: "custom", path: [name], message: `${name} is set by the deployment; remove it here` });
      } else if (runtimeReserved?.pattern.test(name)) {
        ctx.addIssue({ code: "custom", path: [name], message: `${name} is reserved by ${runtimeReserved.runtime}; choose another name` });
      } else if (SECRET_LOOKING_NAME.test(name)) {
        ctx.addIssue({
          code: "custom",
          path: [name],
          message: `${name} looks like a secret, and plain variables are stored in Terraform state; add it to secrets.apiKeys (injected from Secrets Manager) instead`,
        });
      } else if (secretValueKind(value) !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: [name],
          message: `the value looks like ${secretValueKind(value)}, and plain variables are stored in Terraform state; add ${name} to secrets.apiKeys (injected from Secrets Manager) instead`,
        });
      } else if (URL_WITH_PASSWORD.test(value)) {
        ctx.addIssue({
          code: "custom",
          path: [name],
          message: "expected a URL without a password: plain variables are stored in Terraform state; put the password in secrets.apiKeys (injected from Secrets Manager) instead",
        });
      }
    }
  });

/**
 * A region AWS has (the AWS SDK's list, src/config/regions.ts), of at most 14 characters, the
 * longest region name (ap-southeast-7): resource names that include the region are sized for it.
 */
export const awsRegion = z
  .string()
  .regex(/^(?=.{1,14}$)[a-z]{2}(-gov)?-[a-z]+-\d$/, { error: "expected an AWS region such as us-east-1", abort: true })
  .superRefine((region, ctx) => {
    if (awsRegions().has(region)) return;
    const near = nearest(region, [...awsRegions().keys()]);
    ctx.addIssue({ code: "custom", message: `expected a region AWS has, got ${region}${near === undefined ? "" : `; did you mean ${near}?`}` });
  });
