import { readFileSync } from "node:fs";
import { LineCounter, parseDocument } from "yaml";
import { type ConfigProblem, configErrorMap, problemsOf } from "./issues";
import { type ConfigFile, locate } from "./location";
import { configSchema, type TrustWrapperConfig } from "./schema";

/** The environment variable that names the configuration file (YAML or JSON). */
export const CONFIG_ENV_VAR = "TRUSTWRAPPER_CONFIG";

export type ConfigResult = { readonly ok: true; readonly config: TrustWrapperConfig } | { readonly ok: false; readonly errors: readonly string[] };

/** `ConfigResult` with each problem's field, for callers that say where in a file it is. */
export type ConfigCheck = { readonly ok: true; readonly config: TrustWrapperConfig } | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

/**
 * Validates an already-parsed configuration object; one error line per problem. A key without a
 * value (YAML `alarmEmail:`, or a section whose options are all commented out) means "use the default".
 */
export function parseConfig(input: unknown): ConfigResult {
  const result = checkConfig(input);
  return result.ok ? result : { ok: false, errors: result.problems.map((p) => p.line) };
}

/** Like `parseConfig`, keeping each problem's field. */
export function checkConfig(input: unknown): ConfigCheck {
  const result = configSchema.safeParse(withoutNulls(input ?? {}), { error: configErrorMap, reportInput: true });
  if (result.success) return { ok: true, config: result.data };
  return { ok: false, problems: result.error.issues.flatMap((issue) => problemsOf(issue, configSchema)) };
}

/**
 * Reads the configuration named by `TRUSTWRAPPER_CONFIG` (or `path`), or the defaults when
 * neither is set. YAML is a superset of JSON, so one parser reads both. Each error names the
 * file, and the line of the option where the file has it.
 */
export function loadConfig(path: string | undefined = process.env[CONFIG_ENV_VAR]): ConfigResult {
  const read = readConfigInput(path);
  if (!read.ok) return read;
  const result = checkConfig(read.input);
  if (result.ok) return result;
  return { ok: false, errors: result.problems.map((p) => (read.file === undefined ? p.line : p.line + locate(read.file, [p.path]))) };
}

export type ConfigInput = { readonly ok: true; readonly input: unknown; readonly file?: ConfigFile } | { readonly ok: false; readonly errors: readonly string[] };

/** The parsed (not yet validated) content of a configuration file, and the file; `{}` without a file. */
export function readConfigInput(path: string | undefined): ConfigInput {
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
  // An empty file is more likely a wrong path or a lost edit than a wish for every default (a prod stack).
  if (input === null || input === undefined) {
    return { ok: false, errors: [`${path}: the configuration file is empty (or only comments): write the options to change, or unset ${CONFIG_ENV_VAR} for the defaults`] };
  }
  if (typeof input !== "object" || Array.isArray(input)) {
    return { ok: false, errors: [`${path}: expected a mapping of options at the top level`] };
  }
  return { ok: true, input, file: { path, document, lines } };
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
