/**
 * Pure IPv4 CIDR layout for the network component: carves public, private (app) and isolated (db)
 * subnets for N availability zones out of one VPC CIDR. No Pulumi, no I/O: table- and property-tested.
 *
 * Allocation: all blocks are sorted largest first (then tier public, private, isolated, then AZ index) and
 * placed back to back from the VPC's first address. Because every block is a power of two and blocks
 * come in non-increasing size, each one lands on its natural boundary, so the layout is dense, aligned
 * and free of overlaps; whatever is left at the end of the VPC stays free for later tiers.
 */
// @ts-nocheck


/** The three subnet tiers. */
export type SubnetTier = "public" | "private" | "isolated";

/** The tiers in their output order. */
export const SUBNET_TIERS: readonly SubnetTier[] = ["public", "private", "isolated"];

/** AWS limits: a VPC's IPv4 block is /16../28, a subnet's is /16../28. */
export const MIN_PREFIX = 16;
export const MAX_PREFIX = 28;

/** Input of {@link layoutSubnets}. */
export interface SubnetLayoutInput {
  /** VPC IPv4 CIDR, network address aligned, prefix /16../28. @example "10.20.0.0/16" */
  readonly vpcCidr: string;
  /** Number of availability zones (one subnet per tier per AZ), 1..16. */
  readonly azCount: number;
  /** Prefix length of each tier's subnets; each must be >= the VPC prefix and <= 28. */
  readonly prefixLengths: Readonly<Record<SubnetTier, number>>;
}

/** Output of {@link layoutSubnets}: per tier, one CIDR per AZ, in AZ order. */
export type SubnetLayout = Readonly<Record<SubnetTier, readonly string[]>>;

/** A parsed IPv4 CIDR block. */
export interface Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly base: number;
  /** Prefix length 0..32. */
  readonly prefix: number;
}

/** Thrown for invalid layout input; `path` names the offending field (e.g. `prefixLengths.private`). */
export class CidrLayoutError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
    this.name = "CidrLayoutError";
  }
}

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parse `a.b.c.d/n`; rejects bad octets, prefixes > 32 and set host bits. */
export function parseCidr(text: string, path = "cidr"): Cidr {
  const m = IPV4_CIDR.exec(text);
  if (!m) throw new CidrLayoutError(path, `"${text}" is not an IPv4 CIDR block like 10.0.0.0/16`);
  const octets = m.slice(1, 5).map(Number);
  if (octets.some((o) => o > 255)) throw new CidrLayoutError(path, `"${text}" has an octet above 255`);
  const prefix = Number(m[5]);
  if (prefix > 32) throw new CidrLayoutError(path, `"${text}" has a prefix length above 32`);
  const base = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  const hostBits = prefix === 0 ? 0xffffffff : 2 ** (32 - prefix) - 1;
  if ((base & hostBits) >>> 0 !== 0) {
    throw new CidrLayoutError(
      path,
      `"${text}" has host bits set; the network address is ${formatCidr({ base: (base & ~hostBits) >>> 0, prefix })}`,
    );
  }
  return { base, prefix };
}

/** Format a parsed block as `a.b.c.d/n`. */
export function formatCidr(c: Cidr): string {
  const b = c.base >>> 0;
  return `${b >>> 24}.${(b >>> 16) & 255}.${(b >>> 8) & 255}.${b & 255}/${c.prefix}`;
}

/** Number of addresses in a block. */
export function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

/** True when two blocks share at least one address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  const aEnd = a.base + blockSize(a.prefix);
  const bEnd = b.base + blockSize(b.prefix);
  return a.base < bEnd && b.base < aEnd;
}

/** True when `inner` lies entirely inside `outer`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
  return (
    inner.base >= outer.base && inner.base + blockSize(inner.prefix) <= outer.base + blockSize(outer.prefix)
  );
}

/**
 * Default tier sizes for a VPC prefix: private (app) subnets 1/16 of the VPC each, public and isolated
 * 1/64 each, never smaller than /28. For a /16: private /20 (4096 addresses), public and isolated /22.
 * They fit 1..6 AZs in a /16../23 VPC and 1..3 AZs in a /24 (property-tested); smaller VPCs need explicit sizes.
 */
export function defaultPrefixLengths(vpcPrefix: number): Record<SubnetTier, number> {
  return {
    public: Math.min(vpcPrefix + 6, MAX_PREFIX),
    private: Math.min(vpcPrefix + 4, MAX_PREFIX),
    isolated: Math.min(vpcPrefix + 6, MAX_PREFIX),
  };
}

/**
 * Lay out one subnet per tier per AZ inside the VPC CIDR. Throws {@link CidrLayoutError} naming the field
 * when the input is invalid or the subnets do not fit.
 */
export function layoutSubnets(input: SubnetLayoutInput): SubnetLayout {
  const vpc = parseCidr(input.vpcCidr, "vpcCidr");
  if (vpc.prefix < MIN_PREFIX || vpc.prefix > MAX_PREFIX) {
    throw new CidrLayoutError("vpcCidr", `prefix /${vpc.prefix} is outside the AWS VPC range /16../28`);
  }
  const { azCount } = input;
  if (!Number.isInteger(azCount) || azCount < 1 || azCount > 16) {
    throw new CidrLayoutError("azCount", `${azCount} is not an integer between 1 and 16`);
  }
  for (const tier of SUBNET_TIERS) {
    const p = input.prefixLengths[tier];
    if (!Number.isInteger(p) || p < vpc.prefix || p > MAX_PREFIX) {
      throw new CidrLayoutError(
        `prefixLengths.${tier}`,
        `/${p} must be an integer between the VPC prefix /${vpc.prefix} and /${MAX_PREFIX}`,
      );
    }
  }
  const requests: { tier: SubnetTier; az: number; prefix: number }[] = [];
  SUBNET_TIERS.forEach((tier) => {
    for (let az = 0; az < azCount; az++) requests.push({ tier, az, prefix: input.prefixLengths[tier] });
  });
  // Stable sort: largest blocks first; ties keep tier then AZ order.
  requests.sort((a, b) => a.prefix - b.prefix);

  const needed = requests.reduce((sum, r) => sum + blockSize(r.prefix), 0);
  const available = blockSize(vpc.prefix);
  if (needed > available) {
    const detail = SUBNET_TIERS.map((t) => `${azCount} x /${input.prefixLengths[t]} ${t}`).join(", ");
    throw new CidrLayoutError(
      "prefixLengths",
      `${detail} need ${needed} addresses but ${input.vpcCidr} has ${available}; use a larger VPC CIDR or longer prefixes`,
    );
  }

  const out: Record<SubnetTier, string[]> = { public: [], private: [], isolated: [] };
  for (const t of SUBNET_TIERS) out[t] = new Array<string>(azCount);
  let next = vpc.base;
  for (const r of requests) {
    out[r.tier][r.az] = formatCidr({ base: next, prefix: r.prefix });
    next += blockSize(r.prefix);
  }
  return out;
}
