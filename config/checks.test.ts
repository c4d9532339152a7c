import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Values,
  checkDomain,
  checkKindSizes,
  checkServiceOverrides,
  checkSiteAssets,
  checkStorageCeiling,
  checkVpcLayout,
} from "./checks";
import { defaultOf, strictSchemaCheck } from "./declarations";

/** Staging defaults with `set` on top (full keys). */
function values(set: Record<string, unknown>): Values {
  return {
    stack: "qa-eu",
    get: (k) => (k in set ? set[k] : defaultOf(k, "staging")),
    isSet: (k) => k in set,
  };
}

const fields = (problems: { field: string }[]) => problems.map((p) => p.field);

it("the schema compiles with ajv in strict mode, slipway's annotations as its vocabulary", () => {
  expect(() => strictSchemaCheck()).not.toThrow();
});

describe("checkKindSizes", () => {
  it.each([
    [{}, []],
    [{ "slipway:apiCpu": 300 }, ["slipway:apiCpu"]],
    [{ "slipway:workerCpu": 256, "slipway:workerMemory": 4096 }, ["slipway:workerMemory"]],
    [
      { "slipway:apiMinCount": 3, "slipway:apiMaxCount": 2, "slipway:apiDesiredCount": 2 },
      ["slipway:apiMinCount", "slipway:apiDesiredCount"],
    ],
    [{ "slipway:workerDesiredCount": 5 }, ["slipway:workerDesiredCount"]],
  ])("%j -> %j", (set, expected) => expect(fields(checkKindSizes(values(set)))).toEqual(expected));

  it("names the stack in the fix", () => {
    expect(checkKindSizes(values({ "slipway:workerDesiredCount": 5 }))[0].fix).toBe(
      "pulumi config set slipway:workerDesiredCount 1 --stack qa-eu",
    );
  });
});

describe("checkVpcLayout and checkStorageCeiling", () => {
  it.each([
    [{ "slipway:vpcCidr": "10.0.0.0/16", "slipway:azCount": 6 }, []],
    [{ "slipway:vpcCidr": "10.0.0.0/24", "slipway:azCount": 6 }, ["slipway:vpcCidr"]],
  ])("layout %j -> %j", (set, expected) => expect(fields(checkVpcLayout(values(set)))).toEqual(expected));

  it.each([
    [{ "slipway:dbAllocatedStorageGb": 100, "slipway:dbMaxAllocatedStorageGb": 100 }, []],
    [
      { "slipway:dbAllocatedStorageGb": 200, "slipway:dbMaxAllocatedStorageGb": 100 },
      ["slipway:dbMaxAllocatedStorageGb"],
    ],
  ])("storage %j -> %j", (set, expected) =>
    expect(fields(checkStorageCeiling(values(set)))).toEqual(expected),
  );
});

describe("checkDomain", () => {
  it.each([
    [{}, []],
    [{ "slipway:domain": "app.example.com", "slipway:hostedZoneId": "Z1" }, []],
    [{ "slipway:domain": "app.example.com" }, ["slipway:hostedZoneId"]],
    [
      { "slipway:hostedZoneId": "Z1", "slipway:siteHostname": "x.example.com" },
      ["slipway:hostedZoneId", "slipway:siteHostname"],
    ],
    [
      {
        "slipway:domain": "app.example.com",
        "slipway:hostedZoneId": "Z1",
        "slipway:apiHostname": "api.app.example.org",
      },
      ["slipway:apiHostname"],
    ],
    [
      {
        "slipway:domain": "app.example.com",
        "slipway:hostedZoneId": "Z1",
        "slipway:siteHostname": "app.example.com",
      },
      [],
    ],
  ])("%j -> %j", (set, expected) => expect(fields(checkDomain(values(set)))).toEqual(expected));
});

describe("checkServiceOverrides and checkSiteAssets (on disk)", () => {
  const dir = mkdtempSync(join(tmpdir(), "slipway-checks-"));
  mkdirSync(join(dir, "svc"));
  mkdirSync(join(dir, "built"));
  writeFileSync(join(dir, "svc", "Dockerfile"), "FROM scratch\n");
  writeFileSync(join(dir, "built", "index.html"), "<html></html>\n");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const abs = (p: string) => join(dir, p);

  it.each([
    [{ api: { buildContext: "svc" } }, []],
    [{ api: { image: "a/b:1", buildContext: "svc" } }, ["slipway:services.api.image"]],
    [{ api: { buildContext: "nope" } }, ["slipway:services.api.buildContext"]],
    [{ api: { buildContext: "built" } }, ["slipway:services.api.buildContext"]],
    [{ api: { buildContext: "svc", dockerfile: "Dockerfile.prod" } }, ["slipway:services.api.dockerfile"]],
  ])("services %j -> %j", (services, expected) =>
    expect(fields(checkServiceOverrides(values({ "slipway:services": services }), abs))).toEqual(expected),
  );

  it.each([
    [{}, []],
    [{ "slipway:siteAssetsDir": "built" }, []],
    [{ "slipway:siteAssetsDir": "svc" }, ["slipway:siteAssetsDir"]],
    [{ "slipway:siteAssetsDir": "missing" }, ["slipway:siteAssetsDir"]],
  ])("site assets %j -> %j", (set, expected) =>
    expect(fields(checkSiteAssets(values(set), abs))).toEqual(expected),
  );
});
