// Writes trustwrapper.schema.json (the JSON Schema editors read through the examples'
// `yaml-language-server` modeline) and the generated reference in docs/configuration.md, both
// from the one zod schema and the doc comments of its options. Run it after changing an option
// and commit the result; `npm test` fails while either is stale.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../src/config/sources";
import { configJsonSchema, formatJsonSchema, JSON_SCHEMA_FILE } from "./schema/json-schema";
import { CONFIGURATION_DOC, renderReference, withReference } from "./schema/reference";

const { schema, undocumented } = configJsonSchema();
if (undocumented.length > 0) {
  console.error(`options without a doc comment in src/config/*schema.ts: ${undocumented.join(", ")}`);
  process.exit(1);
}
const docPath = join(PROJECT_ROOT, CONFIGURATION_DOC);
writeFileSync(join(PROJECT_ROOT, JSON_SCHEMA_FILE), formatJsonSchema(schema));
writeFileSync(docPath, withReference(readFileSync(docPath, "utf8"), renderReference(schema)));
console.log(`wrote ${JSON_SCHEMA_FILE} and the reference in ${CONFIGURATION_DOC}`);
