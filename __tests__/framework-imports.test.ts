import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../src/config/sources";

// What keeps the move to CDK Terrain (docs/cdk-terrain.md) a package.json edit: the code imports
// only the framework's public entry point `cdktf` (which the npm alias maps to cdktn) and its public
// Jest adapter (cdktn ships both), never internals under cdktf/lib/ that cdktn may lack or move, and
// never `cdktn` by name (a second copy of the framework beside the alias that @cdktf/provider-aws
// imports); and the framework CLI is named in one place, package.json's `synth` script, which
// every script and .ci/run call (the rename path swaps that one line to `cdktn synth`).

const JEST_ADAPTER = "cdktf/lib/testing/adapters/jest";
/** The swap tooling names both frameworks and both CLIs on purpose; this file plants what it refuses. */
const EXEMPT = /^(scripts\/cdktn-check\.ts|scripts\/cdktn\/|__tests__\/framework-imports\.test\.ts$)/;

function sourceFiles(dir: string): string[] {
  return readdirSync(join(PROJECT_ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((f) => /\.(ts|js)$/.test(f))
    .map((f) => join(dir, f));
}

const files = [...["src", "scripts", "__tests__"].flatMap(sourceFiles), "main.ts", join(".ci", "run")].filter((f) => !EXEMPT.test(f));

/** Module specifiers of static imports, re-exports, side-effect imports, require() and import(). */
function moduleSpecifiers(source: string): string[] {
  return [...source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["']([^"']+)["']/g)].map((m) => m[1]);
}

/** Why a specifier blocks the swap; undefined for the public API. */
function swapBlocker(specifier: string): string | undefined {
  if (specifier === JEST_ADAPTER) return undefined;
  if (specifier.startsWith("cdktf/")) return 'cdktf internals: import from "cdktf" (or its public Jest adapter)';
  if (specifier === "cdktn" || specifier.startsWith("cdktn/")) return 'cdktn by name: import "cdktf", which package.json maps to cdktn';
  return undefined;
}

/** Calls of the cdktf (or cdktn) CLI in code: spawn arguments, command strings, shell lines; not prose. */
function cliCalls(source: string): string[] {
  const code = source
    .split("\n")
    .filter((line) => !/^\s*(#|\/\/|\*|\/\*|echo )/.test(line))
    .join("\n");
  return [...code.matchAll(/["']cdkt[fn]["'],\s*["']synth["']|(?:^|["'`]|&&\s*|\s)npx\s+(?:--no-install\s+)?cdkt[fn]\b[^\n"'`]*/gm)].map((m) => m[0].trim());
}

function offenders(find: (source: string) => string[]): string[] {
  return files.flatMap((file) => find(readFileSync(join(PROJECT_ROOT, file), "utf8")).map((found) => `${file}: ${found}`));
}

describe("nothing in the code blocks the move to CDK Terrain", () => {
  test("refuses planted imports of cdktf internals and of cdktn, and direct CLI calls", () => {
    const planted = [
      'import { Manifest } from "cdktf/lib/manifest";',
      'const { Aspects } = require("cdktf/lib/aspect");',
      'export * from "cdktf/lib/tokens";',
      'import { App } from "cdktn";',
      'import "cdktf/lib/testing/adapters/jest";',
      'import { Testing } from "cdktf";',
    ].join("\n");
    expect(moduleSpecifiers(planted).filter((s) => swapBlocker(s) !== undefined)).toEqual(["cdktf/lib/manifest", "cdktf/lib/aspect", "cdktf/lib/tokens", "cdktn"]);
    const calls = [
      'spawnSync("npx", ["--no-install", "cdktf", "synth"]);',
      "  npx --no-install cdktf synth --output x",
      "# npx cdktf synth, a comment",
      'fail("run npm run synth")',
    ];
    expect(cliCalls(calls.join("\n"))).toEqual(['"cdktf", "synth"', "npx --no-install cdktf synth --output x"]);
  });

  test("src/, scripts/, __tests__/ and main.ts import only the framework's public API", () => {
    expect(offenders((source) => moduleSpecifiers(source).flatMap((s) => (swapBlocker(s) ? [`${s}: ${swapBlocker(s)}`] : [])))).toEqual([]);
  });

  test("scripts and .ci/run call the framework CLI only through npm run synth", () => {
    expect(offenders(cliCalls)).toEqual([]);
  });

  test("package.json names the framework package (dependencies.cdktf) and its CLI (scripts.synth)", () => {
    const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8"));
    expect(pkg.dependencies.cdktf).toMatch(/^(0\.21\.\d+|npm:cdktn@\S+)$/);
    expect(pkg.scripts.synth).toMatch(/^cdkt[fn] synth$/);
  });
});
