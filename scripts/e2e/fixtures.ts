// What a stack expects to exist before it is applied, created in the emulator first.
import { CreateHostedZoneCommand, ListHostedZonesByNameCommand } from "@aws-sdk/client-route-53";
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { Clients } from "./clients";

type Blocks = Record<string, Record<string, Record<string, unknown>>>;

/**
 * What a stack expects to exist before it, in the user's account: the hosted zones it looks up by
 * name, and the Lambda function's code package in its S3 bucket (a stand-in handler, which the
 * emulator stores but never runs). They are created in the emulator first; a zone that exists
 * already (the previous release's stack needed it too) is kept, as a second one would make the lookup ambiguous.
 */
export async function createFixtures(document: { data?: Blocks; resource?: Blocks }, clients: Clients): Promise<void> {
  for (const zone of Object.values(document.data?.aws_route53_zone ?? {})) {
    if (typeof zone.name !== "string") throw new Error("a hosted zone looked up by ID cannot be created in the emulator (it assigns its own IDs)");
    const listed = await clients.route53.send(new ListHostedZonesByNameCommand({ DNSName: zone.name, MaxItems: 1 }));
    if (listed.HostedZones?.[0]?.Name?.replace(/\.$/, "") === zone.name.replace(/\.$/, "")) continue;
    await clients.route53.send(new CreateHostedZoneCommand({ Name: zone.name, CallerReference: `e2e-${zone.name}` }));
  }
  for (const fn of Object.values(document.resource?.aws_lambda_function ?? {})) {
    const [bucket, key] = [fn.s3_bucket, fn.s3_key];
    if (typeof bucket !== "string" || typeof key !== "string" || bucket.includes("${")) continue;
    await clients.s3.send(new CreateBucketCommand({ Bucket: bucket })).catch((error: Error) => {
      if (error.name !== "BucketAlreadyOwnedByYou") throw error;
    });
    await clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: handlerZip(String(fn.handler ?? "index.handler")) }));
  }
}

/** A zip archive (stored, not compressed) holding the Python module the handler names, with a function that answers 200. */
export function handlerZip(handler: string): Buffer {
  const module = handler.split(".").slice(0, -1).join("/") || "index";
  const name = Buffer.from(`${module}.py`);
  const body = Buffer.from(`def ${handler.split(".").pop()}(event, context):\n    return {"statusCode": 200, "body": "{}"}\n`);
  const crc = crc32(body);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(body.length, 18);
  local.writeUInt32LE(body.length, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(body.length, 20);
  central.writeUInt32LE(body.length, 24);
  central.writeUInt16LE(name.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(local.length + name.length + body.length, 16);
  return Buffer.concat([local, name, body, central, name, end]);
}

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}
