import { Construct } from "constructs";
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";

export type PolicyStatement = DataAwsIamPolicyDocumentStatement;

/**
 * An IAM policy as an `aws_iam_policy_document` data source, so that scanners such as checkov
 * evaluate every statement (they cannot read policies passed as JSON strings).
 */
export function policyDocument(scope: Construct, id: string, statements: PolicyStatement[]): DataAwsIamPolicyDocument {
  return new DataAwsIamPolicyDocument(scope, id, { statement: statements });
}
