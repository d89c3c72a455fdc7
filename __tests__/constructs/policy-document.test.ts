import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { TerraformOutput } from "cdktf";
import { policyDocument, PolicyStatement } from "../../src/constructs/policy-document";
import { synthConstruct } from "./synth";

const STATEMENTS: PolicyStatement[] = [
  { sid: "ReadSecret", actions: ["secretsmanager:GetSecretValue"], resources: ["arn:aws:secretsmanager:eu-west-1:111122223333:secret:tw-test-AbCdEf"] },
  {
    sid: "DenyInsecureTransport",
    effect: "Deny",
    actions: ["s3:*"],
    resources: ["*"],
    principals: [{ type: "*", identifiers: ["*"] }],
    condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
  },
];

describe("policyDocument", () => {
  it("is an aws_iam_policy_document data source (readable by scanners) with every statement, in order, as given", () => {
    const { text, data } = synthConstruct((scope) => {
      const document = policyDocument(scope, "policy", STATEMENTS);
      new TerraformOutput(scope, "json", { value: document.json });
    });
    expect(text).toHaveDataSourceWithProperties(DataAwsIamPolicyDocument, {
      statement: [
        { sid: "ReadSecret", actions: ["secretsmanager:GetSecretValue"], resources: [STATEMENTS[0].resources![0]] },
        {
          sid: "DenyInsecureTransport",
          effect: "Deny",
          actions: ["s3:*"],
          resources: ["*"],
          principals: [{ type: "*", identifiers: ["*"] }],
          condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        },
      ],
    });
    const [id] = Object.keys(data.aws_iam_policy_document);
    expect(JSON.parse(text).output.json.value).toBe(`\${data.aws_iam_policy_document.${id}.json}`);
  });
});
