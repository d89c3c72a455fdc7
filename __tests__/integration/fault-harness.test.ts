// How the fault run (npm run e2e:faults) waits for a point in terraform's output before it sends
// its signal: with a stand-in for terraform that prints in pieces, as a pipe delivers them.
import { createWriteStream, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTerraform } from "../../scripts/e2e/faults/harness";

const dir = mkdtempSync(join(tmpdir(), "fault-harness-"));
const log = createWriteStream(join(dir, "terraform.log"));
afterAll(() => new Promise((done) => log.end(done)));

/** Runs `script` with bash in terraform's place (the harness appends -no-color: bash's $0). */
const standIn = (script: string) => startTerraform(dir, ["-c", script], log, { binary: "bash", env: process.env });

test("a pattern split across two writes counts once, and waiting resolves at the count asked for", async () => {
  const run = standIn('for i in 1 2 3; do printf "a: Creation com"; sleep 0.05; printf "plete\\n"; done; sleep 0.3; echo after');
  await run.printed(/Creation complete/, 3);
  expect(run.child.exitCode).toBeNull();
  expect((await run.done).output).toMatch(/after\n$/);
});

test("a waiter set up after the lines were printed still counts them", async () => {
  const run = standIn('printf "x: Creation complete\\nx: Creation complete\\n"; sleep 0.3');
  await new Promise((r) => setTimeout(r, 150));
  await run.printed(/Creation complete/, 2);
  await run.done;
});

test("waiting fails when the command ends before printing the pattern enough times", async () => {
  const run = standIn('echo "x: Creation complete"');
  await expect(run.printed(/Creation complete/, 2)).rejects.toThrow("ended before printing /Creation complete/ 2 times");
});
