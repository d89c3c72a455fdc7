import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { Testing } from "cdktf";
import { parseDocument } from "yaml";
import { loadDeployments, parseDeployments } from "../src/config/deployments";
import { PROJECT_ROOT } from "../src/config/sources";
import { buildStacks, policyErrors } from "../src/stacks/build";
import { configJsonSchema, formatJsonSchema, JSON_SCHEMA_FILE } from "../scripts/schema/json-schema";
import { CONFIGURATION_DOC, renderReference, withReference } from "../scripts/schema/reference";

// The documentation is checked against the code, so that it cannot drift: every configuration
// snippet synthesizes, the generated reference and JSON Schema are current, the README's layout
// is the tree, and every link leads somewhere.

/** README.md and docs/*.md, relative to the project. */
const DOCUMENTS = [
  "README.md",
  ...readdirSync(join(PROJECT_ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];
/** Pages other work adds to docs/; linked from the README before they exist in every tree. */
const EXPECTED_PAGES = ["speed", "faults", "teardown", "releases", "cdk-terrain", "production"].map((name) => `docs/${name}.md`);
const MODELINE = /^# yaml-language-server: \$schema=(\S+)$/;

interface Snippet {
  readonly document: string;
  readonly line: number;
  readonly partial: boolean;
  readonly text: string;
}

/** Fenced ```yaml blocks (also indented ones, inside list items); ```yaml partial marks an excerpt. */
function yamlSnippets(document: string): Snippet[] {
  const lines = readFileSync(join(PROJECT_ROOT, document), "utf8").split("\n");
  const snippets: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\S*)(.*)$/.exec(lines[i]);
    if (open === null) continue;
    const end = lines.findIndex((l, j) => j > i && /^\s*```\s*$/.test(l));
    if (open[2] === "yaml") {
      const body = lines.slice(i + 1, end).map((l) => l.slice(open[1].length));
      snippets.push({ document, line: i + 1, partial: open[3].trim() === "partial", text: `${body.join("\n")}\n` });
    }
    i = end;
  }
  return snippets;
}

const snippets = DOCUMENTS.flatMap(yamlSnippets);

describe("configuration snippets in README.md and docs/*.md", () => {
  it("exist, and each starts with the yaml-language-server modeline pointing at the JSON Schema from where it is written", () => {
    expect(snippets.length).toBeGreaterThan(5);
    const wrong = snippets.filter((s) => {
      const target = MODELINE.exec(s.text.split("\n")[0])?.[1];
      return target === undefined || resolve(PROJECT_ROOT, dirname(s.document), target) !== join(PROJECT_ROOT, JSON_SCHEMA_FILE);
    });
    expect(wrong.map((s) => `${s.document}:${s.line}`)).toEqual([]);
  });

  // Each distinct snippet once: write it as a file and load it as the app does.
  const distinct = [...new Map(snippets.map((s) => [s.text, s])).values()];
  const dir = mkdtempSync(join(tmpdir(), "trustwrapper-snippets-"));

  it.each(distinct.filter((s) => !s.partial).map((s) => [`${s.document}:${s.line}`, s] as const))("%s synthesizes and passes the policy rules", (_where, snippet) => {
    const file = join(dir, `${snippet.document.replace(/\W/g, "_")}-${snippet.line}.yaml`);
    writeFileSync(file, snippet.text);
    const result = loadDeployments(file);
    if (!result.ok) throw new Error(result.errors.join("\n"));
    const stacks = buildStacks(Testing.app(), result.configs);
    expect(policyErrors(stacks)).toEqual([]);
    for (const stack of stacks) expect(Object.keys(JSON.parse(Testing.synth(stack)).resource ?? {}).length).toBeGreaterThan(0);
  });

  it("partial ones (excerpts) parse and pass the schema", () => {
    for (const snippet of distinct.filter((s) => s.partial)) {
      const document = parseDocument(snippet.text, { uniqueKeys: true });
      expect({ where: `${snippet.document}:${snippet.line}`, errors: document.errors.map((e) => e.message) }).toEqual({ where: `${snippet.document}:${snippet.line}`, errors: [] });
      const result = parseDeployments(document.toJS());
      expect({ where: `${snippet.document}:${snippet.line}`, errors: result.ok ? [] : result.errors }).toEqual({ where: `${snippet.document}:${snippet.line}`, errors: [] });
    }
  });

  it("every example starts with the modeline too", () => {
    const examples = readdirSync(join(PROJECT_ROOT, "examples")).filter((f) => /\.ya?ml$/.test(f));
    const first = examples.map((f) => [f, readFileSync(join(PROJECT_ROOT, "examples", f), "utf8").split("\n")[0]]);
    expect(first).toEqual(examples.map((f) => [f, `# yaml-language-server: $schema=../${JSON_SCHEMA_FILE}`]));
  });
});

