import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { root, synth } from "../app-command";

describe("the app command", () => {
  it("synthesizes the default configuration into one stack named after environment and region", () => {
    const result = synth();
    expect(result.status).toBe(0);
    expect(result.stacks).toEqual(["trustwrapper-prod-us-east-1"]);
    const json = JSON.parse(readFileSync(join(result.outdir, "stacks", result.stacks[0], "cdk.tf.json"), "utf8"));
    expect(Object.keys(json.resource)).toContain("aws_ecs_service");
  });

  it("rejects bad input with one line per problem naming the file, line and column, no stack trace and no stack written", () => {
    const result = synth(
      "architecture: kubernetes\nnetwork:\n  vpcCidr: 10.0.0/33\nservice:\n  desiredCount: 12\n  cpu: 512\n  memory: 512\n  containerPort: 70000\ndomain:\n  name: api.example.com\n",
    );
    expect(result.status).toBe(1);
    expect(result.stacks).toEqual([]);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toEqual([
      `config error: architecture: expected one of: container, serverless, hybrid${result.at(1, 1)}`,
      `config error: network.vpcCidr: expected an IPv4 CIDR such as 10.0.0.0/16${result.at(3, 3)}`,
      // A missing option: its section.
      `config error: domain.hostedZoneId: the domain api.example.com needs its Route53 hosted zone: set hostedZoneId or hostedZoneName${result.at(9, 1)}`,
      `config error: service.containerPort: expected a container port as a whole number from 1 to 65535${result.at(8, 3)}`,
      `config error: service.memory: 512 MiB is not a Fargate size for 512 CPU units; expected one of 1024, 2048, 3072, 4096${result.at(7, 3)}`,
      `config error: service.desiredCount: expected a count from scaling.minCount (2) to scaling.maxCount (10), got 12${result.at(5, 3)}`,
    ]);
  });

  it("synthesizes every example", () => {
    const examples = readdirSync(join(root, "examples")).filter((f) => /\.(ya?ml|json)$/.test(f));
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) {
      const result = synth(readFileSync(join(root, "examples", example), "utf8"));
      expect({ example, status: result.status, stderr: result.stderr }).toEqual({ example, status: 0, stderr: "" });
      expect(result.stacks).toHaveLength(1);
    }
  });
});
