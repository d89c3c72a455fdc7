import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { USER_INDEX_NAME, VerificationTable } from "../../src/constructs/verification-table";
import { synthConstruct } from "./synth";

const KEY = "arn:aws:kms:eu-west-1:111122223333:key/k";

describe("VerificationTable", () => {
  it("is the guide's on-demand table keyed by id, with user_id_index, encrypted with the stack's key and restorable to any second", () => {
    const { text } = synthConstruct((scope) => new VerificationTable(scope, "table", { name: "tw-test-verifications", kmsKeyArn: KEY }));
    expect(text).toHaveResourceWithProperties(DynamodbTable, {
      name: "tw-test-verifications",
      billing_mode: "PAY_PER_REQUEST",
      hash_key: "id",
      global_secondary_index: [{ name: USER_INDEX_NAME, hash_key: "user_id", projection_type: "ALL" }],
      point_in_time_recovery: { enabled: true },
      server_side_encryption: { enabled: true, kms_key_arn: KEY },
      deletion_protection_enabled: false,
    });
  });

  it("refuses deletion when protected", () => {
    const { text } = synthConstruct((scope) => new VerificationTable(scope, "table", { name: "t", kmsKeyArn: KEY, deletionProtection: true }));
    expect(text).toHaveResourceWithProperties(DynamodbTable, { deletion_protection_enabled: true });
  });

  it("grants item reads and writes on the table and its index, and nothing of the table itself", () => {
    let table: VerificationTable | undefined;
    synthConstruct((scope) => {
      table = new VerificationTable(scope, "table", { name: "t", kmsKeyArn: KEY });
    });
    const statement = table!.crudStatement();
    expect(statement.resources).toEqual([expect.stringMatching(/^\$\{TfToken/), expect.stringMatching(/\/index\/user_id_index$/)]);
    expect((statement.actions ?? []).filter((a) => /Create|Delete(Table|Backup)|Update(Table|TimeToLive)|Tag/.test(a))).toEqual([]);
  });
});
