/** A reference inside a Terraform JSON string, `${aws_x.name.attr}` or `${data.aws_x.name.attr}`. */
export interface TerraformReference {
  /** `aws_x.name` or `data.aws_x.name`: the address of what is referenced. */
  readonly address: string;
  readonly type: string;
  readonly name: string;
}

const INTERPOLATION = /\$\{([^}]*)\}/g;
const ADDRESS = /(?<![\w.])(data\.)?(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)/g;

/** Every resource or data-source address referenced anywhere in `value` (strings, lists, objects), once each. */
export function referencesIn(value: unknown): TerraformReference[] {
  const found = new Map<string, TerraformReference>();
  const visit = (v: unknown): void => {
    if (typeof v === "string") {
      for (const [, expression] of v.matchAll(INTERPOLATION)) {
        for (const [, data, type, name] of expression.matchAll(ADDRESS)) {
          const address = `${data ?? ""}${type}.${name}`;
          found.set(address, { address, type, name });
        }
      }
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v !== null && typeof v === "object") {
      for (const [key, inner] of Object.entries(v)) if (key !== "//") visit(inner);
    }
  };
  visit(value);
  return [...found.values()];
}
