/**
 * `cdktf synth --hcl` (cdktf 0.21, final release) writes HCL that Terraform rejects in three known
 * ways; the JSON synth of the same app is correct. This repairs the HCL from the JSON:
 * - JSON-encoded attributes that hold references (container definitions, dashboard bodies, event
 *   patterns, state machines) come out mangled (hashicorp/terraform-cdk#3911): each is rewritten
 *   as a heredoc template of the JSON synth's value;
 * - `depends_on` and `ignore_changes` lists come out as quoted strings: they become references;
 * - attributes of the `terraform` block other than blocks (`required_version`) come out as
 *   `0 = "required_version"` (open-constructs/cdk-terrain#313): they get their JSON value;
 * - `ephemeral` blocks, which cdktf 0.21 knows only as raw overrides, are left out: they are
 *   appended from the JSON (flat attributes only, all that the stacks emit there);
 * - nested blocks the provider bindings leave untyped (a WAF rule's `statement`, with a warning
 *   comment) come out as lists of objects (`statement = [{...}]`): each becomes nested blocks.
 */
export interface HclRepairReport {
  readonly hcl: string;
  readonly jsonAttributes: number;
  readonly references: number;
  readonly terraformAttributes: number;
  readonly ephemeralBlocks: number;
  readonly blockLists: number;
}

/** Attributes cdktf prints as lists of objects although the provider's schema has them as nested blocks. */
const UNTYPED_BLOCK_LISTS = new Set(["statement"]);
/** The comment cdktf writes above such an attribute; dropped with the repair. */
const UNTYPED_WARNING =
  /^\s*# (Warning: The following attribute is of an unexpected type|or CDKTF has chosen|Please check if this resource|https:\/\/github\.com\/hashicorp\/terraform-cdk\/|and if not, please check|We understand this is not ideal)|^\s*#\s*$/;

/**
 * `key = [ {a = 1, inner = [ {...} ]}, ... ]` from `start` (the `key = [` line) to its closing
 * `]`, as one `key { ... }` block per element, nested lists likewise. Returns the lines and the
 * index after the list.
 */
function blockList(lines: readonly string[], start: number): { out: string[]; next: number } {
  const [, indent, key] = /^(\s*)([a-z_0-9]+) = \[$/.exec(lines[start]) ?? [];
  const out: string[] = [];
  let i = start + 1;
  while (i < lines.length && lines[i] !== `${indent}]`) {
    if (/^\s*\{$/.test(lines[i])) {
      out.push(`${indent}${key} {`);
      i++;
      while (!/^\s*\},?$/.test(lines[i])) {
        if (/^\s*[a-z_0-9]+ = \[$/.test(lines[i])) {
          const nested = blockList(lines, i);
          out.push(...nested.out.map((line) => line.replace(/^ {2}/, "")));
          i = nested.next;
        } else {
          if (lines[i].trim() !== "") out.push(`${indent}  ${lines[i].trim().replace(/\s+=\s+/, " = ")}`);
          i++;
        }
      }
      out.push(`${indent}}`);
    }
    i++;
  }
  return { out, next: i + 1 };
}

type Blocks = Record<string, Record<string, Record<string, unknown>>>;
type TerraformJson = { resource?: Blocks; ephemeral?: Blocks; terraform?: Record<string, unknown> };

export function repairHcl(hcl: string, json: TerraformJson): HclRepairReport {
  const lines = hcl.split("\n");
  let jsonAttributes = 0;
  let references = 0;
  let terraformAttributes = 0;
  let block: { kind: "resource"; type: string; name: string } | { kind: "terraform" } | undefined;
  let inReferenceList = false;
  let blockLists = 0;

  const out: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    const list = /^\s*([a-z_0-9]+) = \[$/.exec(line);
    if (block?.kind === "resource" && list && UNTYPED_BLOCK_LISTS.has(list[1])) {
      while (out.length > 0 && (UNTYPED_WARNING.test(out[out.length - 1]) || out[out.length - 1].trim() === "")) out.pop();
      const repaired = blockList(lines, index);
      out.push(...repaired.out);
      index = repaired.next - 1;
      blockLists++;
      continue;
    }
    const resource = /^resource "([^"]+)" "([^"]+)" \{$/.exec(line);
    if (resource) block = { kind: "resource", type: resource[1], name: resource[2] };
    else if (line === "terraform {") block = { kind: "terraform" };
    else if (line === "}") block = undefined;

    if (inReferenceList) {
      if (/^\s*\]$/.test(line)) inReferenceList = false;
      else if (/^\s*"[^"]+",$/.test(line)) {
        out.push(line.replace(/"([^"]+)"/, "$1"));
        references++;
        continue;
      }
    }
    if (/^\s*(depends_on|ignore_changes)\s*= \[$/.test(line)) inReferenceList = true;

    const attribute = /^ {2}([a-z_0-9]+)\s*= (.*)$/.exec(line);
    if (block?.kind === "resource" && attribute) {
      const value = json.resource?.[block.type]?.[block.name]?.[attribute[1]];
      if (typeof value === "string" && /^[[{]/.test(value) && value.includes("${")) {
        out.push(`  ${attribute[1]} = chomp(<<EOT`, value.replace(/%\{/g, "%%{"), "EOT", "  )");
        jsonAttributes++;
        continue;
      }
    }
    const numbered = /^ {2}(\d+) = "([a-z_]+)"$/.exec(line);
    if (block?.kind === "terraform" && numbered) {
      const name = numbered[2];
      out.push(`  ${name} = ${JSON.stringify(json.terraform?.[name])}`);
      terraformAttributes++;
      continue;
    }
    out.push(line);
  }
  const ephemeral = Object.entries(json.ephemeral ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName)
      .filter(([name]) => !hcl.includes(`ephemeral "${type}" "${name}" {`))
      .map(([name, body]) => [`ephemeral "${type}" "${name}" {`, ...Object.entries(body).map(([key, value]) => `  ${key} = ${JSON.stringify(value)}`), "}", ""].join("\n")),
  );
  return { hcl: [out.join("\n"), ...ephemeral].join("\n"), jsonAttributes, references, terraformAttributes, ephemeralBlocks: ephemeral.length, blockLists };
}
