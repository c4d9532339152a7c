import { dbInstanceMemoryGiB, POSTGRES_MAX_CONNECTIONS_CAP, postgresMaxConnections } from "./rds";

describe("dbInstanceMemoryGiB", () => {
  test.each([
    ["db.t4g.micro", 1],
    ["db.t3.small", 2],
    ["db.t4g.medium", 4],
    ["db.t4g.large", 8],
    ["db.t4g.xlarge", 16],
    ["db.t4g.2xlarge", 32],
    ["db.m6g.large", 8],
    ["db.m7g.xlarge", 16],
    ["db.m6i.4xlarge", 64],
    ["db.r6g.large", 16],
    ["db.r7g.2xlarge", 64],
    ["db.r6i.24xlarge", 768],
    ["db.x2g.large", undefined],
    ["db.t4g.nano", undefined],
    ["db.r6g.metal", undefined],
    ["r6g.large", undefined],
    ["db.z.large", undefined],
  ])("%s -> %s GiB", (cls, gib) => {
    expect(dbInstanceMemoryGiB(cls)).toBe(gib);
  });
});

describe("postgresMaxConnections", () => {
  test.each([
    [1, 84],
    [2, 168],
    [4, 337],
    [16, 1351],
    [64, 5000],
  ])("%d GiB -> %d connections (75 %% of memory / 9531392, at most 5000)", (gib, n) => {
    expect(postgresMaxConnections(gib)).toBe(n);
  });

  test("never above the cap", () => {
    expect(postgresMaxConnections(768)).toBe(POSTGRES_MAX_CONNECTIONS_CAP);
  });
});
