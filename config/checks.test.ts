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
  configWarnings,
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

describe("the words of each problem", () => {
  it("kind sizes: the CPU, the memory sizes allowed, the count range, each with an example that fits", () => {
    expect(
      checkKindSizes(
        values({
          "slipway:apiCpu": 300,
          "slipway:workerCpu": 256,
          "slipway:workerMemory": 4096,
          "slipway:workerMinCount": 3,
          "slipway:workerMaxCount": 2,
          "slipway:workerDesiredCount": 2,
        }),
      ),
    ).toEqual([
      {
        field: "slipway:apiCpu",
        problem: "300 is not a Fargate CPU size",
        fix: "pulumi config set slipway:apiCpu 512 --stack qa-eu",
      },
      {
        field: "slipway:workerMemory",
        problem: "4096 MiB is not a Fargate memory size for 256 CPU units (allowed: 512, 1024, 2048)",
        fix: "pulumi config set slipway:workerMemory 512 --stack qa-eu",
      },
      {
        field: "slipway:workerMinCount",
        problem: "3 is above the maximum 2",
        fix: "pulumi config set slipway:workerMinCount 2 --stack qa-eu",
      },
      {
        field: "slipway:workerDesiredCount",
        problem: "2 is outside 3..2",
        fix: "pulumi config set slipway:workerDesiredCount 3 --stack qa-eu",
      },
    ]);
  });

  it("desired count below the minimum suggests the minimum; at the bounds it is fine", () => {
    expect(
      checkKindSizes(
        values({ "slipway:apiMinCount": 2, "slipway:apiMaxCount": 4, "slipway:apiDesiredCount": 1 }),
      ),
    ).toEqual([
      {
        field: "slipway:apiDesiredCount",
        problem: "1 is outside 2..4",
        fix: "pulumi config set slipway:apiDesiredCount 2 --stack qa-eu",
      },
    ]);
    for (const d of [2, 4])
      expect(
        checkKindSizes(
          values({ "slipway:apiMinCount": 2, "slipway:apiMaxCount": 4, "slipway:apiDesiredCount": d }),
        ),
      ).toEqual([]);
    expect(
      checkKindSizes(
        values({ "slipway:apiMinCount": 2, "slipway:apiMaxCount": 2, "slipway:apiDesiredCount": 2 }),
      ),
    ).toEqual([]);
  });

  it("VPC layout and storage ceiling", () => {
    const [vpc] = checkVpcLayout(values({ "slipway:vpcCidr": "10.0.0.0/24", "slipway:azCount": 6 }));
    expect(vpc.problem).toMatch(/^"10\.0\.0\.0\/24" is too small for three subnet tiers in 6 AZs \(.+\)$/);
    expect(vpc.fix).toBe(
      "pulumi config set slipway:vpcCidr 10.0.0.0/16 --stack qa-eu, or fewer AZs with slipway:azCount",
    );
    expect(
      checkStorageCeiling(
        values({ "slipway:dbAllocatedStorageGb": 200, "slipway:dbMaxAllocatedStorageGb": 199 }),
      ),
    ).toEqual([
      {
        field: "slipway:dbMaxAllocatedStorageGb",
        problem: "199 is below slipway:dbAllocatedStorageGb (200)",
        fix: "pulumi config set slipway:dbMaxAllocatedStorageGb 1000 --stack qa-eu",
      },
    ]);
  });

  it("domain: zone required, names within the domain, keys that need a domain", () => {
    expect(
      checkDomain(
        values({
          "slipway:domain": "app.example.com",
          "slipway:apiHostname": "api.example.com",
          "slipway:siteHostname": "www.app.example.com",
        }),
      ),
    ).toEqual([
      {
        field: "slipway:hostedZoneId",
        problem: "is required with slipway:domain",
        fix: "pulumi config set slipway:hostedZoneId Z0123456789ABCDEFGHIJ --stack qa-eu",
      },
      {
        field: "slipway:apiHostname",
        problem: '"api.example.com" is not within slipway:domain "app.example.com"',
        fix: "pulumi config set slipway:apiHostname api.app.example.com --stack qa-eu",
      },
    ]);
    expect(checkDomain(values({ "slipway:apiHostname": "api.x.com" }))).toEqual([
      {
        field: "slipway:apiHostname",
        problem: "is set but slipway:domain is not",
        fix: "pulumi config set slipway:domain app.example.com --stack qa-eu, or remove slipway:apiHostname",
      },
    ]);
    // A name that merely ends with the domain's text is not within it.
    expect(
      fields(
        checkDomain(
          values({
            "slipway:domain": "example.com",
            "slipway:hostedZoneId": "Z1",
            "slipway:apiHostname": "badexample.com",
          }),
        ),
      ),
    ).toEqual(["slipway:apiHostname"]);
  });
});

describe("configWarnings", () => {
  const ALERT = { "slipway:alertSlackWebhookUrl": "(secret)" };
  it.each<[string, Record<string, unknown>, string, boolean, string[]]>([
    [
      "a staging stack with an alert endpoint and a domain",
      { ...ALERT, "slipway:domain": "a.example.com" },
      "staging",
      false,
      [],
    ],
    [
      "a production stack without high availability or paging",
      {
        ...ALERT,
        "slipway:domain": "a.example.com",
        "slipway:natGateways": "single",
        "slipway:dbMultiAz": false,
      },
      "production",
      false,
      [
        'slipway:natGateways is "single" in production: one AZ outage cuts the services\' egress',
        "slipway:dbMultiAz is false in production: a single-AZ database has no automatic failover",
        "no slipway:alertPagerDutyUrl in production: critical alarms do not page anyone",
      ],
    ],
    [
      "the same choices in staging are no news",
      {
        ...ALERT,
        "slipway:domain": "a.example.com",
        "slipway:natGateways": "single",
        "slipway:dbMultiAz": false,
      },
      "staging",
      false,
      [],
    ],
    [
      "production with a pager",
      {
        "slipway:alertPagerDutyUrl": "(secret)",
        "slipway:domain": "a.example.com",
        "slipway:natGateways": "perAz",
        "slipway:dbMultiAz": true,
      },
      "production",
      false,
      [],
    ],
    [
      "no domain, no endpoint, secrets offline",
      {},
      "staging",
      true,
      [
        "no slipway:domain: the API is served on the load balancer's AWS name over HTTP and the site on its CloudFront name; set slipway:domain and slipway:hostedZoneId for HTTPS with your own names",
        "no alert endpoint configured: alarms publish to SNS topics without subscribers. Set slipway:alertPagerDutyUrl, slipway:alertSlackWebhookUrl or slipway:alertEmails with pulumi config set --secret",
        "slipway:secrets is encrypted and cannot be read offline: every required secret is treated as generated",
      ],
    ],
    [
      "e-mails count as an endpoint",
      { "slipway:alertEmails": "(secret)", "slipway:domain": "a.example.com" },
      "development",
      false,
      [],
    ],
  ])("%s", (_name, set, type, offline, expected) =>
    expect(configWarnings(values(set), type, offline)).toEqual(expected),
  );
});
