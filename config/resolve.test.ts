import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { fargateMemoryOptions } from "../lib/aws";
import { InputError, InputErrors } from "../lib/errors";
import {
  type StackConfig,
  defaultsFor,
  resolveReleaseState,
  resolveServiceSettings,
  resolveStackConfig,
  serviceSettings,
  unknownSecretRotations,
  unknownServiceOverrides,
} from "./index";

const BASE = { "aws:region": "eu-west-1" };

/** A project directory with one bundled release under examples/ (named like no real app). */
const PROJECT = mkdtempSync(join(tmpdir(), "slipway-config-"));
mkdirSync(join(PROJECT, "examples", "shop"), { recursive: true });
writeFileSync(join(PROJECT, "examples", "shop", "project-config.json"), "{}");
mkdirSync(join(PROJECT, "svc"));
afterAll(() => rmSync(PROJECT, { recursive: true, force: true }));

function resolveWith(
  values: Record<string, string>,
  stack = "staging",
  env: Record<string, string> = {},
  projectDir = PROJECT,
) {
  // As `npm run init` writes it: the stack file says its environment type (tests name stacks by type).
  const type = stack === "production" ? "production" : "staging";
  const all: Record<string, string> = { ...BASE, "slipway:environmentType": type, ...values };
  return resolveStackConfig((k) => all[k], {
    project: "slipway",
    stack,
    projectDir,
    env,
    keys: Object.keys(all),
  });
}

function errorsOf(fn: () => unknown): InputError[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputErrors) return [...e.errors];
    if (e instanceof InputError) return [e];
    throw e;
  }
  throw new Error("did not throw");
}

async function plain<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply((v) => resolve(v)));
}

describe("environment type and defaults", () => {
  it.each(["production", "prod-eu", "staging", "feature-x", "org/shop/production"])(
    "is never guessed from the stack name (%s): without slipway:environmentType the stack is refused",
    (stack) => {
      const errors = errorsOf(() =>
        resolveStackConfig((k) => BASE[k as keyof typeof BASE], {
          project: "slipway",
          stack,
          projectDir: PROJECT,
          env: {},
        }),
      );
      expect(errors.map((e) => e.message)).toEqual([
        `Pulumi.${stack}.yaml: slipway:environmentType: is not set: the environment type (staging, production or development) picks every default and the gates, and slipway never guesses it from the stack name. Fix: pulumi config set slipway:environmentType staging --stack ${stack} (or production, development)`,
      ]);
    },
  );

  it("reports a missing environment type together with the other problems", () => {
    const errors = errorsOf(() =>
      resolveStackConfig((k) => ({ ...BASE, "slipway:azCount": "9" })[k], {
        project: "slipway",
        stack: "qa",
        projectDir: PROJECT,
        env: {},
      }),
    );
    expect(errors.map((e) => e.field)).toEqual(["slipway:azCount", "slipway:environmentType"]);
  });

  it("an invalid environment type is refused once, naming the value typed", () => {
    const errors = errorsOf(() => resolveWith({ "slipway:environmentType": "prod" }, "qa"));
    expect(errors.map((e) => e.field)).toEqual(["slipway:environmentType"]);
    expect(errors[0].message).toContain('"prod"');
  });

  it("staging is small, production highly available", () => {
    const s = defaultsFor("staging");
    const p = defaultsFor("production");
    expect([s.network.azCount, p.network.azCount]).toEqual([2, 3]);
    expect([s.network.natGateways, p.network.natGateways]).toEqual(["single", "perAz"]);
    expect([s.database.instanceClass, s.database.multiAz, s.database.backupRetentionDays]).toEqual([
      "db.t4g.small",
      false,
      7,
    ]);
    expect([p.database.multiAz, p.database.backupRetentionDays, p.database.deletionProtection]).toEqual([
      true,
      30,
      true,
    ]);
    expect([s.apiDefaults.desiredCount, s.workerDefaults.desiredCount]).toEqual([1, 1]);
    expect([p.apiDefaults.minCount, p.apiDefaults.maxCount]).toEqual([2, 6]);
    expect(s.logRetentionDays).toBeLessThan(p.logRetentionDays);
    expect([s.loadBalancerDeletionProtection, p.loadBalancerDeletionProtection]).toEqual([false, true]);
  });

  it.each([256, 512, 1024, 2048, 4096, 8192, 16384])("Fargate %d CPU has memory options", (cpu) => {
    expect(fargateMemoryOptions(cpu).length).toBeGreaterThan(2);
  });
  it("rejects unknown Fargate CPU", () => expect(fargateMemoryOptions(300)).toEqual([]));
});

