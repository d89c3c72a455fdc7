// Scenario "two pipelines at once" (docs/faults.md): two working directories of one stack share
// the S3 backend with use_lockfile; both apply at the same moment. One must stop on the lock with
// a message naming it, the state must hold the stack once, and the stopped one, run again, converges.
import { ScenarioStack, unaccounted } from "./harness";
import { errors } from "./interrupted";
import { FaultRow } from "./row";

export async function concurrentApplies(stack: ScenarioStack, row: FaultRow): Promise<void> {
  const second = stack.clone("second-pipeline");
  for (const dir of [stack.dir, second]) {
    if ((await stack.run(["init", "-input=false"], dir)).code !== 0) throw new Error(`terraform init failed in ${dir}`);
  }
  row.done = "two applies of one stack started together, same S3 state (use_lockfile)";
  const [first, other] = await Promise.all([stack.run(["apply", "-auto-approve", "-input=false"]), stack.run(["apply", "-auto-approve", "-input=false"], second)]);
  const winners = [first, other].filter((r) => r.code === 0);
  const losers = [first, other].filter((r) => r.code !== 0);
  const lockMessage = losers.every((r) => /Error acquiring the state lock/.test(r.output) && /Lock Info:\s+ID:/.test(r.output));
  if (winners.length !== 1 || !lockMessage) {
    row.problems.push(
      `expected one apply to succeed and the other to stop on the lock; got exits ${first.code} and ${other.code}: ${[...errors(first.output), ...errors(other.output)].join("; ")}`,
    );
  }
  const planned = Object.values(stack.document.resource ?? {}).reduce((n, group) => n + Object.keys(group).length, 0);
  const state = await stack.state();
  if (state.length !== planned) row.problems.push(`the state holds ${state.length} resources, the stack ${planned}`);
  // The stopped pipeline, run again, finds the work done.
  const loserDir = first.code === 0 ? second : stack.dir;
  const rerun = await stack.run(["apply", "-auto-approve", "-input=false"], loserDir);
  if (rerun.code !== 0 || !/Resources: 0 added, 0 changed, 0 destroyed/.test(rerun.output))
    row.problems.push(`the second pipeline's re-run did not converge to no changes (exit ${rerun.code})`);
  const extra = await unaccounted(stack, await stack.state());
  if (extra.length > 0) row.problems.push(`duplicates: ${extra.join("; ")}`);
  row.terraform = `one applied (exit 0), the other stopped: ${losers.map((r) => errors(r.output)[0] ?? `exit ${r.code}`).join("; ") || "(none stopped)"}; its re-run: ${rerun.code === 0 ? "no changes" : "failed"}`;
  row.survived = `state intact: ${state.length}/${planned} resources, ${extra.length === 0 ? "no duplicates" : extra.join(", ")}`;
}
