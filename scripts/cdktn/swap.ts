// The CDK Terrain (cdktn) swap as package.json edits, shared by `npm run cdktn:check` and its tests;
// docs/cdk-terrain.md shows the same lines for users.

/** The cdktn release the swap is tested with. */
export const CDKTN_VERSION = "0.24.0";
/** cdktn 0.24.0 wants `constructs >=10.6.0 <10.8.0`; the project pins 10.8.x for cdktf. */
export const CDKTN_CONSTRUCTS_VERSION = "10.7.2";
/** Node releases the job takes from the npm registry (`node-<platform>-<arch>` packages): cdktn-cli needs >= 22.19. */
export const NODE_VERSIONS = ["22.23.5", "24.22.3"] as const;

export interface PackageJson {
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  overrides?: Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * package.json with cdktf replaced by cdktn under the name `cdktf` (an npm alias, so imports and
 * `@cdktf/provider-aws`, whose peer is `cdktf ^0.21.0`, keep resolving to one framework copy) and
 * constructs inside cdktn's peer range. `cli: "cdktf"` is the alias path (cdktf CLI, Node 20);
 * `cli: "cdktn"` the rename path (cdktn-cli and `cdktn synth`, Node >= 22.19); `cli: "both"` is
 * the rename path with cdktf-cli kept, so that one install serves both paths in the check.
 */
export function cdktnPackageJson(pkg: PackageJson, cli: "cdktf" | "cdktn" | "both"): PackageJson {
  if (pkg.dependencies?.cdktf === undefined) throw new Error("package.json: dependencies.cdktf is missing");
  const devDependencies = { ...pkg.devDependencies };
  const cdktfCli = devDependencies["cdktf-cli"];
  if (cli === "cdktn") delete devDependencies["cdktf-cli"];
  if (cli !== "cdktf") devDependencies["cdktn-cli"] = CDKTN_VERSION;
  if (cli !== "cdktn" && cdktfCli === undefined) throw new Error("package.json: devDependencies.cdktf-cli is missing");
  const synth = pkg.scripts?.synth;
  if (synth === undefined || !/^cdkt[fn] /.test(synth)) throw new Error('package.json: scripts.synth must run the framework CLI ("cdktf synth")');
  return {
    ...pkg,
    scripts: { ...pkg.scripts, synth: synth.replace(/^cdkt[fn] /, cli === "cdktf" ? "cdktf " : "cdktn ") },
    dependencies: { ...pkg.dependencies, cdktf: `npm:cdktn@${CDKTN_VERSION}`, constructs: CDKTN_CONSTRUCTS_VERSION },
    devDependencies,
    overrides: { ...pkg.overrides, "@cdktf/provider-aws": { cdktf: "$cdktf" } },
  };
}
