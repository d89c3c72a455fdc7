import { readFileSync } from "node:fs";
import { LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { configSchema, TrustWrapperConfig } from "./schema";

/** The environment variable that names the configuration file (YAML or JSON). */
export const CONFIG_ENV_VAR = "TRUSTWRAPPER_CONFIG";

export type ConfigResult =
  | { readonly ok: true; readonly config: TrustWrapperConfig }
  | { readonly ok: false; readonly errors: readonly string[] };

/**
 * Validates an already-parsed configuration object; one error line per problem. A key without a
 * value (YAML `alarmEmail:`, or a section whose options are all commented out) means "use the default".
 */
export function parseConfig(input: unknown): ConfigResult {
  const result = configSchema.safeParse(withoutNulls(input ?? {}));
  if (result.success) return { ok: true, config: result.data };
  return { ok: false, errors: result.error.issues.flatMap(formatIssue) };
}

/**
 * Reads the configuration named by `TRUSTWRAPPER_CONFIG` (or `path`), or the defaults when
 * neither is set. YAML is a superset of JSON, so one parser reads both.
 */
export function loadConfig(path: string | undefined = process.env[CONFIG_ENV_VAR]): ConfigResult {
  const read = readConfigInput(path);
  return read.ok ? parseConfig(read.input) : read;
}

/** The parsed (not yet validated) content of a configuration file; `{}` without a file. */
export function readConfigInput(path: string | undefined): { readonly ok: true; readonly input: unknown } | { readonly ok: false; readonly errors: readonly string[] } {
  if (path === undefined || path.trim() === "") return { ok: true, input: {} };
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    return { ok: false, errors: [`${path}: cannot read the configuration file (${(error as NodeJS.ErrnoException).code ?? String(error)})`] };
  }
  const lines = new LineCounter();
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter: lines });
  if (document.errors.length > 0) {
    return {
      ok: false,
      errors: document.errors.map((e) => `${path}:${lines.linePos(e.pos[0]).line}: ${e.message.split("\n")[0]}`),
    };
  }
  const input: unknown = document.toJS();
  if (input !== null && (typeof input !== "object" || Array.isArray(input))) {
    return { ok: false, errors: [`${path}: expected a mapping of options at the top level`] };
  }
  return { ok: true, input };
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
}

function formatIssue(issue: z.core.$ZodIssue): string[] {
  const path = issue.path.map(String);
  if (issue.code === "unrecognized_keys") {
    const known = knownKeys(path);
    const hint = known.length > 0 ? ` (expected one of: ${known.join(", ")})` : "";
    return issue.keys.map((key) => `${[...path, key].join(".")}: unknown option${hint}`);
  }
  const where = path.length > 0 ? path.join(".") : "(top level)";
  // A bad record key (an environment variable name): zod's own message is "Invalid key in record".
  if (issue.code === "invalid_key" && issue.issues.length > 0) return [`${where}: ${issue.issues[0].message}`];
  if (issue.code === "invalid_type" && / received undefined$/.test(issue.message)) return [`${where}: missing: this option is required (${issue.expected})`];
  return [`${where}: ${issue.message}`];
}

/** The option names the schema accepts at `path`, for "did you mean" hints. */
function knownKeys(path: readonly string[]): string[] {
  let schema: z.core.$ZodType | undefined = configSchema;
  for (const segment of [...path, undefined]) {
    schema = unwrap(schema);
    if (schema === undefined) return [];
    if (segment === undefined) break;
    const shape: Record<string, z.core.$ZodType> | undefined = (schema as z.ZodObject)._zod.def.shape;
    schema = shape?.[segment];
  }
  const shape = (schema as z.ZodObject | undefined)?._zod.def.shape;
  return shape ? Object.keys(shape) : [];
}

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
