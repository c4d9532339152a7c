/**
 * RDS facts: memory of an instance class and PostgreSQL's default connection limit, for the database
 * saturation alarms (free memory below 20 %, connections above 80 % of the limit).
 *
 * Sources: AWS "DB instance classes" hardware specifications (burstable t3/t4g: micro 1 GiB doubling
 * per size up to 2xlarge 32 GiB; general purpose m5/m6g/m6i/m7g/m7i: 4 GiB per vCPU; memory optimized
 * r5/r6g/r6i/r7g/r7i: 8 GiB per vCPU; large = 2 vCPU, xlarge = 4, Nxlarge = 4N) and the RDS for
 * PostgreSQL default parameter `max_connections = LEAST({DBInstanceClassMemory/9531392}, 5000)`.
 */

const BURSTABLE_GIB: Readonly<Record<string, number>> = {
  micro: 1,
  small: 2,
  medium: 4,
  large: 8,
  xlarge: 16,
  "2xlarge": 32,
};

/** GiB per vCPU of the general purpose (`m`) and memory optimized (`r`) families. */
const GIB_PER_VCPU: Readonly<Record<string, number>> = { m: 4, r: 8 };

function vcpus(size: string): number | undefined {
  if (size === "large") return 2;
  if (size === "xlarge") return 4;
  const n = /^(\d+)xlarge$/.exec(size);
  return n ? 4 * Number(n[1]) : undefined;
}

/**
 * Memory of an RDS instance class in GiB (`db.r6g.large` -> 16), or `undefined` for a class outside
 * the burstable, general purpose and memory optimized families this table knows.
 */
export function dbInstanceMemoryGiB(instanceClass: string): number | undefined {
  const m = /^db\.([a-z])(\d+)([a-z]*)\.([a-z0-9]+)$/.exec(instanceClass);
  if (!m) return undefined;
  const [, family, , , size] = m;
  if (family === "t") return BURSTABLE_GIB[size];
  const perVcpu = GIB_PER_VCPU[family];
  const n = vcpus(size);
  return perVcpu !== undefined && n !== undefined ? perVcpu * n : undefined;
}

/** Bytes per connection in RDS for PostgreSQL's default `max_connections` formula. */
export const POSTGRES_BYTES_PER_CONNECTION = 9531392;
/** Upper bound of the default `max_connections`. */
export const POSTGRES_MAX_CONNECTIONS_CAP = 5000;

/**
 * Share of the class memory RDS reports as DBInstanceClassMemory (the rest is kept for the OS and the
 * RDS agents). An estimate on the safe side: observed default limits are db.t3.micro ~81 (this gives
 * 84), db.t3.small ~171 (168), db.t3.medium ~410 (337), so alarms on a fraction of it never fire late.
 */
export const DB_INSTANCE_CLASS_MEMORY_SHARE = 0.75;

/**
 * The default `max_connections` of RDS for PostgreSQL for an instance with `memoryGiB` of memory,
 * estimated with {@link DB_INSTANCE_CLASS_MEMORY_SHARE} of it as DBInstanceClassMemory.
 */
export function postgresMaxConnections(memoryGiB: number): number {
  return Math.min(
    Math.floor((memoryGiB * 1024 ** 3 * DB_INSTANCE_CLASS_MEMORY_SHARE) / POSTGRES_BYTES_PER_CONNECTION),
    POSTGRES_MAX_CONNECTIONS_CAP,
  );
}
