import {
  cacheReplicationGroupId,
  MAX_REPLICATION_GROUP_ID,
  validateCacheArgs,
  type CacheArgs,
} from "./cache";

const args: CacheArgs = { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"] };

describe("cacheReplicationGroupId", () => {
  it.each([
    ["shop-production-cache", "shop-production-cache"],
    ["a".repeat(MAX_REPLICATION_GROUP_ID), "a".repeat(MAX_REPLICATION_GROUP_ID)],
  ])("keeps a name that fits (%s): a deployed group keeps its id", (name, id) => {
    expect(cacheReplicationGroupId(name, {})).toBe(id);
  });

  it("cuts a longer name to 40 characters with a stable hash, distinct per name", () => {
    const long = "acme-logistics-hub01-production-eu-central-1-session-cache";
    const id = cacheReplicationGroupId(long, {});
    expect(id.length).toBeLessThanOrEqual(MAX_REPLICATION_GROUP_ID);
    expect(id).toMatch(/^acme-logistics-hub01-production-[0-9a-f]{7}$/);
    expect(cacheReplicationGroupId(long, {})).toBe(id);
    expect(cacheReplicationGroupId(`${long}2`, {})).not.toBe(id);
  });

  it("an explicit id wins", () => {
    expect(cacheReplicationGroupId("x".repeat(60), { replicationGroupId: "my-cache" })).toBe("my-cache");
  });
});

describe("validateCacheArgs: the replication group id", () => {
  it("accepts any long component name (the id is fitted)", () => {
    expect(() => validateCacheArgs(`shop-${"s".repeat(80)}-cache`, args)).not.toThrow();
  });

  it.each([
    ["Shop-Cache", {}, /name: "Shop-Cache" must be 40 characters at most, lowercase/],
    ["shop--cache", {}, /name: "shop--cache"/],
    ["1shop", {}, /name: "1shop"/],
    ["shop", { replicationGroupId: "x".repeat(41) }, /args\.replicationGroupId: "x{41}" must be 40/],
    ["shop", { replicationGroupId: "bad_id" }, /args\.replicationGroupId: "bad_id"/],
  ])("%s %j is refused, naming the argument", (name, extra, message) => {
    expect(() => validateCacheArgs(name, { ...args, ...extra })).toThrow(message);
  });
});
