// The container's environment as ECS would build it from the synthesized task definition: its
// plain `environment` entries with each Terraform reference resolved, and each `secrets` entry
// (`<secret ARN>:<json key>::`) read from the given secret values. Anything it cannot resolve
// is an error, so a new variable cannot slip past the contract.
import { TerraformDocument } from "../../src/terraform/synthesized";

/** Where a referenced endpoint is reachable for this run. */
export interface LocalEndpoint {
  readonly host: string;
  readonly port: number;
}

export interface ResolveOptions {
  /** By resource type, the attribute that holds its endpoint address, and the local server that stands in for it. */
  readonly endpoints: Readonly<Record<string, { readonly attribute: string; readonly local: LocalEndpoint }>>;
  /** Stand-ins for attributes AWS computes (e.g. a bucket name from its prefix), by `<type>.<attribute>`. */
  readonly computed: Readonly<Record<string, (body: Record<string, unknown>) => string>>;
  /** The JSON value of each injected secret, by the address of the resource its ARN references (or by the ARN itself). */
  readonly secrets: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

const INTERPOLATION = /\$\{([^}]*)\}/g;
/** `aws_x.name.attribute`, with an optional `[0].sub` path (the RDS-managed secret's ARN). */
const ATTRIBUTE_REFERENCE = /^(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)(?:\[\d+\]\.[a-z0-9_]+)?$/;
const SECRET_KEY_REFERENCE = /^(.*):([^:]+)::$/;

export interface Container {
  readonly environment: readonly { readonly name: string; readonly value: string }[];
  readonly secrets: readonly { readonly name: string; readonly valueFrom: string }[];
}

/** The one container of the stack's one task definition. */
export function containerOf(document: TerraformDocument): Container {
  const definitions = Object.values(document.resource?.aws_ecs_task_definition ?? {});
  if (definitions.length !== 1) throw new Error(`expected one aws_ecs_task_definition, found ${definitions.length}`);
  const containers = JSON.parse(definitions[0].container_definitions as string);
  if (containers.length !== 1) throw new Error(`expected one container, found ${containers.length}`);
  return { environment: containers[0].environment ?? [], secrets: containers[0].secrets ?? [] };
}

/** The environment the container would get, resolved for a local run. */
export function containerEnvironment(document: TerraformDocument, options: ResolveOptions): Record<string, string> {
  const { environment, secrets } = containerOf(document);
  const resolved: Record<string, string> = {};
  for (const { name, value } of environment) resolved[name] = resolveValue(document, options, name, value);
  for (const { name, valueFrom } of secrets) resolved[name] = secretValue(options.secrets, name, valueFrom);
  return resolved;
}

/**
 * The environment of a container as ECS stores it after apply (no references left): each
 * endpoint's address (with its port, when the value has it) replaced by its local stand-in, and
 * the secrets read from `secrets`, by ARN.
 */
export function appliedEnvironment(
  container: Container,
  endpoints: readonly { readonly address: string; readonly port: number; readonly local: LocalEndpoint }[],
  secrets: ResolveOptions["secrets"],
): Record<string, string> {
  const resolved: Record<string, string> = {};
  for (const { name, value } of container.environment) {
    resolved[name] = endpoints.reduce((v, e) => v.replaceAll(`${e.address}:${e.port}`, `${e.local.host}:${e.local.port}`).replaceAll(e.address, e.local.host), value);
  }
  for (const { name, valueFrom } of container.secrets) resolved[name] = secretValue(secrets, name, valueFrom);
  return resolved;
}

function resolveValue(document: TerraformDocument, options: ResolveOptions, variable: string, value: string): string {
  let result = value;
  for (const [interpolation, expression] of value.matchAll(INTERPOLATION)) {
    const match = ATTRIBUTE_REFERENCE.exec(expression);
    if (!match) throw new Error(`${variable}: cannot resolve ${interpolation}`);
    const [, type, name, attribute] = match;
    const body = document.resource?.[type]?.[name];
    if (body === undefined) throw new Error(`${variable}: ${interpolation} references ${type}.${name}, which the stack does not have`);
    const endpoint = options.endpoints[type];
    if (endpoint?.attribute === attribute) {
      // The address with the resource's own port (`<address>:5432`) moves to the local server's port.
      result = result.replace(`${interpolation}:${body.port}`, `${endpoint.local.host}:${endpoint.local.port}`).replace(interpolation, endpoint.local.host);
      continue;
    }
    const literal = body[attribute];
    const standIn = options.computed[`${type}.${attribute}`];
    if ((typeof literal === "string" && !literal.includes("${")) || typeof literal === "number") result = result.replace(interpolation, String(literal));
    else if (standIn) result = result.replace(interpolation, standIn(body));
    else throw new Error(`${variable}: cannot resolve ${interpolation} (computed by AWS, and no local stand-in)`);
  }
  return result;
}

function secretValue(secrets: ResolveOptions["secrets"], variable: string, valueFrom: string): string {
  const match = SECRET_KEY_REFERENCE.exec(valueFrom);
  if (!match) throw new Error(`${variable}: ${valueFrom} does not select a JSON key (<arn>:<key>::)`);
  const [, arn, key] = match;
  // A secret the stack creates is named by its resource's address; an adopted one by its literal ARN.
  const reference = /^\$\{([^}]*)\}$/.exec(arn)?.[1];
  const resource = reference === undefined ? undefined : ATTRIBUTE_REFERENCE.exec(reference);
  if (reference !== undefined && !resource) throw new Error(`${variable}: cannot resolve the secret ${arn}`);
  const value = secrets[resource ? `${resource[1]}.${resource[2]}` : arn];
  if (value === undefined) throw new Error(`${variable}: no test value for the secret ${arn}`);
  if (value[key] === undefined) throw new Error(`${variable}: the secret ${arn} has no JSON key ${key}`);
  return value[key];
}
