import { repairHcl } from "../src/terraform/hcl-repair";

// The shapes cdktf 0.21's HCL renderer writes, and what Terraform needs instead.
const broken = [
  "terraform {",
  "  required_providers {",
  "  }",
  '  0 = "required_version"',
  "}",
  'resource "aws_ecs_service" "svc" {',
  '  name = "api"',
  '  container_definitions = "[{" name ":" api "," log ":" $ { aws_cloudwatch_log_group.logs.name } "}]"',
  "  depends_on = [",
  '    "aws_lb_listener.https",',
  "  ]",
  "  lifecycle {",
  "    ignore_changes = [",
  '      "desired_count",',
  "    ]",
  "  }",
  "}",
].join("\n");

const json = {
  terraform: { required_version: ">= 1.5.0" },
  ephemeral: { aws_secretsmanager_random_password: { "origin-verify": { password_length: 64, exclude_punctuation: true } } },
  resource: { aws_ecs_service: { svc: { name: "api", container_definitions: '[{"name":"api","log":"${aws_cloudwatch_log_group.logs.name}","x":"%{y}"}]' } } },
};

describe("repairHcl", () => {
  const report = repairHcl(broken, json);

  it("rewrites a mangled JSON attribute as a heredoc of the JSON synth's value, escaping template directives", () => {
    expect(report.hcl).toContain(["  container_definitions = chomp(<<EOT", '[{"name":"api","log":"${aws_cloudwatch_log_group.logs.name}","x":"%%{y}"}]', "EOT", "  )"].join("\n"));
    expect(report.jsonAttributes).toBe(1);
  });

  it("turns quoted depends_on and ignore_changes entries into references", () => {
    expect(report.hcl).toContain("    aws_lb_listener.https,");
    expect(report.hcl).toContain("      desired_count,");
    expect(report.references).toBe(2);
  });

  it("restores terraform settings from the JSON and leaves everything else alone", () => {
    expect(report.hcl).toContain('  required_version = ">= 1.5.0"');
    expect(report.hcl).not.toContain('0 = "required_version"');
    expect(report.terraformAttributes).toBe(1);
    expect(report.hcl).toContain('  name = "api"');
    expect(report.hcl.split("\n")).toHaveLength(broken.split("\n").length + 3 + 5);
  });

  it("appends the ephemeral blocks the HCL renderer leaves out", () => {
    expect(
      report.hcl.endsWith(['ephemeral "aws_secretsmanager_random_password" "origin-verify" {', "  password_length = 64", "  exclude_punctuation = true", "}", ""].join("\n")),
    ).toBe(true);
    expect(report.ephemeralBlocks).toBe(1);
    expect(repairHcl(report.hcl, json).ephemeralBlocks).toBe(0);
  });

  it("turns a list of objects the bindings left untyped (a WAF rule's statement) into nested blocks, without cdktf's warning", () => {
    const waf = [
      'resource "aws_wafv2_web_acl" "acl" {',
      "  rule {",
      '    name     = "common"',
      "",
      "    # Warning: The following attribute is of an unexpected type. Either there's a problem with the provider",
      "    # ",
      "    # We understand this is not ideal, so we suggest using JSON synthesis instead of HCL synthesis for this particular case.",
      "",
      "    statement = [",
      "      {",
      "        managed_rule_group_statement = [",
      "          {",
      '            name        = "AWSManagedRulesCommonRuleSet"',
      "            rule_action_override = [",
      "              {",
      "                action_to_use = [",
      "                  {",
      "                    count = [",
      "                      {",
      "                      },",
      "                    ]",
      "                  },",
      "                ]",
      "              },",
      "            ]",
      "          },",
      "        ]",
      "      },",
      "    ]",
      "",
      "    visibility_config {",
      "    }",
      "  }",
      "}",
    ].join("\n");
    const repaired = repairHcl(waf, {});
    expect(repaired.blockLists).toBe(1);
    expect(repaired.hcl).toBe(
      [
        'resource "aws_wafv2_web_acl" "acl" {',
        "  rule {",
        '    name     = "common"',
        "    statement {",
        "      managed_rule_group_statement {",
        '        name = "AWSManagedRulesCommonRuleSet"',
        "        rule_action_override {",
        "          action_to_use {",
        "            count {",
        "            }",
        "          }",
        "        }",
        "      }",
        "    }",
        "",
        "    visibility_config {",
        "    }",
        "  }",
        "}",
      ].join("\n"),
    );
  });
});
