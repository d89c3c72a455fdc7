import { TerraformResource, TerraformStack, Testing } from "cdktf";

/**
 * Terraform addresses are an API: when a stateful resource gets a new address because code was
 * refactored, Terraform destroys the old one and creates a new one. These helpers list a stack's
 * resource addresses (with the construct path that made each) and compare them with the
 * committed list in `addresses/`, accepting a changed address only when a `moved` block carries it.
 */

/** One resource of a synthesized stack: `aws_db_instance.database_instance_1A2B3C4D` and `database/instance`. */
export interface ResourceAddress {
  readonly address: string;
  readonly constructPath: string;
}

/** The committed addresses of the stacks of one configuration, by stack name. */
export type AddressList = ReadonlyMap<string, readonly string[]>;

/** A stack's synthesized JSON, as far as the address check reads it. */
interface SynthesizedStack {
  readonly resource?: Record<string, Record<string, unknown>>;
  readonly moved?: ReadonlyArray<{ from: string; to: string }>;
}

const synthesized = (stack: TerraformStack): SynthesizedStack => JSON.parse(Testing.synth(stack));

/**
 * The resources a stack emits, sorted by address (a resource moved away with `moveTo` is not
 * emitted); `json` is the stack synthesized, where the caller has it already.
 */
export function resourceAddresses(stack: TerraformStack, json = synthesized(stack)): ResourceAddress[] {
  const emitted = new Set(Object.entries(json.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`)));
  const stackPath = stack.node.path;
  return stack.node
    .findAll()
    .filter((c): c is TerraformResource => TerraformResource.isTerraformResource(c))
    .map((r) => ({ address: `${r.terraformResourceType}.${r.friendlyUniqueId}`, constructPath: r.node.path.slice(stackPath.length + 1) }))
    .filter((r) => emitted.has(r.address))
    .sort((a, b) => a.address.localeCompare(b.address));
}

/** The `moved` blocks of a synthesized stack, from address to address. */
export function movedAddresses(stack: TerraformStack, json = synthesized(stack)): ReadonlyMap<string, string> {
  return new Map((json.moved ?? []).map((m) => [m.from, m.to]));
}

/** The text of `addresses/<source>.txt`: a header, then each stack's addresses with their construct paths. */
export function formatAddressList(source: string, stacks: readonly TerraformStack[]): string {
  const lines = [
    `# Terraform resource addresses of the stacks synthesized from ${source}.`,
    "# Tested: an address that disappears without a moved block fails `npm test` (Terraform would",
    "# destroy and recreate the resource). Regenerate after adding resources: npm run addresses",
  ];
  for (const stack of [...stacks].sort((a, b) => a.node.id.localeCompare(b.node.id))) {
    const addresses = resourceAddresses(stack);
    const width = Math.max(...addresses.map((a) => a.address.length));
    lines.push("", `[${stack.node.id}]`, ...addresses.map((a) => `${a.address.padEnd(width)}  ${a.constructPath}`));
  }
  return `${lines.join("\n")}\n`;
}

/** Parses the text written by `formatAddressList`. */
export function parseAddressList(text: string): AddressList {
  const stacks = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of text.split("\n")) {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const header = /^\[(.+)\]$/.exec(trimmed);
    if (header) {
      current = [];
      stacks.set(header[1], current);
    } else if (current) {
      current.push(trimmed.split(/\s+/)[0]);
    } else {
      throw new Error(`address line before any [stack] header: ${trimmed}`);
    }
  }
  return stacks;
}

/**
 * What differs between the committed list and the synthesized stacks: each problem is one line
 * that says what to do. An address carried by a `moved` block to an emitted address is fine.
 */
export function addressProblems(listed: AddressList, stacks: readonly TerraformStack[]): string[] {
  const problems: string[] = [];
  const byName = new Map(stacks.map((s) => [s.node.id, s]));
  // Each stack synthesized once, for both its resources and its moved blocks.
  const read = new Map(
    stacks.map((stack) => {
      const json = synthesized(stack);
      return [stack, { resources: resourceAddresses(stack, json), moved: movedAddresses(stack, json) }] as const;
    }),
  );
  for (const [name, addresses] of listed) {
    const stack = byName.get(name);
    if (!stack) {
      problems.push(`stack ${name} is listed but no longer synthesized: its state would be orphaned (run npm run addresses if intended)`);
      continue;
    }
    const { resources, moved } = read.get(stack)!;
    const emitted = new Set(resources.map((r) => r.address));
    for (const address of addresses) {
      if (emitted.has(address)) continue;
      const target = moved.get(address);
      if (target !== undefined && emitted.has(target)) continue;
      problems.push(
        `${name}: ${address} disappeared without a moved block: Terraform would destroy it. ` +
          `Keep its construct ID and path, or call moveFromId("${address}") on the resource that replaces it`,
      );
    }
  }
  for (const stack of stacks) {
    const addresses = listed.get(stack.node.id);
    const known = new Set(addresses ?? []);
    const unlisted = read.get(stack)!.resources.filter((r) => !known.has(r.address));
    if (!addresses) problems.push(`stack ${stack.node.id} is not in the address list: run npm run addresses and commit it`);
    else for (const r of unlisted) problems.push(`${stack.node.id}: ${r.address} (${r.constructPath}) is new: run npm run addresses and commit the list`);
  }
  return problems;
}
