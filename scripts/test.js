#!/usr/bin/env node
"use strict";
// npm test: the linter and formatter check (biome check), the type-check (tsc --noEmit) and the jest
// synthesis tests side by side, so that the checks use a core jest leaves idle; fails when any fails.
// Arguments go to jest.
const { spawn } = require("node:child_process");

function run(script, args) {
  return new Promise((done) => {
    spawn(process.execPath, [require.resolve(script), ...args], { stdio: "inherit" }).on("close", (code) => done(code));
  });
}

Promise.all([run("@biomejs/biome/bin/biome", ["check"]), run("typescript/bin/tsc", ["--noEmit"]), run("jest/bin/jest", process.argv.slice(2))]).then(([lint, tsc, jest]) => {
  if (lint !== 0) console.error("npm test: the linter or formatter check (biome check) failed: npm run format fixes the layout");
  if (tsc !== 0) console.error("npm test: the type-check (tsc --noEmit) failed");
  process.exit(lint === 0 && tsc === 0 && jest === 0 ? 0 : 1);
});
