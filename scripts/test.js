#!/usr/bin/env node
"use strict";
// npm test: the type-check (tsc --noEmit) and the jest synthesis tests side by side, so that the
// type-check uses a core jest leaves idle; fails when either fails. Arguments go to jest.
const { spawn } = require("node:child_process");

function run(script, args) {
  return new Promise((done) => {
    spawn(process.execPath, [require.resolve(script), ...args], { stdio: "inherit" }).on("close", (code) => done(code));
  });
}

Promise.all([run("typescript/bin/tsc", ["--noEmit"]), run("jest/bin/jest", process.argv.slice(2))]).then(([tsc, jest]) => {
  if (tsc !== 0) console.error("npm test: the type-check (tsc --noEmit) failed");
  process.exit(tsc === 0 && jest === 0 ? 0 : 1);
});
