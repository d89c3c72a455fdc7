import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { PROJECT_ROOT } from "../src/config/sources";

/** Every prop of every construct (`*Props` in src/constructs/) says what it is, and an optional one what happens without it. */
function propsDocs(): { prop: string; optional: boolean; doc: string }[] {
  const dir = join(PROJECT_ROOT, "src", "constructs");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".ts"))
    .flatMap((f) => {
      const source = ts.createSourceFile(f, readFileSync(join(dir, f), "utf8"), ts.ScriptTarget.Latest, true);
      return source.statements
        .filter((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text.endsWith("Props"))
        .flatMap((props) =>
          props.members.filter(ts.isPropertySignature).map((member) => ({
            prop: `${f}: ${props.name.text}.${member.name.getText(source)}`,
            optional: member.questionToken !== undefined,
            doc: ts
              .getJSDocCommentsAndTags(member)
              .map((d) => d.getText(source))
              .join("\n"),
          })),
        );
    });
}

describe("construct props", () => {
  const props = propsDocs();

  it("are found", () => {
    expect(props.length).toBeGreaterThan(150);
  });

  it("each have a doc comment", () => {
    expect(props.filter((p) => p.doc === "").map((p) => p.prop)).toEqual([]);
  });

  it("each optional one says its default (`Default ...` or `@default`)", () => {
    expect(props.filter((p) => p.optional && p.doc !== "" && !/\bDefault\b|@default/.test(p.doc)).map((p) => p.prop)).toEqual([]);
  });
});
