/**
 * The Monitoring component against the slipway-baseline CrossGuard pack (policies/all.ts), evaluated
 * in-process on everything the component registers, created with the stack's provider (default tags)
 * as index.ts creates it: no violation at all, with the dedicated access log bucket and with an
 * existing one; without the access logging the pack reports S3.9 on the artifacts bucket.
 */
import * as pulumi from "@pulumi/pulumi";
import { createMocks } from "../../automation/engine/mocks";
import { asAnalyzed, settle, value } from "../../test/harness/pulumi";
import { packConfigFor, policies } from "../../policies/all";
import { evaluatePolicies, type HarnessResource } from "../../policies/harness";
import { standardTags } from "../tags";
import { Monitoring, type MonitoringArgs } from "./monitoring";

const { mocks, registrations } = createMocks({ region: "eu-west-1" });
pulumi.runtime.setMocks(mocks, "slipway", "production", false);

/** The stack's aws provider, as index.ts creates it: the standard tags travel as default tags. */
const STACK_PROVIDER = {
  type: "pulumi:providers:aws",
  name: "default",
  urn: "urn:pulumi:production::slipway::pulumi:providers:aws::default",
  props: {
    region: "eu-west-1",
    defaultTags: {
      tags: standardTags({
        project: "taskflow",
        environment: "production",
        owner: "platform",
        team: "platform",
        dataClassification: "internal",
        complianceFrameworks: [],
      }),
    },
  },
};

const BUCKET = "aws:s3/bucket:Bucket";
const LOGGING = "aws:s3/bucketLogging:BucketLogging";

/** Everything component `name` registers (the component and its children), as the analyzer sees it. */
async function resourcesOf(name: string, args: MonitoringArgs): Promise<HarnessResource[]> {
  const m = new Monitoring(name, args);
  await value(pulumi.all([m.alarms, m.events, m.topicArns, m.dashboardUrl, m.canaryNames]));
  await settle(registrations, 50);
  return asAnalyzed(
    registrations.filter((r) => r.name === name || r.name.startsWith(`${name}-`)),
    STACK_PROVIDER,
  );
}

function args(namePrefix: string, overrides: Partial<MonitoringArgs> = {}): MonitoringArgs {
  return {
    namePrefix,
    region: "eu-west-1",
    loadBalancerArnSuffix: "app/alb/50dc6c495c0c9188",
    apis: [
      {
        name: "api",
        loadBalancerArnSuffix: "app/alb/50dc6c495c0c9188",
        clusterName: "taskflow-cluster",
        targets: [
          { colour: "blue", targetGroupArnSuffix: "targetgroup/api-blue/1", serviceName: "api-blue" },
          { colour: "green", targetGroupArnSuffix: "targetgroup/api-green/2", serviceName: "api-green" },
        ],
      },
    ],
    workers: [{ name: "worker", clusterName: "taskflow-cluster", serviceName: "worker" }],
    database: { name: "db", instanceIdentifier: "taskflow-db", allocatedStorageGiB: 20 },
    certificates: [{ name: "api", arn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc" }],
    endpoints: [
      { name: "site", url: "https://app.example.com/" },
      { name: "api", url: "https://api.example.com/health" },
    ],
    notifications: {
      pagerDutyUrl: pulumi.secret("https://events.pagerduty.com/integration/0123/enqueue"),
      emails: [pulumi.secret("oncall@example.com")],
    },
    ...overrides,
  };
}

let dedicated: HarnessResource[];
let existing: HarnessResource[];
beforeAll(async () => {
  dedicated = await resourcesOf("mon", args("taskflow-production"));
  existing = await resourcesOf("ext", {
    ...args("taskflow-staging"),
    canaryAccessLogs: { targetBucket: "org-access-logs", targetPrefix: "s3/taskflow-canary/" },
  });
});

test.each(["production", "staging"] as const)(
  "%s: the dedicated access log bucket and everything else pass every policy as mandatory",
  async (environmentType) => {
    const buckets = dedicated.filter((r) => r.type === BUCKET).map((r) => r.name);
    expect(buckets.sort()).toEqual(["mon-access-logs", "mon-canary-artifacts"]);
    expect(dedicated.some((r) => r.type === "aws:synthetics/canary:Canary")).toBe(true);
    const result = await evaluatePolicies(policies, dedicated, {
      config: { all: "mandatory", ...packConfigFor(environmentType) },
      environmentType,
    });
    expect(result.violations).toEqual([]);
  },
);

test("an existing access log bucket: no violation at all", async () => {
  expect(existing.filter((r) => r.type === BUCKET).map((r) => r.name)).toEqual(["ext-canary-artifacts"]);
  const result = await evaluatePolicies(policies, existing, {
    config: { all: "mandatory", ...packConfigFor("staging") },
    environmentType: "staging",
  });
  expect(result.violations).toEqual([]);
});

test("without the logging configuration the pack reports S3.9 on both buckets", async () => {
  // The log bucket is exempt only as the target of the artifacts bucket's BucketLogging.
  const withoutLogging = dedicated.filter((r) => r.type !== LOGGING);
  const result = await evaluatePolicies(policies, withoutLogging, {
    config: packConfigFor("production"),
    environmentType: "production",
  });
  const urn = (name: string) => `urn:pulumi:production::slipway::${BUCKET}::${name}`;
  expect(result.violations.map((v) => [v.policy, v.enforcementLevel, v.urn]).sort()).toEqual([
    ["s3-enable-access-logging", "mandatory", urn("mon-access-logs")],
    ["s3-enable-access-logging", "mandatory", urn("mon-canary-artifacts")],
    // no longer a server access log target, the log bucket may (and is advised to) use a KMS key
    ["s3-encrypt-with-kms", "advisory", urn("mon-access-logs")],
  ]);
});
