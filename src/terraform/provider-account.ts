import { AwsProviderConfig } from "@cdktf/provider-aws/lib/provider";
import { AccountConfig } from "../config/account-schema";

/**
 * What every AWS provider of a stack (each region's alias too) gets from `account`: the one
 * account it may act in (the provider stops before any call when the credentials, or the assumed
 * role, belong to another), and the role to assume there.
 */
export function providerAccount(account: AccountConfig | undefined): Pick<AwsProviderConfig, "allowedAccountIds" | "assumeRole"> {
  if (account === undefined) return {};
  const { id, roleArn, externalId, sessionName } = account;
  return {
    allowedAccountIds: [id],
    ...(roleArn === undefined ? {} : { assumeRole: [{ roleArn, externalId, sessionName }] }),
  };
}
