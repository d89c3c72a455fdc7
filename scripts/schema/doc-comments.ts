import { readFileSync } from "node:fs";
import ts from "typescript";

/**
 * The doc comments of the configuration schema's options, read from its source: each option's
 * description is written once, as the doc comment above it in src/config/*-schema.ts (where
 * TypeScript users see it too), and the JSON Schema and the configuration reference take it
 * from there. Options are keyed by the sorted option names of the object they belong to, which
 * is how a JSON Schema object is matched to the `z.strictObject({...})` it came from.
 */
export type OptionDocs = ReadonlyMap<string, Readonly<Record<string, string>>>;

/** Key of an object's doc comments: its option names, sorted. */
export function shapeKey(names: readonly string[]): string {
  return [...names].sort().join(",");
}

export function readOptionDocs(files: readonly string[]): OptionDocs {
  const docs = new Map<string, Record<string, string>>();
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && isObjectSchemaCall(node) && node.arguments.length > 0 && ts.isObjectLiteralExpression(node.arguments[0])) {
        const literal = node.arguments[0];
        const names: string[] = [];
        const described: Record<string, string> = {};
        for (const property of literal.properties) {
          if (!ts.isPropertyAssignment(property) || !ts.isIdentifier(property.name)) continue;
          names.push(property.name.text);
          const text = docText(property) ?? docOfReferencedSchema(property.initializer, source);
          if (text !== undefined) described[property.name.text] = text;
        }
        const key = shapeKey(names);
        if (docs.has(key)) throw new Error(`${file}: two schema objects with the options ${key}: their doc comments cannot be told apart`);
        docs.set(key, described);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return docs;
}

/** `z.object(...)` or `z.strictObject(...)`. */
function isObjectSchemaCall(call: ts.CallExpression): boolean {
  const callee = call.expression;
  return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === "z" && ["object", "strictObject"].includes(callee.name.text);
}

/** The text of the last `/** ... *\/` comment on a node, one line, or undefined. */
function docText(node: ts.Node): string | undefined {
  const comments = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  const comment = comments.at(-1)?.comment;
  if (comment === undefined) return undefined;
  const text = typeof comment === "string" ? comment : comment.map((part) => part.text).join("");
  return text.replace(/\s+/g, " ").trim();
}

/** A section written as `network: networkSchema.prefault({})` is described by the doc comment of `networkSchema`. */
function docOfReferencedSchema(initializer: ts.Expression, source: ts.SourceFile): string | undefined {
  let expression: ts.Expression = initializer;
  while (ts.isCallExpression(expression) && ts.isPropertyAccessExpression(expression.expression)) expression = expression.expression.expression;
  if (!ts.isIdentifier(expression)) return undefined;
  const name = expression.text;
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    if (statement.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === name)) return docText(statement);
  }
  return undefined;
}
