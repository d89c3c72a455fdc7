import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";

/** A configuration the project ships: the defaults, or one file of `examples/`. */
export interface ConfigurationSource {
  /** `default`, or the example's file name without extension (`container`). */
  readonly name: string;
  /** The file, relative to the project root; undefined for the defaults. */
  readonly file?: string;
}

/** The project's root directory (this file lives in `src/config/`). */
export const PROJECT_ROOT = resolve(__dirname, "..", "..");

/** The default configuration and every `examples/*.yaml|yml|json`, sorted by name. */
export function configurationSources(root: string = PROJECT_ROOT): ConfigurationSource[] {
  const examples = readdirSync(join(root, "examples"))
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()
    .map((f) => ({ name: f.replace(/\.(ya?ml|json)$/, ""), file: join("examples", f) }));
  return [{ name: "default" }, ...examples];
}
