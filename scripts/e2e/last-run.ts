// The wall time and result of the last whole `npm run e2e`, kept in e2e.last-run.json (gitignored)
// for `npm run bench` to report against the goal of docs/speed.md.
import { writeFileSync } from "node:fs";
import { join } from "node:path";

export const LAST_RUN_FILE = "e2e.last-run.json";

export interface LastRun {
  readonly date: string;
  readonly seconds: number;
  readonly stacks: number;
  readonly passed: number;
  readonly failed: number;
  readonly concurrency: number;
  readonly configs: readonly string[];
}

export function recordLastRun(root: string, run: LastRun): void {
  writeFileSync(join(root, LAST_RUN_FILE), `${JSON.stringify(run, null, 2)}\n`);
}
