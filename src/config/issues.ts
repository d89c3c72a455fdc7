import { z } from "zod";
import { secretValueKind } from "../policy/names";
import type { FieldPath } from "./location";

/**
 * Zod issues of the configuration schema, turned into one line each, `<field>: <what is expected>`:
 * the wording of a type error is the field's own (the message of its first check, e.g.
 * "expected an S3 bucket name"), with what the file has, so that `cpu: lots` and `cpu: 300`
 * read alike; an unknown option suggests the nearest known name.
 */

/** One problem of a configuration: the field and its error line. */
export interface ConfigProblem {
  readonly path: FieldPath;
  readonly line: string;
}

/** Wording of the checks that have no message of their own in the schema; passed to every parse. */
export const configErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      return ownMessage(issue.inst) ?? TYPE_WORDS[issue.expected] ?? `expected ${issue.expected}`;
    case "too_small":
      if (issue.origin === "string" && issue.minimum === 1) return "expected a non-empty value";
      return issue.origin === "array" ? `expected at least ${issue.minimum} item(s)` : `expected at least ${issue.minimum}`;
    case "too_big":
      return issue.origin === "array" ? `expected at most ${issue.maximum} item(s)` : `expected at most ${issue.maximum}`;
    default:
      return undefined;
  }
};

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: "expected text",
  number: "expected a number",
  int: "expected a whole number",
  boolean: "expected true or false",
  object: "expected a mapping of options",
  record: "expected a mapping",
  array: "expected a list",
};

/** The message the schema gives the field's value checks (a pattern, a range), if any. */
function ownMessage(schema: unknown): string | undefined {
  const checks = (schema as z.core.$ZodType | undefined)?._zod.def.checks ?? [];
  for (const check of checks) {
    const error = check._zod.def.error;
    const message = typeof error === "function" ? error(undefined as never) : error;
    if (typeof message === "string") return message;
    if (typeof message === "object" && message !== null && typeof message.message === "string") return message.message;
  }
  return undefined;
}

/** One line per problem of the issue (an issue of unknown keys names each key). */
export function problemsOf(issue: z.core.$ZodIssue, schema: z.core.$ZodType): ConfigProblem[] {
  const path = issue.path as PropertyKey[];
  const where = path.length > 0 ? path.map(String).join(".") : "(top level)";
  const problem = (message: string, at: FieldPath = path) => ({ path: at, line: `${at.length > 0 ? at.map(String).join(".") : where}: ${message}` });
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => problem(`unknown option${suggestion(schema, path.map(String), key)}`, [...path, key]));
    // A bad record key (an environment variable name): zod's own message is "Invalid key in record".
    case "invalid_key":
      return [problem(issue.issues[0]?.message ?? issue.message)];
    case "invalid_type":
      if (issue.input === undefined) return [problem(`missing: this option is required; ${issue.message}`)];
      return [problem(/, got /.test(issue.message) ? issue.message : `${issue.message}, got ${described(issue.input)}`)];
    default:
      return [problem(issue.message)];
  }
}

/** A value as an error may show it: short, and never a secret. */
export function described(value: unknown): string {
  if (typeof value === "string") {
    const kind = secretValueKind(value);
    if (kind !== undefined) return `a value that looks like ${kind} (not shown)`;
    return value.length > 40 ? `${JSON.stringify(value.slice(0, 40))}... (${value.length} characters)` : JSON.stringify(value);
  }
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object" && value !== null) return "a mapping";
  return String(value);
}

/** `; did you mean <name>?` for the known option nearest to `key`, or the list of known options. */
function suggestion(schema: z.core.$ZodType, path: readonly string[], key: string): string {
  const known = Object.keys(shapeAt(schema, path) ?? {});
  const near = nearest(key, known);
  if (near !== undefined) return `; did you mean ${near}?`;
  // An option put in the wrong section, e.g. `desiredCount` at the top level.
  const elsewhere = optionPaths(schema).find((option) => normalized(option.split(".").pop()!) === normalized(key));
  if (elsewhere !== undefined) return `; did you mean ${elsewhere}? (${key} is an option of ${elsewhere.split(".").slice(0, -1).join(".")})`;
  return known.length > 0 ? ` (expected one of: ${known.join(", ")})` : "";
}

/** The known name closest to `name` by edit distance, if it is close enough to be a typing slip. */
export function nearest(name: string, known: readonly string[]): string | undefined {
  const target = normalized(name);
  const limit = Math.max(1, Math.floor(target.length / 3));
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(target, normalized(candidate));
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name;
}

/** Case, `-` and `_` do not tell options apart (`desired_count` is `desiredCount`). */
function normalized(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, "");
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The options of the object schema at `path`, if it is one. */
function shapeAt(schema: z.core.$ZodType, path: readonly string[]): Record<string, z.core.$ZodType> | undefined {
  let current: z.core.$ZodType | undefined = schema;
  for (const segment of path) current = shapeOf(current)?.[segment];
  return shapeOf(current);
}

function shapeOf(schema: z.core.$ZodType | undefined): Record<string, z.core.$ZodType> | undefined {
  return (unwrap(schema) as z.ZodObject | undefined)?._zod.def.shape;
}

/** Every option (leaf) path of the schema, e.g. `service.scaling.minCount`. */
function optionPaths(schema: z.core.$ZodType, prefix = ""): string[] {
  const shape = shapeOf(schema);
  if (shape === undefined) return [];
  return Object.entries(shape).flatMap(([key, value]) => {
    const nested = optionPaths(value, `${prefix}${key}.`);
    return nested.length > 0 ? nested : [`${prefix}${key}`];
  });
}

/** The schema inside defaults, optionals and pipes (the transformed configuration). */
function unwrap(schema: z.core.$ZodType | undefined): z.core.$ZodType | undefined {
  let current = schema;
  for (;;) {
    const def = current?._zod.def as { type: string; innerType?: z.core.$ZodType; in?: z.core.$ZodType } | undefined;
    if (def === undefined) return undefined;
    if (def.innerType !== undefined) current = def.innerType;
    else if (def.type === "pipe" && def.in !== undefined) current = def.in;
    else return current;
  }
}
