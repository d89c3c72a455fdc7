import { Construct } from "constructs";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { PolicyStatement } from "./policy-document";

export interface VerificationTableProps {
  /** Table name, e.g. `trustwrapper-prod-verifications`. */
  readonly name: string;
  /** ARN of the KMS key that encrypts the table. */
  readonly kmsKeyArn: string;
  /** Refuse deletion of the table. Default false. */
  readonly deletionProtection?: boolean;
}

/** Name of the index that finds a user's verifications (the guide's). */
export const USER_INDEX_NAME = "user_id_index";

/**
 * The guide's `VerificationTable`: on-demand DynamoDB table keyed by `id`, with the global
 * secondary index `user_id_index` on `user_id` projecting every attribute; encrypted with the
 * stack's key and restorable to any second of the last 35 days (point-in-time recovery).
 */
export class VerificationTable extends Construct {
  readonly table: DynamodbTable;

  constructor(scope: Construct, id: string, props: VerificationTableProps) {
    super(scope, id);
    this.table = new DynamodbTable(this, "table", {
      name: props.name,
      billingMode: "PAY_PER_REQUEST",
      hashKey: "id",
      attribute: [
        { name: "id", type: "S" },
        { name: "user_id", type: "S" },
      ],
      globalSecondaryIndex: [{ name: USER_INDEX_NAME, hashKey: "user_id", projectionType: "ALL" }],
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true, kmsKeyArn: props.kmsKeyArn },
      deletionProtectionEnabled: props.deletionProtection ?? false,
    });
  }

  get name(): string {
    return this.table.name;
  }

  get arn(): string {
    return this.table.arn;
  }

  /** ARN of `user_id_index`. */
  get userIndexArn(): string {
    return `${this.table.arn}/index/${USER_INDEX_NAME}`;
  }

  /** Create, read, update and delete items of the table and query its index: the guide's `DynamoDBCrudPolicy`, nothing more. */
  crudStatement(): PolicyStatement {
    return {
      sid: "ReadWriteVerifications",
      actions: [
        "dynamodb:BatchGetItem",
        "dynamodb:BatchWriteItem",
        "dynamodb:ConditionCheckItem",
        "dynamodb:DeleteItem",
        "dynamodb:DescribeTable",
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "dynamodb:Query",
        "dynamodb:Scan",
        "dynamodb:UpdateItem",
      ],
      resources: [this.arn, this.userIndexArn],
    };
  }
}
