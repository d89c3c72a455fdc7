/** IPv4 CIDR arithmetic, done at synth time so the emitted subnets show literal ranges. */

function toNumber(address: string): number {
  return address.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

function toAddress(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

/** Terraform's `cidrsubnet(prefix, newbits, netnum)`. */
export function cidrSubnet(prefix: string, newBits: number, netNum: number): string {
  const [address, bitsText] = prefix.split("/");
  const bits = Number(bitsText) + newBits;
  if (bits > 32) throw new Error(`cannot extend ${prefix} by ${newBits} bits`);
  if (netNum < 0 || netNum >= 2 ** newBits) throw new Error(`network number ${netNum} does not fit in ${newBits} bits`);
  const base = toNumber(address);
  return `${toAddress(base + netNum * 2 ** (32 - bits))}/${bits}`;
}

/** True when the address of `cidr` has all host bits zero (`10.0.0.0/16`, not `10.0.0.1/16`). */
export function isNetworkAddress(cidr: string): boolean {
  const [address, bits] = cidr.split("/");
  const hostBits = 32 - Number(bits);
  return toNumber(address) % 2 ** hostBits === 0;
}

/** The prefix length of a CIDR: 16 for `10.0.0.0/16`. */
export function prefixLength(cidr: string): number {
  return Number(cidr.split("/")[1]);
}

/** Subnets are carved as /(prefix+4): public ones from the bottom half, private ones from the top. */
const SUBNET_NEW_BITS = 4;
const PRIVATE_SUBNET_OFFSET = 8;

/** The CIDRs of a VPC's subnets, one public and one private per zone: what `Network` creates, and what the configuration check sizes. */
export function subnetLayout(vpcCidr: string, availabilityZones: number): { readonly public: string[]; readonly private: string[] } {
  const zones = [...Array(availabilityZones).keys()];
  return {
    public: zones.map((index) => cidrSubnet(vpcCidr, SUBNET_NEW_BITS, index)),
    private: zones.map((index) => cidrSubnet(vpcCidr, SUBNET_NEW_BITS, PRIVATE_SUBNET_OFFSET + index)),
  };
}
