import { readdirSync } from "node:fs";
import { basename, join, resolve } from "node:path";

/** A configuration the project ships: the defaults, or one file of `examples/`. */
export interface ConfigurationSource {
  /** `default`, or the example's file name without extension (`container`). */
  readonly name: string;
  /** The file, relative to the project root; undefined for the defaults. */
  readonly file?: string;
}

/** The project's root directory (this file lives in `src/config/`). */
export const PROJECT_ROOT = resolve(__dirname, "..", "..");

/** The file extensions of a configuration file. */
const CONFIGURATION_FILE = /\.(ya?ml|json)$/;

/** A configuration's name, as in ConfigurationSource: `default` for the defaults, else its file name without extension. */
export function configurationName(file: string | undefined): string {
  return file === undefined || file === "default" ? "default" : basename(file).replace(CONFIGURATION_FILE, "");
}

/** The default configuration and every `examples/*.yaml|yml|json`, sorted by name. */
export function configurationSources(root: string = PROJECT_ROOT): ConfigurationSource[] {
  const examples = readdirSync(join(root, "examples"))
    .filter((f) => CONFIGURATION_FILE.test(f))
    .sort()
    .map((f) => ({ name: configurationName(f), file: join("examples", f) }));
  return [{ name: "default" }, ...examples];
}
