import { checkTwins } from "../twins-check";
import { blamed, res, violationsOf } from "../testing";
import { elasticacheEnableAutomaticBackups } from "./elasticache-enable-automatic-backups";
import { elasticacheEnableAutomaticFailover } from "./elasticache-enable-automatic-failover";
import { elasticacheEncryptAtRest } from "./elasticache-encrypt-at-rest";
import { elasticacheRequireAuth } from "./elasticache-require-auth";

const GROUP = "aws:elasticache/replicationGroup:ReplicationGroup";
const CLUSTER = "aws:elasticache/cluster:Cluster";
const env = (policy: string, environmentType: string) => ({ config: { [policy]: { environmentType } } });
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

describe("elasticache-enable-automatic-backups (ElastiCache.1)", () => {
  const prod = env("elasticache-enable-automatic-backups", "production");
  it("passes with snapshots kept; fails with none or 0 days in production, with the fix", async () => {
    const ok = res(GROUP, "g", { engine: "valkey", snapshotRetentionLimit: 1 });
    expect(await blamed(elasticacheEnableAutomaticBackups, [ok], prod)).toEqual([]);
    for (const props of [{ engine: "redis" }, { engine: "valkey", snapshotRetentionLimit: 0 }]) {
      const bad = res(GROUP, "g", props);
      const found = await violationsOf(elasticacheEnableAutomaticBackups, [bad], prod);
      expect(found.map((v) => [v.urn, v.enforcementLevel])).toEqual([[bad.urn, "mandatory"]]);
      expect(found[0].message).toContain("snapshotRetentionLimit");
    }
  });
  it("applies to stand-alone Redis clusters, not memcached or group members; not required in staging", async () => {
    const single = res(CLUSTER, "c", { engine: "redis" });
    expect(await blamed(elasticacheEnableAutomaticBackups, [single], prod)).toEqual([single.urn]);
    const memcached = res(CLUSTER, "m", { engine: "memcached" });
    const member = res(CLUSTER, "member", { replicationGroupId: "g" });
    expect(await blamed(elasticacheEnableAutomaticBackups, [memcached, member], prod)).toEqual([]);
    const staging = env("elasticache-enable-automatic-backups", "staging");
    expect(await blamed(elasticacheEnableAutomaticBackups, [single], staging)).toEqual([]);
  });
});

describe("elasticache-enable-automatic-failover (ElastiCache.3)", () => {
  const prod = env("elasticache-enable-automatic-failover", "production");
  it("passes with failover; fails without it in production only", async () => {
    const ok = res(GROUP, "g", { automaticFailoverEnabled: true, numCacheClusters: 2 });
    const bad = res(GROUP, "h", { automaticFailoverEnabled: false, numCacheClusters: 1 });
    expect(await blamed(elasticacheEnableAutomaticFailover, [ok, bad], prod)).toEqual([bad.urn]);
    const staging = env("elasticache-enable-automatic-failover", "staging");
    expect(await blamed(elasticacheEnableAutomaticFailover, [bad], staging)).toEqual([]);
  });
});

describe("preview: values unknown until the update count as set", () => {
  it("an AUTH token from a generated secret, an unknown encryption flag is not passed", async () => {
    const withToken = res(GROUP, "g", { engine: "valkey", authToken: UNKNOWN });
    expect(await blamed(elasticacheRequireAuth, [withToken])).toEqual([]);
    const global = res(GROUP, "s", { globalReplicationGroupId: "global-1" });
    expect(await blamed(elasticacheEncryptAtRest, [global])).toEqual([]);
  });
});

describe("elasticache-encrypt-at-rest (twins)", () => checkTwins("elasticache-encrypt-at-rest"));
describe("elasticache-encrypt-in-transit (twins)", () => checkTwins("elasticache-encrypt-in-transit"));
describe("elasticache-require-auth (twins)", () => checkTwins("elasticache-require-auth"));
describe("elasticache-enable-auto-minor-version-upgrade (twins)", () =>
  checkTwins("elasticache-enable-auto-minor-version-upgrade"));
describe("elasticache-forbid-default-subnet-group (twins)", () =>
  checkTwins("elasticache-forbid-default-subnet-group"));
describe("elasticache-encrypt-with-cmk (twins)", () => checkTwins("elasticache-encrypt-with-cmk"));
