import { join } from "node:path";
import { Testing } from "cdktf";
import { ARCHITECTURES, TrustWrapperConfigInput } from "../../src/config/schema";
import { buildStack } from "../../src/stacks/build";
import { stackName } from "../../src/stacks/trustwrapper-stack";
import { config } from "../helpers";
import { terraformForTests } from "../terraform";

// Real `terraform init` + `terraform validate` on what we emit. Needs the terraform binary (and
// the provider, from the local mirror or the registry); skipped, with this message, without it.
const { itWithTerraform, validateWithTerraform } = terraformForTests("terraform validate tests");

// The longest names the schema accepts (20-character project, staging, the longest region name):
// bucket prefixes, IAM role and web ACL names at their longest, checked by the AWS provider itself.
const longestNames = (architecture: (typeof ARCHITECTURES)[number]): [string, TrustWrapperConfigInput] => [
  `the longest names, ${architecture}`,
  {
    architecture,
    project: "abcdefghij-klmnopqrs",
    environment: "staging",
    region: "ap-southeast-7",
    ...(architecture === "container" ? {} : { serverless: { function: { code: { s3Bucket: "code-bucket", s3Key: "app.zip" }, warmup: {} } } }),
  },
];

const cases: Array<[string, TrustWrapperConfigInput]> = [
  ...ARCHITECTURES.map(longestNames),
  ["the default configuration", {}],
  [
    "dev with a NAT gateway per zone, 3 zones and a hosted zone ID",
    {
      environment: "dev",
      network: { natGateways: "perAz", availabilityZones: 3 },
      domain: { name: "api.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" },
      cache: { nodes: 2 },
      observability: { alarmEmail: "ops@example.com" },
    },
  ],
  [
    "an adoption into an existing estate: S3 state, existing VPC, certificate, secret and KMS key, import blocks",
    {
      backend: { type: "s3", bucket: "acme-terraform-state", dynamodbTable: "terraform-locks" },
      costCenter: "ai-platform",
      network: {
        existingVpc: {
          vpcId: "vpc-0123456789abcdef0",
          publicSubnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"],
          privateSubnetIds: ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"],
        },
      },
      domain: {
        name: "api.example.com",
        hostedZoneId: "Z0123456789ABCDEFGHIJ",
        certificateArn: "arn:aws:acm:us-east-1:111122223333:certificate/0a1b2c3d-1111-2222-3333-444455556666",
      },
      secrets: { existingApiKeysSecretArn: "arn:aws:secretsmanager:us-east-1:111122223333:secret:shared/keys-AbCdEf" },
      encryption: { existingKmsKeyArn: "arn:aws:kms:us-east-1:111122223333:key/0a1b2c3d-aaaa-4bbb-9ccc-ddddeeeeffff" },
      imports: [{ resource: "database/instance", id: "trustwrapper-prod-database" }],
    },
  ],
  ["Terraform Cloud with tagged workspaces", { backend: { type: "cloud", organization: "acme", workspaceTags: ["trustwrapper"] } }],
  // The shipped serverless and hybrid examples are validated by CI; these are the variants they do not show.
  [
    "hybrid outside us-east-1 (a second KMS key beside the web ACL), a container image, warm-up and SageMaker",
    {
      architecture: "hybrid",
      region: "eu-west-1",
      environment: "dev",
      serverless: { function: { code: { imageUri: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/trustwrapper:1.0" }, warmup: {}, sagemakerEndpoints: ["verifier"] } },
    },
  ],
  [
    "serverless without the account logging role or a custom domain",
    {
      architecture: "serverless",
      serverless: { function: { code: { s3Bucket: "my-artifacts", s3Key: "lambda.zip" } }, api: { manageAccountLoggingRole: false } },
    },
  ],
  // Account pinning (accounts.test.ts).
  [
    "a hybrid stack pinned to an account through a role, with its state behind a role in a central account",
    {
      architecture: "hybrid",
      serverless: { function: { code: { s3Bucket: "code-bucket", s3Key: "app.zip" } } },
      region: "eu-west-1",
      account: { id: "444455556666", roleArn: "arn:aws:iam::444455556666:role/terraform", externalId: "ci-pipeline", sessionName: "trustwrapper-deploy" },
      backend: { type: "s3", bucket: "acme-central-state", region: "us-east-1", roleArn: "arn:aws:iam::999988887777:role/state", profile: "central" },
    },
  ],
  // The cost options (cost-tips.test.ts).
  [
    "a dev stack on Fargate Spot with a monthly budget",
    { environment: "dev", service: { spot: { enabled: true } }, observability: { alarmEmail: "ops@example.com", budget: { enabled: true } } },
  ],
];

describe("terraform validate", () => {
  itWithTerraform.each(cases)(
    "accepts %s",
    (_name, input) => {
      const cfg = config(input);
      const stack = buildStack(Testing.app(), cfg);
      const outdir = Testing.fullSynth(stack);
      const cwd = join(outdir, "stacks", stackName(cfg));
      const report = validateWithTerraform(cwd);
      expect(report.diagnostics).toEqual([]);
      expect(report.valid).toBe(true);
    },
    120_000,
  );
});
