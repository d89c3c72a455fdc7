import { TerraformResource, TerraformStack } from "cdktf";
import { ImportConfig } from "../config/schema";

/**
 * Adds Terraform import blocks (`importFrom`) for resources that already exist, so the first
 * `terraform apply` adopts them instead of creating duplicates. Each import names its resource by
 * construct path (`database/instance`) or Terraform address, as listed in `addresses/*.txt`.
 * Returns one error line per import that names no resource of the stack.
 */
export function addImports(stack: TerraformStack, imports: readonly ImportConfig[]): string[] {
  const resources = stack.node.findAll().filter((c): c is TerraformResource => TerraformResource.isTerraformResource(c));
  const pathInStack = (r: TerraformResource) => r.node.path.slice(stack.node.path.length + 1);
  const errors: string[] = [];
  imports.forEach(({ resource, id }, index) => {
    const target = resources.find((r) => pathInStack(r) === resource || `${r.terraformResourceType}.${r.friendlyUniqueId}` === resource);
    if (target === undefined) {
      errors.push(`imports.${index}.resource: ${stack.node.id} has no resource ${resource} (addresses/*.txt lists each address and construct path)`);
    } else {
      target.importFrom(id);
    }
  });
  return errors;
}
