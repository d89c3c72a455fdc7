// One row of `npm run e2e:faults`' table: a scenario, what was done to it, what Terraform did,
// what survived, its time, and the problems that fail it.
export interface FaultRow {
  scenario: string;
  done: string;
  terraform: string;
  survived: string;
  seconds: number;
  problems: string[];
  logs: string;
}

export function faultTable(rows: FaultRow[]): string {
  const header = ["scenario", "what was done", "what Terraform did", "what survived", "seconds", "result"];
  const cells = rows.map((r) => [r.scenario, r.done, r.terraform, r.survived, String(r.seconds), r.problems.length === 0 ? "ok" : "FAIL"]);
  return [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...cells.map((c) => `| ${c.join(" | ")} |`)].join("\n");
}

/** Runs a scenario's body, turning a thrown error into a problem and timing it. */
export async function timed(row: Omit<FaultRow, "seconds" | "problems" | "done" | "terraform" | "survived">, body: (row: FaultRow) => Promise<void>): Promise<FaultRow> {
  const started = Date.now();
  const full: FaultRow = { ...row, done: "-", terraform: "-", survived: "-", seconds: 0, problems: [] };
  try {
    await body(full);
  } catch (error) {
    full.problems.push(error instanceof Error ? error.message : String(error));
  }
  full.seconds = Math.round((Date.now() - started) / 1000);
  return full;
}
