// What the e2e runs read from Terraform: the state's resources, without starting the provider.

/** A managed resource instance of the state: its address, type and attribute values. */
export interface StateResource {
  address: string;
  type: string;
  values: Record<string, unknown>;
}

interface PulledState {
  resources?: {
    module?: string;
    mode: string;
    type: string;
    name: string;
    instances: { index_key?: string | number; attributes?: Record<string, unknown> }[];
  }[];
}

/**
 * The managed resource instances of `terraform state pull`'s output (the state file, format 4),
 * with the addresses and values `terraform show -json` gives them. The state file is read rather
 * than `terraform show -json`, which starts the AWS provider for its schema: 4 CPU s a call on the
 * 2-core machine, against 0.7 for `state pull`. A deposed object is listed under its resource's address.
 */
export function pulledResources(pulled: PulledState): StateResource[] {
  return (pulled.resources ?? [])
    .filter((r) => r.mode === "managed")
    .flatMap((r) =>
      r.instances.map((instance) => ({
        address: `${r.module === undefined ? "" : `${r.module}.`}${r.type}.${r.name}${indexSuffix(instance.index_key)}`,
        type: r.type,
        values: instance.attributes ?? {},
      })),
    );
}

/** How an address writes an instance key: `[0]` for count, `["key"]` for for_each. */
function indexSuffix(key: string | number | undefined): string {
  if (key === undefined) return "";
  return typeof key === "number" ? `[${key}]` : `[${JSON.stringify(key)}]`;
}

/** Whether a terraform command's standard output is data for the run (JSON, the state file), which the stack's log leaves out. */
export function machineReadable(args: readonly string[]): boolean {
  return args.includes("-json") || (args[0] === "state" && args[1] === "pull");
}
