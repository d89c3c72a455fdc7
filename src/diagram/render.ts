import { StackEstimate } from "../cost/estimate";
import { TerraformDocument } from "../terraform/synthesized";
import { architectureDot, buildArchitecture } from "./architecture";
import { buildGraph, toDot } from "./graph";

/**
 * SVG of a stack's picture, laid out by Graphviz compiled to WebAssembly
 * (@hpcc-js/wasm-graphviz): it runs inside Node, with no browser and no network. The default is
 * the architecture (components, traffic, cost from `estimate`); `detail` draws every resource.
 */
export async function renderSvg(json: TerraformDocument, title: string, options: { readonly detail?: boolean; readonly estimate?: StackEstimate } = {}): Promise<string> {
  // The package is ES-module only; a dynamic import loads it from this CommonJS code.
  const { Graphviz } = await import("@hpcc-js/wasm-graphviz");
  const graphviz = await Graphviz.load();
  const dot = options.detail ? toDot(buildGraph(json), title) : architectureDot(buildArchitecture(json, options.estimate), title);
  return graphviz.dot(dot, "svg");
}

/** The picture's file name (without .svg): the configuration's name, or with several stacks `<name>-<stack>`. */
export function diagramName(sourceName: string, stack: string, stacksInSource: number): string {
  return stacksInSource === 1 ? sourceName : `${sourceName}-${stack}`;
}
