import { CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, TaggedCloudWorkspaces, TerraformStack } from "cdktf";
import { BackendConfig, STACK_PLACEHOLDER } from "../config/backend-schema";

/** How deep a stack's working directory is below the project: `cdktf.out/stacks/<stack>`. */
const PROJECT_FROM_STACK_DIRECTORY = "../../..";

/**
 * Adds the configured state backend to a stack and returns the oldest Terraform version it
 * needs. `{stack}` in keys, paths and workspace names becomes the stack's name, so several
 * stacks of one configuration never share a state.
 */
export function addBackend(stack: TerraformStack, backend: BackendConfig, stackName: string, stackRegion: string): string {
  const perStack = (value: string) => value.split(STACK_PLACEHOLDER).join(stackName);
  switch (backend.type) {
    case "local":
      // Relative to cdktf.out/stacks/<stack>: the same file whichever machine synthesized.
      new LocalBackend(stack, { path: `${PROJECT_FROM_STACK_DIRECTORY}/${perStack(backend.path)}` });
      return "1.5.0";
    case "s3": {
      const s3 = new S3Backend(stack, {
        bucket: backend.bucket,
        key: perStack(backend.key),
        region: backend.region ?? stackRegion,
        encrypt: backend.encrypt,
        kmsKeyId: backend.kmsKeyId,
        dynamodbTable: backend.dynamodbTable,
        profile: backend.profile,
        // The assume_role block (Terraform >= 1.6), not the deprecated top-level role_arn.
        assumeRole: backend.roleArn === undefined ? undefined : { roleArn: backend.roleArn, externalId: backend.externalId },
      });
      if (!backend.useLockfile) return backend.roleArn === undefined ? "1.5.0" : "1.6.0";
      // cdktf 0.21 has no typed `use_lockfile`; S3-native locking arrived in Terraform 1.10.
      s3.addOverride("use_lockfile", true);
      return "1.10.0";
    }
    case "cloud":
      new CloudBackend(stack, {
        organization: backend.organization,
        hostname: backend.hostname,
        workspaces:
          backend.workspaceTags !== undefined
            ? new TaggedCloudWorkspaces(backend.workspaceTags, backend.project)
            : new NamedCloudWorkspace(perStack(backend.workspace ?? STACK_PLACEHOLDER), backend.project),
      });
      return "1.5.0";
  }
}
