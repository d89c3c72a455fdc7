import { Document, isMap, isPair, isScalar, isSeq, LineCounter, Node } from "yaml";

/** A configuration file as parsed: its path, and where each option is in it. */
export interface ConfigFile {
  /** The path as given (`TRUSTWRAPPER_CONFIG`). */
  readonly path: string;
  readonly document: Document;
  readonly lines: LineCounter;
}

/** A field of the configuration: keys and list indexes, e.g. `["service", "cpu"]`. */
export type FieldPath = readonly PropertyKey[];

/**
 * Where an error is in the file: ` (at <file>:<line>:<column>)` of the first of `candidates`
 * the file has, else of the one it has most of (a missing option points at its section), or
 * ` (in <file>)` when it has none. Several candidates: a deployment's option may come from its
 * overrides or from the file's top level.
 */
export function locate(file: ConfigFile, candidates: readonly FieldPath[]): string {
  let best: { missing: number; offset: number } | undefined;
  for (const path of candidates) {
    const found = deepestNode(file.document.contents, path);
    const missing = path.length - (found?.depth ?? 0);
    if (found !== undefined && (best === undefined || missing < best.missing)) best = { missing, offset: found.offset };
  }
  if (best === undefined) return ` (in ${file.path})`;
  const { line, col } = file.lines.linePos(best.offset);
  return ` (at ${file.path}:${line}:${col})`;
}

/** `locate` for an error line in the project's form, `<field.path>: <what is expected>`. */
export function locateLine(file: ConfigFile, line: string): string {
  const field = line.slice(0, line.indexOf(": "));
  return locate(file, [field.split(".").map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment))]);
}

/** The start of the key (or list item) deepest along `path`, and how many segments were found. */
function deepestNode(root: unknown, path: FieldPath): { depth: number; offset: number } | undefined {
  let node = root;
  let found: { depth: number; offset: number } | undefined;
  for (const [depth, segment] of path.entries()) {
    let next: { at: Node | null | undefined; value: unknown } | undefined;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (pair !== undefined) next = { at: pair.key as Node, value: pair.value };
    } else if (isSeq(node) && typeof segment === "number") {
      const item = node.items[segment];
      if (item !== undefined) next = { at: item as Node, value: item };
    }
    const offset = next?.at?.range?.[0];
    if (next === undefined || offset === undefined) break;
    found = { depth: depth + 1, offset };
    node = next.value;
  }
  return found;
}
