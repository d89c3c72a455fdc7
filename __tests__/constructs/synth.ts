import { Testing } from "cdktf";
import { Construct } from "constructs";
import { AwsEnvironment } from "../../src/config/aws-environment";

/** Where the constructs under test deploy: a fixed region, partition and account. */
export const ENV: AwsEnvironment = { region: "eu-west-1", partition: "aws", accountId: "111122223333" };

/**
 * One construct (or a few) synthesized alone with `Testing.synthScope`: the JSON string for the
 * cdktf matchers, and the parsed blocks (`resource`, `data`) for what the matchers cannot say.
 */
export function synthConstruct(build: (scope: Construct) => void): { text: string; resources: Record<string, Record<string, any>>; data: Record<string, Record<string, any>> } {
  const text = Testing.synthScope(build);
  const json = JSON.parse(text);
  return { text, resources: json.resource ?? {}, data: json.data ?? {} };
}

/** The bodies of every resource of one type. */
export function bodies(resources: Record<string, Record<string, any>>, type: string): Record<string, any>[] {
  return Object.values(resources[type] ?? {});
}