describe("resolveStackConfig", () => {
  it("applies the environment type of the stack file and its defaults", () => {
    const s = resolveWith({}, "staging");
    expect(s.environmentType).toBe("staging");
    expect(s.stackFile).toBe("Pulumi.staging.yaml");
    expect(s.network).toEqual(defaultsFor("staging").network);
    expect(s.database).toEqual(defaultsFor("staging").database);
    expect(s.artifactsDir).toBe(join(PROJECT, "examples", "shop"));
    expect(s.release).toEqual({ activeColour: "blue", idleWeight: 0 });
    const p = resolveWith({}, "production");
    expect(p.environmentType).toBe("production");
    expect(p.database.multiAz).toBe(true);
    expect(p.apiDefaults).toEqual({ cpu: 512, memory: 1024, desiredCount: 2, minCount: 2, maxCount: 6 });
  });

  it("cache and queue sizes: defaults per environment type, overridable per stack, validated", () => {
    expect(defaultsFor("staging").cache).toEqual({
      nodeType: "cache.t4g.micro",
      replicas: 0,
      snapshotRetentionDays: 1,
    });
    expect(defaultsFor("production").cache).toEqual({
      nodeType: "cache.r7g.large",
      replicas: 1,
      snapshotRetentionDays: 7,
    });
    expect(defaultsFor("production").queue).toEqual({
      visibilityTimeoutSeconds: 30,
      messageRetentionSeconds: 345600,
      maxReceiveCount: 5,
    });
    const s = resolveWith({
      "slipway:cacheNodeType": "cache.m7g.large",
      "slipway:cacheReplicas": "2",
      "slipway:cacheSnapshotRetentionDays": "14",
      "slipway:queueVisibilityTimeoutSeconds": "300",
      "slipway:queueRetentionSeconds": "1209600",
      "slipway:queueMaxReceiveCount": "3",
    });
    expect(s.cache).toEqual({ nodeType: "cache.m7g.large", replicas: 2, snapshotRetentionDays: 14 });
    expect(s.queue).toEqual({
      visibilityTimeoutSeconds: 300,
      messageRetentionSeconds: 1209600,
      maxReceiveCount: 3,
    });
    const errors = errorsOf(() =>
      resolveWith({
        "slipway:cacheNodeType": "r7g.large",
        "slipway:cacheReplicas": "6",
        "slipway:queueMaxReceiveCount": "0",
      }),
    ).map((e) => e.message);
    expect(errors.join("\n")).toMatch(/slipway:cacheNodeType.*is not an ElastiCache node type/);
    expect(errors.join("\n")).toMatch(/slipway:cacheReplicas/);
    expect(errors.join("\n")).toMatch(/slipway:queueMaxReceiveCount/);
  });

  it("the environment type comes from config, whatever the stack is called", () => {
    expect(resolveWith({ "slipway:environmentType": "production" }, "perf-test").database.multiAz).toBe(true);
    const dev = resolveWith({ "slipway:environmentType": "development" }, "production");
    expect([dev.environmentType, dev.database.multiAz]).toEqual(["development", false]);
  });

  it("reads every typed key", () => {
    const s = resolveWith(
      {
        "slipway:artifactsDir": "releases/next",
        "slipway:strategy": "canary",
        "slipway:release": JSON.stringify({
          version: "2.0.0",
          activeColour: "green",
          idleVersion: "2.1.0",
          idleWeight: 10,
          migrationVersion: "2.1.0",
        }),
        "slipway:vpcCidr": "10.42.0.0/16",
        "slipway:azCount": "3",
        "slipway:natGateways": "perAz",
        "slipway:vpcEndpoints": "true",
        "slipway:dbInstanceClass": "db.t4g.medium",
        "slipway:dbMultiAz": "true",
        "slipway:dbBackupRetentionDays": "14",
        "slipway:apiCpu": "1024",
        "slipway:apiMemory": "2048",
        "slipway:services": JSON.stringify({
          worker: { cpu: 512, memory: 1024, image: "ghcr.io/acme/worker:2.0.0" },
        }),
        "slipway:domain": "taskflow.example.com",
        "slipway:hostedZoneId": "Z0123456789ABCDEFGHIJ",
        "slipway:uptimeSlaTarget": "99.95",
        "slipway:tracing": "false",
        "slipway:logRetentionDays": "30",
        "slipway:migrationCommand": '["npm","run","migrate"]',
      },
      "staging",
    );
    expect(s.artifactsDir).toBe(join(PROJECT, "releases", "next"));
    expect(s.strategy).toBe("canary");
    expect(s.release).toEqual({
      version: "2.0.0",
      activeColour: "green",
      idleVersion: "2.1.0",
      idleWeight: 10,
      migrationVersion: "2.1.0",
    });
    expect(s.network).toMatchObject({
      vpcCidr: "10.42.0.0/16",
      azCount: 3,
      natGateways: "perAz",
      vpcEndpoints: true,
    });
    expect(s.database).toMatchObject({
      instanceClass: "db.t4g.medium",
      multiAz: true,
      backupRetentionDays: 14,
    });
    expect(s.apiDefaults).toMatchObject({ cpu: 1024, memory: 2048 });
    expect(s.services.worker).toEqual({ cpu: 512, memory: 1024, image: "ghcr.io/acme/worker:2.0.0" });
    expect(s.domain).toEqual({ name: "taskflow.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" });
    expect([s.uptimeSlaTarget, s.tracing, s.logRetentionDays]).toEqual([99.95, false, 30]);
    expect(s.migrationCommand).toEqual(["npm", "run", "migrate"]);
  });

  it("takes the artifacts dir from SLIPWAY_ARTIFACTS_DIR when the key is unset", () => {
    expect(resolveWith({}, "staging", { SLIPWAY_ARTIFACTS_DIR: "/data/release" }).artifactsDir).toBe(
      "/data/release",
    );
    expect(
      resolveWith({ "slipway:artifactsDir": "/cfg/release" }, "staging", {
        SLIPWAY_ARTIFACTS_DIR: "/data/release",
      }).artifactsDir,
    ).toBe("/cfg/release");
  });

  it("defaults to the one release bundled under examples/, found rather than named", () => {
    const empty = mkdtempSync(join(tmpdir(), "slipway-config-"));
    try {
      const [none] = errorsOf(() => resolveWith({}, "staging", {}, empty));
      expect(none.message).toBe(
        `Pulumi.staging.yaml: slipway:artifactsDir: is not set, SLIPWAY_ARTIFACTS_DIR is not set, and ${join(empty, "examples")} holds no single bundled release. Fix: pulumi config set slipway:artifactsDir path/to/release --stack staging`,
      );
      for (const app of ["one", "two"]) {
        mkdirSync(join(empty, "examples", app), { recursive: true });
        writeFileSync(join(empty, "examples", app, "project-config.json"), "{}");
      }
      expect(errorsOf(() => resolveWith({}, "staging", {}, empty))[0].field).toBe("slipway:artifactsDir");
      expect(resolveWith({}, "staging", { SLIPWAY_ARTIFACTS_DIR: "rel" }, empty).artifactsDir).toBe(
        join(empty, "rel"),
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it("wraps secrets and never echoes them in errors", async () => {
    const s = resolveWith({
      "slipway:alertPagerDutyUrl": "https://events.pagerduty.com/integration/abc/enqueue",
      "slipway:alertEmails": "oncall@example.com, team@example.com",
      "slipway:secrets": JSON.stringify({ JWT_SIGNING_KEY: "s3cr3t-value" }),
    });
    expect(pulumi.Output.isInstance(s.alerts.pagerDutyUrl)).toBe(true);
    expect(await pulumi.isSecret(s.alerts.pagerDutyUrl!)).toBe(true);
    expect(await plain(s.alerts.pagerDutyUrl!)).toBe("https://events.pagerduty.com/integration/abc/enqueue");
    expect(s.alerts.emails).toHaveLength(2);
    expect(await pulumi.isSecret(s.secrets.JWT_SIGNING_KEY)).toBe(true);
    expect(await plain(s.secrets.JWT_SIGNING_KEY)).toBe("s3cr3t-value");

    const errors = errorsOf(() =>
      resolveWith({
        "slipway:alertSlackWebhookUrl": "http://hooks.slack.example/very-secret-token",
        "slipway:secrets": JSON.stringify({ API_KEY: "" }),
      }),
    );
    const text = errors.map((e) => e.message).join("\n");
    expect(text).toContain("slipway:alertSlackWebhookUrl");
    expect(text).toContain("--secret");
    expect(text).not.toContain("very-secret-token");
  });

  it("warns when no alert endpoint or domain is configured", () => {
    const s = resolveWith({});
    expect(s.warnings.join("\n")).toMatch(/no alert endpoint configured/);
    expect(s.warnings.join("\n")).toMatch(/no slipway:domain/);
  });

  type Bad = [string, Record<string, string>, string, string];
  const bad: Bad[] = [
    ["environment type", { "slipway:environmentType": "prod" }, "slipway:environmentType", "is not one of"],
    ["region", { "aws:region": "Europe" }, "aws:region", "not an AWS region"],
    ["strategy", { "slipway:strategy": "big_bang" }, "slipway:strategy", "is not one of"],
    ["release not an object", { "slipway:release": '"1.0"' }, "slipway:release", "must be an object"],
    [
      "release colour",
      { "slipway:release": '{"activeColour":"red"}' },
      "slipway:release.activeColour",
      "not blue or green",
    ],
    ["release weight", { "slipway:release": '{"idleWeight":150}' }, "slipway:release.idleWeight", "0..100"],
    ["release version", { "slipway:release": '{"version":"1 .0"}' }, "slipway:release.version", "image tag"],
    [
      "release migration version",
      { "slipway:release": '{"migrationVersion":"1.4.0:latest"}' },
      "slipway:release.migrationVersion",
      "is not a version usable as an image tag",
    ],
    [
      "release migration version not a string",
      { "slipway:release": '{"migrationVersion":140}' },
      "slipway:release.migrationVersion",
      "is not a version usable as an image tag",
    ],
    [
      "release unknown field",
      { "slipway:release": '{"colour":"blue"}' },
      "slipway:release.colour",
      "not a release state field",
    ],
    ["CIDR", { "slipway:vpcCidr": "10.0.0.0/8" }, "slipway:vpcCidr", "between /16 and /24"],
    ["AZ count", { "slipway:azCount": "1" }, "slipway:azCount", "between 2 and 6"],
    ["AZ count not a number", { "slipway:azCount": "three" }, "slipway:azCount", "not an integer"],
    ["NAT mode", { "slipway:natGateways": "none" }, "slipway:natGateways", "is not one of"],
    ["boolean", { "slipway:dbMultiAz": "yes" }, "slipway:dbMultiAz", "not true or false"],
    [
      "instance class",
      { "slipway:dbInstanceClass": "t4g.small" },
      "slipway:dbInstanceClass",
      "not an RDS instance class",
    ],
    [
      "backups",
      { "slipway:dbBackupRetentionDays": "0" },
      "slipway:dbBackupRetentionDays",
      "between 1 and 35",
    ],
    [
      "storage",
      { "slipway:dbAllocatedStorageGb": "200", "slipway:dbMaxAllocatedStorageGb": "100" },
      "slipway:dbMaxAllocatedStorageGb",
      "is below",
    ],
    [
      "PI retention",
      { "slipway:dbPerformanceInsightsRetentionDays": "30" },
      "slipway:dbPerformanceInsightsRetentionDays",
      "multiple of 31",
    ],
    [
      "Fargate memory",
      { "slipway:apiCpu": "256", "slipway:apiMemory": "4096" },
      "slipway:apiMemory",
      "not a Fargate memory size",
    ],
    ["Fargate CPU", { "slipway:workerCpu": "300" }, "slipway:workerCpu", "not a Fargate CPU size"],
    [
      "counts",
      { "slipway:apiMinCount": "5", "slipway:apiMaxCount": "3" },
      "slipway:apiMinCount",
      "above the maximum",
    ],
    [
      "log retention",
      { "slipway:logRetentionDays": "10" },
      "slipway:logRetentionDays",
      "not a CloudWatch Logs retention",
    ],
    [
      "service override type",
      { "slipway:services": '{"api":{"cpu":"lots"}}' },
      "slipway:services.api.cpu",
      "not a positive integer",
    ],
    [
      "service override field",
      { "slipway:services": '{"api":{"replicas":2}}' },
      "slipway:services.api.replicas",
      "not a service override field",
    ],
    [
      "image and build",
      { "slipway:services": '{"api":{"image":"a/b:1","buildContext":"app"}}' },
      "slipway:services.api.image",
      "together with buildContext",
    ],
    [
      "image URI",
      { "slipway:services": '{"api":{"image":"api"}}' },
      "slipway:services.api.image",
      "tag or digest",
    ],
    [
      "domain",
      { "slipway:domain": "Example.COM", "slipway:hostedZoneId": "Z123" },
      "slipway:domain",
      "lower-case DNS name",
    ],
    ["zone missing", { "slipway:domain": "example.com" }, "slipway:hostedZoneId", "is required"],
    [
      "zone format",
      { "slipway:domain": "example.com", "slipway:hostedZoneId": "/hostedzone/Z1" },
      "slipway:hostedZoneId",
      "not a Route 53",
    ],
    [
      "zone without domain",
      { "slipway:hostedZoneId": "Z123" },
      "slipway:hostedZoneId",
      "is set but slipway:domain is not",
    ],
    [
      "api host outside domain",
      {
        "slipway:domain": "example.com",
        "slipway:hostedZoneId": "Z1",
        "slipway:apiHostname": "api.other.com",
      },
      "slipway:apiHostname",
      "not within",
    ],
    [
      "alert URL",
      { "slipway:alertPagerDutyUrl": "ftp://x" },
      "slipway:alertPagerDutyUrl",
      "not an HTTPS URL",
    ],
    ["alert emails", { "slipway:alertEmails": "nobody" }, "slipway:alertEmails", "e-mail addresses"],
    ["SLA", { "slipway:uptimeSlaTarget": "100" }, "slipway:uptimeSlaTarget", "[90, 100)"],
    ["secrets shape", { "slipway:secrets": '["x"]' }, "slipway:secrets", "must be an object"],
    [
      "secret name",
      { "slipway:secrets": '{"BAD-NAME":"x"}' },
      "slipway:secrets.BAD-NAME",
      "not an environment variable name",
    ],
    [
      "migration command",
      { "slipway:migrationCommand": "[1,2]" },
      "slipway:migrationCommand",
      "not a command",
    ],
    ["typo key", { "slipway:azcount": "3" }, "slipway:azcount", "not a slipway configuration key"],
    [
      "VPC too small for its AZs",
      { "slipway:vpcCidr": "10.0.0.0/24", "slipway:azCount": "6" },
      "slipway:vpcCidr",
      "too small for three subnet tiers in 6 AZs",
    ],
    [
      "build context",
      { "slipway:services": '{"api":{"buildContext":"no-such-dir"}}' },
      "slipway:services.api.buildContext",
      "is not a directory",
    ],
    [
      "Dockerfile",
      { "slipway:services": '{"api":{"buildContext":"svc"}}' },
      "slipway:services.api.buildContext",
      "svc/Dockerfile does not exist",
    ],
    [
      "named Dockerfile",
      { "slipway:services": '{"api":{"buildContext":"svc","dockerfile":"Dockerfile.prod"}}' },
      "slipway:services.api.dockerfile",
      "svc/Dockerfile.prod does not exist",
    ],
    [
      "site assets",
      { "slipway:siteAssetsDir": "no-such-dist" },
      "slipway:siteAssetsDir",
      "is not a directory",
    ],
    ["site index", { "slipway:siteAssetsDir": "svc" }, "slipway:siteAssetsDir", "has no index.html"],
    [
      "unparseable object",
      { "slipway:services": "{nope" },
      "slipway:services",
      "not valid structured config",
    ],
  ];
  it.each(bad)("invalid %s names the key, the stack file and the fix", (_l, values, key, problem) => {
    const errors = errorsOf(() => resolveWith(values, "production"));
    const hit = errors.find((e) => e.field === key);
    expect(hit).toBeDefined();
    expect(hit!.file).toBe("Pulumi.production.yaml");
    expect(hit!.problem).toContain(problem);
    expect(hit!.fix).toMatch(/pulumi config|use |remove|set /);
    expect(hit!.message.startsWith(`Pulumi.production.yaml: ${key}: `)).toBe(true);
  });

  it.each([
    // [typed key, value, the key suggested]
    ["aws:regin", "eu-west-1", "aws:region"],
    ["aws:profil", "prod", "aws:profile"],
    ["slipway:dbMultiAZ", "true", "slipway:dbMultiAz"],
    ["slipway:secret", "x", "slipway:secrets"],
    ["slipway:alertSlackWebhook", "x", "slipway:alertSlackWebhookUrl"],
  ])("unknown key %s gets did you mean %s", (key, value, meant) => {
    const [e] = errorsOf(() => resolveWith({ [key]: value }));
    expect(e.field).toBe(key);
    expect(e.problem).toMatch(/is not an? (slipway|aws) (provider )?configuration key/);
    expect(e.fix).toContain(`did you mean ${meant}?`);
    expect(e.fix).toContain(`pulumi config rm ${key} --stack staging`);
    // A suggested secret key is set through Pulumi's prompt, never with a value on the command line.
    if (meant === "slipway:secrets" || meant.startsWith("slipway:alert"))
      expect(e.fix).toContain(`pulumi config set --secret ${meant} --stack staging`);
  });

  it("knows every key of the AWS provider and ignores other namespaces", () => {
    expect(() =>
      resolveWith({ "aws:profile": "prod", "aws:skipCredentialsValidation": "true", "random:x": "1" }),
    ).not.toThrow();
    const [far] = errorsOf(() => resolveWith({ "aws:completelyUnrelated": "1" }));
    expect(far.fix).not.toContain("did you mean");
    expect(far.fix).toContain("pulumi config rm aws:completelyUnrelated --stack staging");
  });

  it.each([
    [
      "slipway:environmentType",
      "prodution",
      '"prodution" is not one of staging, production, development',
      "production",
    ],
    ["slipway:natGateways", "perAZ", '"perAZ" is not one of single, perAz', "perAz"],
    [
      "slipway:strategy",
      "bluegreen",
      '"bluegreen" is not one of blue_green, canary, rolling, direct',
      "blue_green",
    ],
  ])("a near-miss value of %s echoes it and suggests the allowed one", (key, value, problem, meant) => {
    const [e] = errorsOf(() => resolveWith({ [key]: value }));
    expect(e.problem).toBe(problem);
    expect(e.fix).toBe(`did you mean "${meant}"? pulumi config set ${key} ${meant} --stack staging`);
  });

  it("echoes the value typed and names the fix, in the order of the declarations", () => {
    const errors = errorsOf(() =>
      resolveWith({
        "slipway:azCount": "9",
        "slipway:release": '{"idleWeight":"150","activeColor":"green"}',
        "slipway:uptimeSlaTarget": "100",
      }),
    );
    expect(errors.map((e) => e.message)).toEqual([
      "Pulumi.staging.yaml: slipway:release.idleWeight: 150 is not an integer percentage 0..100. Fix: pulumi config set --path 'slipway:release.idleWeight' 10 --stack staging",
      "Pulumi.staging.yaml: slipway:release.activeColor: is not a release state field. Fix: did you mean activeColour? use version, activeColour, idleVersion, idleWeight, migrationVersion",
      'Pulumi.staging.yaml: slipway:azCount: "9" is not an integer between 2 and 6. Fix: pulumi config set slipway:azCount 3 --stack staging',
      'Pulumi.staging.yaml: slipway:uptimeSlaTarget: "100" is not a percentage in [90, 100). Fix: pulumi config set slipway:uptimeSlaTarget 99.9 --stack staging',
    ]);
  });

  it("takes --path leaves given as text (numbers, booleans) as their declared type", () => {
    const s = resolveWith({
      "slipway:services": '{"api":{"cpu":"512","memory":"1024"}}',
      "slipway:release": '{"idleWeight":"10"}',
    });
    expect(s.services.api).toEqual({ cpu: 512, memory: 1024 });
    expect(s.release.idleWeight).toBe(10);
  });

  it("accepts the offline placeholder for secrets set with --path, each leaf a secret", async () => {
    const s = resolveWith({
      "slipway:secrets": JSON.stringify({ JWT_SIGNING_KEY: "offline-secure-placeholder" }),
      "slipway:alertSlackWebhookUrl": "offline-secure-placeholder",
    });
    expect(await pulumi.isSecret(s.secrets.JWT_SIGNING_KEY)).toBe(true);
    expect(await pulumi.isSecret(s.alerts.slackWebhookUrl!)).toBe(true);
  });

  it("suggests the intended key for a typo", () => {
    const [e] = errorsOf(() => resolveWith({ "slipway:azcount": "3" }));
    expect(e.fix).toContain("slipway:azCount");
  });

  it("reports every problem at once", () => {
    const errors = errorsOf(() => resolveWith({ "slipway:azCount": "9", "slipway:tracing": "maybe" }));
    expect(errors.map((e) => e.field)).toEqual(["slipway:azCount", "slipway:tracing"]);
  });

  it("requires a region", () => {
    const errors = errorsOf(() =>
      resolveStackConfig((k) => (k === "slipway:environmentType" ? "staging" : undefined), {
        project: "slipway",
        stack: "staging",
        projectDir: "/repo",
        env: {},
      }),
    );
    expect(errors[0].message).toBe(
      "Pulumi.staging.yaml: aws:region: is not set. Fix: pulumi config set aws:region eu-west-1 --stack staging",
    );
  });
});

describe("secret rotation", () => {
  const LAMBDA = "arn:aws:lambda:eu-west-1:123456789012:function:rotate-bank-token";

  it("reads rotation by variable name, days or schedule", () => {
    const s = resolveWith({
      "slipway:secretRotation": JSON.stringify({
        BANK_API_TOKEN: { lambdaArn: LAMBDA, automaticallyAfterDays: 30 },
        JWT_SIGNING_KEY: { lambdaArn: LAMBDA, scheduleExpression: "rate(7 days)" },
      }),
    });
    expect(s.secretRotation).toEqual({
      BANK_API_TOKEN: { lambdaArn: LAMBDA, automaticallyAfterDays: 30 },
      JWT_SIGNING_KEY: { lambdaArn: LAMBDA, scheduleExpression: "rate(7 days)" },
    });
    expect(resolveWith({}).secretRotation).toEqual({});
  });

  it("names every bad field with the command that fixes it", () => {
    const errors = errorsOf(() =>
      resolveWith({
        "slipway:secretRotation": JSON.stringify({
          A_KEY: { lambdaArn: "rotate-me", automaticallyAfterDays: 0 },
          B_KEY: { lambdaArn: LAMBDA },
          "bad name": { lambdaArn: LAMBDA, automaticallyAfterDays: 30 },
          C_KEY: { lambdaArn: LAMBDA, scheduleExpression: "every week", extra: 1 },
        }),
      }),
    );
    expect(errors.map((e) => e.field)).toEqual([
      "slipway:secretRotation.A_KEY.lambdaArn",
      "slipway:secretRotation.A_KEY.automaticallyAfterDays",
      "slipway:secretRotation.B_KEY",
      "slipway:secretRotation.bad name",
      // Within a key, problems come in the order the stack file writes the fields.
      "slipway:secretRotation.C_KEY.scheduleExpression",
      "slipway:secretRotation.C_KEY.extra",
    ]);
    expect(errors[1].fix).toBe(
      "pulumi config set --path 'slipway:secretRotation.A_KEY.automaticallyAfterDays' 30 --stack staging",
    );
    expect(errors.every((e) => e.file === "Pulumi.staging.yaml")).toBe(true);
  });

  it("flags rotation for a variable that is not a secret of the release", () => {
    const c = resolveWith({
      "slipway:secretRotation": JSON.stringify({
        BANK_TOKEN: { lambdaArn: LAMBDA, automaticallyAfterDays: 30 },
      }),
    });
    expect(unknownSecretRotations(c, ["BANK_API_TOKEN"])).toEqual([
      expect.objectContaining({
        field: "slipway:secretRotation.BANK_TOKEN",
        problem: 'the release has no secret environment variable "BANK_TOKEN" (its secrets: BANK_API_TOKEN)',
      }),
    ]);
    expect(unknownSecretRotations(c, ["BANK_TOKEN"])).toEqual([]);
  });
});

describe("serviceSettings and overrides", () => {
  const config = (services: StackConfig["services"]): StackConfig => ({
    ...resolveWith({}, "production"),
    services,
  });

  it("overlays the override on the kind defaults", () => {
    const c = config({ api: { maxCount: 10, image: "repo/api:1" } });
    expect(serviceSettings(c, { name: "api", kind: "api" })).toEqual({
      cpu: 512,
      memory: 1024,
      desiredCount: 2,
      minCount: 2,
      maxCount: 10,
      image: "repo/api:1",
    });
    expect(serviceSettings(c, { name: "worker", kind: "worker" })).toEqual(
      defaultsFor("production").workerDefaults,
    );
  });

  it("rejects a merged size that Fargate cannot run", () => {
    const [e] = errorsOf(() =>
      serviceSettings(config({ api: { memory: 8192 } }), { name: "api", kind: "api" }),
    );
    expect(e.field).toBe("slipway:services.api.memory");
    expect(e.fix).toContain("pulumi config set --path 'slipway:services.api.memory'");
  });

  it("resolves every service and reports every service's problems at once", () => {
    const services = [
      { name: "api", kind: "api" as const },
      { name: "worker", kind: "worker" as const },
    ];
    const ok = resolveServiceSettings(config({ worker: { maxCount: 3 } }), services);
    expect(ok.get("api")).toEqual(defaultsFor("production").apiDefaults);
    expect(ok.get("worker")).toEqual({ ...defaultsFor("production").workerDefaults, maxCount: 3 });
    const errors = errorsOf(() =>
      resolveServiceSettings(
        config({ api: { memory: 8192 }, worker: { minCount: 5 }, jobs: { cpu: 512 } }),
        services,
      ),
    );
    expect(errors.map((e) => e.field)).toEqual([
      "slipway:services.jobs",
      "slipway:services.api.memory",
      "slipway:services.worker.minCount",
      "slipway:services.worker.desiredCount",
    ]);
  });

  it("flags overrides for services the release does not have", () => {
    const errors = unknownServiceOverrides(config({ apii: { cpu: 512 }, api: {} }), ["api", "worker"]);
    expect(errors.map((e) => e.field)).toEqual(["slipway:services.apii"]);
  });
});

describe("resolveReleaseState", () => {
  const base = { stackFile: "Pulumi.staging.yaml", stack: "staging" };
  it.each([
    [
      "blue-green default",
      { activeColour: "blue" as const, idleWeight: 0 },
      undefined,
      "blue_green" as const,
      {
        activeColour: "blue",
        idleColour: "green",
        versions: { blue: "1.4.0", green: "1.4.0" },
        idleWeight: 0,
        twoColour: true,
      },
    ],
    [
      "blue-green after the flip",
      { activeColour: "green" as const, idleWeight: 0, version: "1.5.0", idleVersion: "1.4.0" },
      undefined,
      "blue_green" as const,
      {
        activeColour: "green",
        idleColour: "blue",
        versions: { green: "1.5.0", blue: "1.4.0" },
        idleWeight: 0,
        twoColour: true,
      },
    ],
    [
      "canary step",
      { activeColour: "blue" as const, idleWeight: 10, idleVersion: "1.5.0" },
      undefined,
      "canary" as const,
      {
        activeColour: "blue",
        idleColour: "green",
        versions: { blue: "1.4.0", green: "1.5.0" },
        idleWeight: 10,
        twoColour: true,
        migrationVersion: "1.5.0",
      },
    ],
    [
      "blue_green, migration version given",
      { activeColour: "blue" as const, idleWeight: 0, idleVersion: "1.5.0", migrationVersion: "1.6.0" },
      undefined,
      "blue_green" as const,
      { versions: { blue: "1.4.0", green: "1.5.0" }, migrationVersion: "1.6.0" },
    ],
    [
      "rolling",
      { activeColour: "blue" as const, idleWeight: 0, version: "1.5.0" },
      undefined,
      "rolling" as const,
      {
        activeColour: "blue",
        idleColour: "green",
        versions: { blue: "1.5.0" },
        idleWeight: 0,
        twoColour: false,
        migrationVersion: "1.5.0",
      },
    ],
    [
      "direct, preparatory update: the service stays on 1.3.0, the migration task runs 1.4.0",
      { activeColour: "blue" as const, idleWeight: 0, version: "1.3.0", migrationVersion: "1.4.0" },
      undefined,
      "direct" as const,
      { versions: { blue: "1.3.0" }, migrationVersion: "1.4.0", twoColour: false },
    ],
    [
      "strategy override",
      { activeColour: "blue" as const, idleWeight: 0 },
      "direct" as const,
      "blue_green" as const,
      { strategy: "direct", versions: { blue: "1.4.0" }, twoColour: false },
    ],
  ])("%s", (_l, release, strategy, releaseStrategy, expected) => {
    expect(
      resolveReleaseState({ ...base, release, strategy }, { version: "1.4.0", strategy: releaseStrategy }),
    ).toMatchObject(expected);
  });

  it.each([
    [{ activeColour: "blue" as const, idleWeight: 50 }, "slipway:release.idleWeight"],
    [{ activeColour: "green" as const, idleWeight: 0 }, "slipway:release.activeColour"],
  ])("one-colour strategies reject %j", (release, field) => {
    const [e] = errorsOf(() =>
      resolveReleaseState({ ...base, release }, { version: "1", strategy: "rolling" }),
    );
    expect(e.field).toBe(field);
  });
});