describe("the generated configuration reference and JSON Schema (npm run schema)", () => {
  const { schema, undocumented } = configJsonSchema();

  it("every option has a doc comment in the schema", () => {
    expect(undocumented).toEqual([]);
  });

  it(`${JSON_SCHEMA_FILE} is current`, () => {
    expect(readFileSync(join(PROJECT_ROOT, JSON_SCHEMA_FILE), "utf8")).toBe(formatJsonSchema(schema));
  });

  it(`the reference in ${CONFIGURATION_DOC} is current`, () => {
    const doc = readFileSync(join(PROJECT_ROOT, CONFIGURATION_DOC), "utf8");
    expect(doc).toBe(withReference(doc, renderReference(schema)));
  });

  it("accepts a section left empty (all its options commented out), as the app does", () => {
    const sections = schema.properties ?? {};
    expect([sections.encryption?.type, sections.imports?.type, sections.network?.type]).toEqual([
      ["object", "null"],
      ["array", "null"],
      ["object", "null"],
    ]);
    expect(sections.project?.type).toBe("string");
  });

  it("describes each option with its type and default", () => {
    const reference = renderReference(schema);
    expect(reference).toContain('| `network.vpcCidr` | string (cidrv4) | `"10.0.0.0/16"` | The VPC\'s IPv4 range');
    expect(reference).toContain("| `backend.bucket (type: s3)` | string |  | Bucket of the state");
    expect(reference).toContain('| `environment` | one of `dev`, `staging`, `prod` | `"prod"` |');
  });
});

describe("the README's layout", () => {
  const readme = readFileSync(join(PROJECT_ROOT, "README.md"), "utf8");
  const section = /## Layout\n[\s\S]*?```\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
  /** The paths in the first column of each line (several separated by ", "). */
  const listed = section
    .split("\n")
    .filter((line) => line.trim() !== "")
    .flatMap((line) => line.split(/\s{2,}/)[0].split(/,\s*/))
    .map((path) => path.trim().replace(/\/$/, ""));

  it("names only paths that exist", () => {
    expect(listed.length).toBeGreaterThan(10);
    expect(listed.filter((path) => !existsSync(join(PROJECT_ROOT, path)))).toEqual([]);
  });

  it("names every top-level entry of the repository and every folder of src/ and scripts/", () => {
    const ignored = readFileSync(join(PROJECT_ROOT, ".gitignore"), "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "" && !l.startsWith("#"))
      .map((pattern) => new RegExp(`^${pattern.replace(/\/$/, "").replace(/\./g, "\\.").replace(/\*/g, ".*")}$`));
    const topLevel = readdirSync(PROJECT_ROOT).filter((name) => name !== ".git" && !ignored.some((p) => p.test(name)));
    const folders = ["src", "scripts"].flatMap((dir) =>
      readdirSync(join(PROJECT_ROOT, dir))
        .filter((name) => statSync(join(PROJECT_ROOT, dir, name)).isDirectory())
        .map((name) => `${dir}/${name}`),
    );
    // A top-level entry is named by itself or by a path inside it (.ci/run).
    const named = (path: string) => listed.some((l) => l === path || l.startsWith(`${path}/`));
    expect([...topLevel, ...folders].filter((path) => !named(path))).toEqual([]);
  });
});

describe("links in README.md and docs/*.md", () => {
  /** GitHub's anchor of a heading. */
  const slug = (heading: string) =>
    heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
  const anchors = (document: string) =>
    readFileSync(join(PROJECT_ROOT, document), "utf8")
      .replace(/```[\s\S]*?```/g, "")
      .split("\n")
      .filter((l) => /^#{1,6} /.test(l))
      .map((l) => slug(l.replace(/^#+ /, "")));

  it("lead to files that exist (or to the pages other work adds), and to headings that exist", () => {
    const broken: string[] = [];
    for (const document of DOCUMENTS) {
      const text = readFileSync(join(PROJECT_ROOT, document), "utf8").replace(/```[\s\S]*?```/g, "");
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target)) continue;
        const [path, anchor] = target.split("#");
        const file = path === "" ? document : relative(PROJECT_ROOT, resolve(PROJECT_ROOT, dirname(document), path));
        if (!existsSync(join(PROJECT_ROOT, file))) {
          if (!EXPECTED_PAGES.includes(file)) broken.push(`${document}: ${target}`);
        } else if (anchor !== undefined && file.endsWith(".md") && !anchors(file).includes(anchor)) {
          broken.push(`${document}: ${target} (no such heading)`);
        }
      }
    }
    expect(broken).toEqual([]);
  });
});
