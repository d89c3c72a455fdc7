import { TerraformStack, TerraformVariable } from "cdktf";

/** Name of the Terraform variable of the container image: `terraform apply -var image=...`. */
export const IMAGE_VARIABLE = "image";

/** The repository part of an image reference: without its `:tag` and `@digest`. */
export function imageRepository(image: string): string {
  const withoutDigest = image.split("@")[0];
  const lastSlash = withoutDigest.lastIndexOf("/");
  const colon = withoutDigest.indexOf(":", lastSlash + 1);
  return colon === -1 ? withoutDigest : withoutDigest.slice(0, colon);
}

/**
 * The `image` variable of a stack that runs the API container: a release pipeline deploys a new
 * build with `terraform apply -var image=<repository>@sha256:<digest>` (or a Terraform Cloud
 * workspace variable) on the synthesized JSON, without editing the configuration. Its default is
 * `service.image`. Terraform refuses another repository than service.image's: the execution
 * role may pull from that one only.
 */
export function imageVariable(stack: TerraformStack, configuredImage: string): TerraformVariable {
  const repository = imageRepository(configuredImage);
  // Its construct ID leaves the name `image` to the output of the same value.
  const variable = new TerraformVariable(stack, "image-variable", {
    type: "string",
    nullable: false,
    default: configuredImage,
    description: `Container image of the API, in ${repository}; pin a digest (${repository}@sha256:...) so that each release is one exact build. Default service.image.`,
    validation: [
      {
        condition: `\${var.${IMAGE_VARIABLE} == "${repository}" || startswith(var.${IMAGE_VARIABLE}, "${repository}:") || startswith(var.${IMAGE_VARIABLE}, "${repository}@")}`,
        errorMessage: `Expected an image of ${repository} (the repository of service.image, which the task execution role may pull from), best with an @sha256: digest.`,
      },
    ],
  });
  variable.overrideLogicalId(IMAGE_VARIABLE);
  return variable;
}
