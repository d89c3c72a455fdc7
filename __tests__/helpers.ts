import "cdktf/lib/testing/adapters/jest";
import { Construct } from "constructs";
import { ServiceRole } from "../src/constructs/service-role";
import { Testing, TerraformResource } from "cdktf";
import { parseConfig } from "../src/config/load";
import { TrustWrapperConfig, TrustWrapperConfigInput } from "../src/config/schema";
import { ContainerStack } from "../src/stacks/container-stack";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { EncryptionKey } from "../src/constructs/encryption-key";
import { Network } from "../src/constructs/network";
import { stackName, TrustWrapperStack } from "../src/stacks/trustwrapper-stack";
import { TerraformDocument } from "../src/terraform/synthesized";

/** A validated configuration; fails the test with the error lines when the input is invalid. */
export function config(input: TrustWrapperConfigInput = {}): TrustWrapperConfig {
  const result = parseConfig(input);
  if (!result.ok) throw new Error(`invalid test configuration:\n${result.errors.join("\n")}`);
  return result.config;
}

/** Terraform JSON as users get it, parsed, with helpers to find resources. */
export interface Synthesized {
  readonly stack: ContainerStack;
  /** The JSON string, for the cdktf matchers. */
  readonly text: string;
  readonly json: TerraformJson;
}

export interface TerraformJson {
  resource: Record<string, Record<string, Record<string, any>>>;
  data: Record<string, Record<string, Record<string, any>>>;
  output: Record<string, Record<string, any>>;
  terraform: Record<string, any>;
  provider: Record<string, any[]>;
  variable: Record<string, Record<string, any>>;
}

export function synthContainer(input: TrustWrapperConfigInput = {}): Synthesized {
  return synthStack(ContainerStack, input);
}

/** Stacks a test file already synthesized, by class and input: synthesis is most of a test's time. */
const synthesized = new Map<string, { stack: TrustWrapperStack; text: string }>();

/**
 * A stack of any architecture, synthesized as users get it. The stack is shared by every call with
 * the same class and input in a test file (no test adds to it); the parsed JSON is each caller's own.
 */
export function synthStack<S extends TrustWrapperStack>(
  Stack: new (scope: Construct, id: string, config: TrustWrapperConfig) => S,
  input: TrustWrapperConfigInput = {},
): { stack: S; text: string; json: TerraformJson } {
  const key = `${Stack.name} ${JSON.stringify(input)}`;
  let done = synthesized.get(key);
  if (done === undefined) {
    const cfg = config(input);
    const stack = new Stack(Testing.app(), stackName(cfg), cfg);
    done = { stack, text: Testing.synth(stack) };
    synthesized.set(key, done);
  }
  return { stack: done.stack as S, text: done.text, json: JSON.parse(done.text) };
}

/** The statements of a role's inline policy, by Sid. */
export function roleStatements(json: TerraformJson, role: ServiceRole): Record<string, any> {
  const policy = Object.values(resourcesOf(json, "aws_iam_role_policy")).find((p) => p.role === ref(role.role, "id"));
  if (!policy) throw new Error("role has no inline policy");
  return Object.fromEntries(policyStatements(json, policy.policy).map((statement: any) => [statement.sid, statement]));
}

/** All resources of one Terraform type, by logical name. */
export function resourcesOf(json: TerraformJson, type: string): Record<string, Record<string, any>> {
  return json.resource[type] ?? {};
}

/** The body of the one resource of `type` (fails when there are none or several). */
export function onlyResource(json: TerraformJson, type: string): Record<string, any> {
  const all = Object.values(resourcesOf(json, type));
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0];
}

/** The body of the resource a construct emitted. */
export function bodyOf(json: TerraformJson, resource: TerraformResource): Record<string, any> {
  const body = json.resource[resource.terraformResourceType]?.[resource.friendlyUniqueId];
  if (body === undefined) throw new Error(`${address(resource)} is not in the synthesized stack`);
  return body;
}

/** The resource's Terraform address, e.g. `aws_vpc.network_vpc_1A2B3C4D`. */
export function address(resource: TerraformResource): string {
  return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
}

/** A Terraform reference to an attribute of a resource: `${aws_x.name.attr}`. */
export function ref(resource: TerraformResource, attribute: string): string {
  return `\${${address(resource)}.${attribute}}`;
}

/** The parsed JSON of the ECS task definition's containers. */
export function containerDefinitions(json: TerraformJson): any[] {
  return JSON.parse(onlyResource(json, "aws_ecs_task_definition").container_definitions);
}

/** The statements of a synthesized `aws_iam_policy_document`, looked up by the reference a role policy holds. */
export function policyStatements(json: TerraformJson, policyReference: string): any[] {
  const match = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(policyReference);
  if (!match) throw new Error(`not a policy document reference: ${policyReference}`);
  return json.data.aws_iam_policy_document[match[1]].statement;
}

/** The KMS key the stack created (fails when it adopted an existing one). */
export function stackKey(stack: TrustWrapperStack): KmsKey {
  if (!(stack.encryptionKey instanceof EncryptionKey)) throw new Error("the stack adopted an existing KMS key");
  return stack.encryptionKey.key;
}

/** The VPC the stack created (fails when it adopted an existing one). */
export function createdNetwork(stack: ContainerStack): Network {
  if (!(stack.tier.network instanceof Network)) throw new Error("the stack adopted an existing VPC");
  return stack.tier.network;
}

/** Every resource and data-source address of a stack's Terraform JSON. */
export function addressesOf(json: TerraformDocument): string[] {
  const of = (prefix: string, blocks: TerraformDocument["resource"]) =>
    Object.entries(blocks ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${prefix}${type}.${name}`));
  return [...of("", json.resource), ...of("data.", json.data)].sort();
}
