// The release flow of docs/production.md on the emulator, after the checks of a container stack:
// `terraform apply -var image=<repository>@sha256:<digest>` on the applied stack must replace the
// task definition by exactly one new revision running that image and update the service to it,
// and change nothing else; a re-plan with the same variable must find nothing to do (the release
// is not reverted); an image of another repository is refused before anything is planned.
import { createHash } from "node:crypto";
import { DescribeServicesCommand, DescribeTaskDefinitionCommand, ListTaskDefinitionsCommand } from "@aws-sdk/client-ecs";
import { TrustWrapperConfig } from "../../src/config/schema";
import { IMAGE_VARIABLE, imageRepository } from "../../src/stacks/image-variable";
import { Clients } from "./clients";

export interface ReleaseRun {
  /** Runs terraform in the stack's directory (with -no-color), as scripts/e2e.ts does. */
  readonly tf: (...args: string[]) => Promise<{ code: number; stdout: string }>;
  readonly config: TrustWrapperConfig;
  readonly clients: Clients;
  /** The stack's outputs after apply (cluster_name, service_name). */
  readonly outputs: Record<string, unknown>;
}

interface PlannedChange {
  address: string;
  type: string;
  change: { actions: string[] };
}

/** Problems of the release, one line each; none when it behaved as documented. */
export async function imageRelease({ tf, config, clients, outputs }: ReleaseRun): Promise<string[]> {
  const problems: string[] = [];
  const cluster = String(outputs.cluster_name);
  const service = String(outputs.service_name);
  const before = await deployed(clients, cluster, service);
  const release = `${imageRepository(config.service.image)}@sha256:${createHash("sha256").update("e2e release").digest("hex")}`;
  const variable = (image: string) => ["-var", `${IMAGE_VARIABLE}=${image}`];

  // -refresh=false: neither plan needs the state re-read (the stack's re-plan has just found no drift); refreshing its
  // hundred resources is most of a plan's time on the emulator. The re-plan after the release refreshes.
  const elsewhere = await tf("plan", "-input=false", "-refresh=false", ...variable("elsewhere.example.com/other:1"));
  if (elsewhere.code === 0) problems.push("an image of another repository than service.image's was accepted");

  if ((await tf("plan", "-input=false", "-refresh=false", ...variable(release), "-out=release.tfplan")).code !== 0)
    return [...problems, "terraform plan with the image variable failed (see the log)"];
  const plan = JSON.parse((await tf("show", "-json", "release.tfplan")).stdout) as { resource_changes?: PlannedChange[] };
  const changes = (plan.resource_changes ?? []).filter((r) => !r.change.actions.every((a) => a === "no-op" || a === "read"));
  const expected = (r: PlannedChange) =>
    (r.type === "aws_ecs_task_definition" && [...r.change.actions].sort().join("/") === "create/delete") ||
    (r.type === "aws_ecs_service" && r.change.actions.join("/") === "update");
  const unexpected = changes.filter((r) => !expected(r));
  if (unexpected.length > 0 || changes.length !== 2) {
    problems.push(
      `the release plans ${changes.map((r) => `${r.address} (${r.change.actions.join("/")})`).join(", ")}; expected only the task definition replaced and the service updated`,
    );
  }
  if ((await tf("apply", "-auto-approve", "-input=false", "release.tfplan")).code !== 0) return [...problems, "terraform apply of the release failed (see the log)"];

  const after = await deployed(clients, cluster, service);
  if (after.revision !== before.revision + 1) problems.push(`the service runs revision ${after.revision} of ${after.family}, expected ${before.revision + 1} (one new revision)`);
  if (after.image !== release) problems.push(`the service's task definition runs ${after.image}, expected ${release}`);
  const revisions = (await clients.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: before.family, status: "ACTIVE" }))).taskDefinitionArns ?? [];
  if (revisions.length !== 1 || revisions[0] !== after.taskDefinitionArn)
    problems.push(`active revisions of ${before.family}: ${revisions.join(", ")}; expected only the released one`);

  const replan = await tf("plan", "-detailed-exitcode", "-input=false", ...variable(release));
  if (replan.code !== 0) problems.push(`a re-plan with the released image ${replan.code === 2 ? "would change the stack" : "failed"} (see the log)`);
  return problems.map((p) => `image release: ${p}`);
}

async function deployed(clients: Clients, cluster: string, service: string) {
  const { services } = await clients.ecs.send(new DescribeServicesCommand({ cluster, services: [service] }));
  const taskDefinitionArn = services?.[0]?.taskDefinition;
  if (taskDefinitionArn === undefined) throw new Error(`image release: the service ${service} of ${cluster} has no task definition`);
  const { taskDefinition } = await clients.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: taskDefinitionArn }));
  return {
    taskDefinitionArn,
    family: String(taskDefinition?.family),
    revision: Number(taskDefinition?.revision),
    image: taskDefinition?.containerDefinitions?.[0]?.image,
  };
}
