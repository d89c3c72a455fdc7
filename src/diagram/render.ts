import { TerraformDocument } from "../synthesized";
import { buildGraph, toDot } from "./graph";

/**
 * SVG of a stack's resource graph, laid out by Graphviz compiled to WebAssembly
 * (@hpcc-js/wasm-graphviz): it runs inside Node, with no browser and no network.
 */
export async function renderSvg(json: TerraformDocument, title: string): Promise<string> {
  // The package is ES-module only; a dynamic import loads it from this CommonJS code.
  const { Graphviz } = await import("@hpcc-js/wasm-graphviz");
  const graphviz = await Graphviz.load();
  return graphviz.dot(toDot(buildGraph(json), title), "svg");
}

/** The picture's file name (without .svg): the configuration's name, or with several stacks `<name>-<stack>`. */
export function diagramName(sourceName: string, stack: string, stacksInSource: number): string {
  return stacksInSource === 1 ? sourceName : `${sourceName}-${stack}`;
}
