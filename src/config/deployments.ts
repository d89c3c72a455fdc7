import { STACK_PLACEHOLDER } from "./backend-schema";
import type { ConfigProblem } from "./issues";
import { checkConfig, CONFIG_ENV_VAR, readConfigInput } from "./load";
import { type ConfigFile, type FieldPath, locate } from "./location";
import { TrustWrapperConfig } from "./schema";

export type DeploymentsResult =
  | { readonly ok: true; readonly configs: readonly TrustWrapperConfig[]; readonly file?: ConfigFile }
  | { readonly ok: false; readonly errors: readonly string[] };

/** The environment variable that replaces `service.image` of every stack at synth, e.g. in a release pipeline. */
export const IMAGE_ENV_VAR = "TRUSTWRAPPER_IMAGE";

/**
 * Like `loadConfig`, with one configuration per stack: reads `TRUSTWRAPPER_CONFIG` (or `path`),
 * with `service.image` replaced by `TRUSTWRAPPER_IMAGE` (or `image`) where that is set.
 */
export function loadDeployments(path: string | undefined = process.env[CONFIG_ENV_VAR], image: string | undefined = process.env[IMAGE_ENV_VAR]): DeploymentsResult {
  const read = readConfigInput(path);
  if (!read.ok) return read;
  const result = checkDeployments(read.input, image === undefined || image.trim() === "" ? undefined : image);
  const { file } = read;
  // The file, for errors found later (imports that name no resource) to say where they are.
  if (result.ok) return { ...result, file };
  return { ok: false, errors: result.problems.map((p) => (file === undefined ? p.line : p.line + locate(file, p.candidates))) };
}

/** `<project>-<environment>-<region>`, e.g. `trustwrapper-prod-us-east-1`: the stack's name. */
export function stackName(config: TrustWrapperConfig): string {
  return `${config.project}-${config.environment}-${config.region}`;
}

/**
 * One validated configuration per stack. Without `deployments` that is the file itself; with it,
 * each entry is the file's options with the entry's environment, region and `overrides` laid
 * over them (objects merge, lists and values replace), and the entry's `account` in place of the
 * file's, validated as a whole; `image` (TRUSTWRAPPER_IMAGE) replaces every stack's service.image. Then names that
 * must be unique per account and region (or globally) are checked across the stacks.
 */
export function parseDeployments(input: unknown, image?: string): DeploymentsResult {
  const result = checkDeployments(input, image);
  return result.ok ? result : { ok: false, errors: result.problems.map((p) => p.line) };
}

/** A problem of one deployment, with the places in the file its field may come from. */
interface DeploymentProblem {
  readonly line: string;
  readonly candidates: readonly FieldPath[];
}

function checkDeployments(
  input: unknown,
  image: string | undefined,
): { readonly ok: true; readonly configs: readonly TrustWrapperConfig[] } | { readonly ok: false; readonly problems: readonly DeploymentProblem[] } {
  // The override wins over the file and over every entry's overrides.
  const withImage = (options: unknown) => (image === undefined ? options : merge(options ?? {}, { service: { image } }));
  const base = checkConfig(withImage(input));
  if (!base.ok) return { ok: false, problems: base.problems.map(({ line, path }) => ({ line, candidates: [path] })) };
  if (base.config.deployments.length === 0) return { ok: true, configs: [base.config] };

  const { deployments: _, ...shared } = (input ?? {}) as Record<string, unknown>;
  const configs: TrustWrapperConfig[] = [];
  const problems: DeploymentProblem[] = [];
  base.config.deployments.forEach(({ environment, region, account, overrides }, index) => {
    const merged = merge(merge(shared, { environment, ...(region === undefined ? {} : { region }) }), overrides ?? {});
    // An entry's account replaces the file's whole: a role or external ID of another account must not leak into it.
    if (account !== undefined) (merged as Record<string, unknown>).account = account;
    const result = checkConfig(withImage(merged));
    if (result.ok) configs.push(result.config);
    else problems.push(...result.problems.map((p) => deploymentProblem(index, p)));
  });
  if (problems.length > 0) return { ok: false, problems };
  const clashes = collisions(configs);
  return clashes.length > 0 ? { ok: false, problems: clashes } : { ok: true, configs };
}

/** The field is the deployment's own (environment, region), one of its overrides, or the file's. */
function deploymentProblem(index: number, { line, path }: ConfigProblem): DeploymentProblem {
  const entry = ["deployments", index];
  return { line: `deployments.${index}: ${line}`, candidates: [[...entry, ...path], [...entry, "overrides", ...path], path, entry] };
}

/**
 * Names two stacks of one configuration must not share, with the field that sets each; `account`:
 * the name is unique within that account only (undefined: within any account the credentials reach).
 */
function uniqueNames(config: TrustWrapperConfig): { field: string; name: string; account?: string | null }[] {
  const names: { field: string; name: string; account?: string | null }[] = [
    { field: "environment/region", name: stackName(config) },
    // Route53 records are global: two stacks on one name would overwrite each other's alias.
    { field: "domain.name", name: config.domain.name },
    { field: "backend", name: stateLocation(config) },
  ];
  if (config.secrets.existingApiKeysSecretArn === undefined) {
    // Secret names are unique per account and region: stacks pinned to different accounts may share one.
    names.push({ field: "secrets.apiKeysSecretName", name: `${config.region}/${config.secrets.apiKeysSecretName}`, account: config.account?.id ?? null });
  }
  return names;
}

function stateLocation(config: TrustWrapperConfig): string {
  const { backend } = config;
  const perStack = (value: string) => value.split(STACK_PLACEHOLDER).join(stackName(config));
  switch (backend.type) {
    case "local":
      return `local:${perStack(backend.path)}`;
    case "s3":
      return `s3:${backend.bucket}/${perStack(backend.key)}`;
    case "cloud":
      return `cloud:${backend.hostname}/${backend.organization}/${backend.workspaceTags?.join(",") ?? perStack(backend.workspace ?? STACK_PLACEHOLDER)}`;
  }
}

function collisions(configs: readonly TrustWrapperConfig[]): DeploymentProblem[] {
  const seen = new Map<string, { index: number; account?: string | null }[]>();
  const errors: DeploymentProblem[] = [];
  configs.forEach((config, index) => {
    for (const { field, name, account } of uniqueNames(config)) {
      const key = `${field}=${name}`;
      const users = seen.get(key) ?? [];
      // Two accounts pinned by ID never share an account-scoped name; an unpinned stack may be in either.
      const first = users.find((other) => account === undefined || account === null || other.account === null || other.account === account);
      if (first !== undefined) {
        errors.push({
          line: `deployments.${index}: ${field}: ${name} is already used by deployments.${first.index}; give each deployment its own`,
          candidates: [["deployments", index]],
        });
      }
      seen.set(key, [...users, { index, account }]);
    }
  });
  return errors;
}

/** Objects merge key by key; anything else in `over` replaces what is in `base`. */
function merge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over;
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) result[key] = key in result ? merge(result[key], value) : value;
  return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
