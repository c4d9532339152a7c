import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createMocks, MOCK_ACCOUNT_ID, type MockRegistration } from "../../automation/engine/mocks";
import { value } from "../../test/harness/pulumi";
import { InputError } from "../../lib/errors";
import { POSTGRES_CONNECTION_FAILURE_PATTERN } from "./alarms";
import { CANARY_SCRIPT, CANARY_URL_VARIABLE, DEFAULT_CANARY_RUNTIME } from "./canary";
import {
  DEFAULT_ACCESS_LOG_RETENTION_DAYS,
  DEFAULT_CANARY_ACCESS_LOG_PREFIX,
  Monitoring,
  resolveMonitoringArgs,
  type MonitoringArgs,
} from "./monitoring";

const { mocks, registrations } = createMocks({ region: "eu-west-1" });
pulumi.runtime.setMocks(mocks, "slipway", "production", false);

const T = {
  key: "aws:kms/key:Key",
  topic: "aws:sns/topic:Topic",
  topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
  subscription: "aws:sns/topicSubscription:TopicSubscription",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  filter: "aws:cloudwatch/logMetricFilter:LogMetricFilter",
  rule: "aws:cloudwatch/eventRule:EventRule",
  target: "aws:cloudwatch/eventTarget:EventTarget",
  dashboard: "aws:cloudwatch/dashboard:Dashboard",
  canary: "aws:synthetics/canary:Canary",
  bucket: "aws:s3/bucket:Bucket",
  pab: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  object: "aws:s3/bucketObjectv2:BucketObjectv2",
  logging: "aws:s3/bucketLogging:BucketLogging",
  ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
  versioning: "aws:s3/bucketVersioning:BucketVersioning",
  lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
};

/** The lifecycle rule every SecureBucket has (components/storage). */
const EXPIRE_NONCURRENT_VERSIONS = {
  id: "expire-noncurrent-versions",
  status: "Enabled",
  filter: {},
  noncurrentVersionExpiration: { noncurrentDays: 7 },
  abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
};

/** Registrations of a type whose logical name starts with the component name. */
async function all(type: string, prefix: string, atLeast = 1): Promise<MockRegistration[]> {
  for (let i = 0; i < 400; i++) {
    const found = registrations.filter((r) => r.type === type && r.name.startsWith(`${prefix}-`));
    if (found.length >= atLeast) {
      await new Promise((r) => setTimeout(r, 20));
      return registrations.filter((r) => r.type === type && r.name.startsWith(`${prefix}-`));
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`expected ${atLeast} ${type} under ${prefix}`);
}

async function one(type: string, name: string): Promise<MockRegistration> {
  const found = (await all(type, name.split("-")[0])).filter((r) => r.name === name);
  if (found.length !== 1) throw new Error(`expected one ${type} ${name}, found ${found.length}`);
  return found[0];
}

/** Pulumi's secret signature key and value (how secrets are serialized to the engine). */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG_VALUE = "1b47061264138c4ac30d75fd1eb44270";

const SECRETS = {
  pagerDuty: "https://events.pagerduty.com/integration/0123456789abcdef0123456789abcdef/enqueue",
  slack: "https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX",
  email: "oncall-secret-address@example.com",
};

function fullArgs(overrides: Partial<MonitoringArgs> = {}): MonitoringArgs {
  return {
    namePrefix: "app-production",
    region: "eu-west-1",
    loadBalancerArnSuffix: "app/alb/50dc6c495c0c9188",
    apis: [
      {
        name: "api",
        loadBalancerArnSuffix: pulumi.output("app/alb/50dc6c495c0c9188"),
        clusterName: pulumi.output("app-cluster"),
        activeColour: "blue",
        targets: [
          {
            colour: "blue",
            targetGroupArnSuffix: "targetgroup/api-blue/1",
            serviceName: pulumi.output("api-blue"),
          },
          { colour: "green", targetGroupArnSuffix: "targetgroup/api-green/2", serviceName: "api-green" },
        ],
      },
    ],
    workers: [{ name: "worker", clusterName: "app-cluster", serviceName: "worker" }],
    database: { name: "db", instanceIdentifier: pulumi.output("app-production-db"), allocatedStorageGiB: 50 },
    certificates: [{ name: "api", arn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc" }],
    latencyBaselineP95Ms: 180,
    endpoints: [
      { name: "site", url: "https://app.example.com/" },
      { name: "api", url: pulumi.output("https://api.example.com/health") },
    ],
    uptime: { slaPercent: 99.5, windowMinutes: 120 },
    notifications: {
      pagerDutyUrl: pulumi.secret(SECRETS.pagerDuty),
      slackWebhookUrl: pulumi.secret(SECRETS.slack),
      emails: [pulumi.secret(SECRETS.email)],
    },
    tags: { team: "platform" },
    ...overrides,
  };
}

async function outputsOf(m: Monitoring): Promise<Record<string, unknown>> {
  const [alarms, events, topicArns, kmsKeyArn, dashboardName, dashboardUrl, canaryNames] = await value(
    pulumi.all([
      m.alarms,
      m.events,
      m.topicArns,
      m.kmsKeyArn,
      m.dashboardName,
      m.dashboardUrl,
      m.canaryNames,
    ]),
  );
  return { alarms, events, topicArns, kmsKeyArn, dashboardName, dashboardUrl, canaryNames };
}

describe("Monitoring: full environment", () => {
  let m: Monitoring;
  let outputs: Record<string, unknown>;
  let topicArn: Record<string, string>;
  beforeAll(async () => {
    m = new Monitoring("mon", fullArgs());
    outputs = await outputsOf(m);
    topicArn = outputs.topicArns as Record<string, string>;
    await all(T.canary, "mon", 2);
    await all(T.alarm, "mon", (outputs.alarms as unknown[]).length);
  });

  test("three topics, one per severity, each encrypted with the monitoring key", async () => {
    const topics = await all(T.topic, "mon", 3);
    const key = await one(T.key, "mon-key");
    expect(topics.map((t) => t.inputs.name).sort()).toEqual([
      "app-production-critical",
      "app-production-info",
      "app-production-warning",
    ]);
    for (const t of topics) expect(t.inputs.kmsMasterKeyId).toBe(key.outputs.arn);
    expect(key.inputs.enableKeyRotation).toBe(true);
    const policy = JSON.parse(key.inputs.policy as string);
    const services = policy.Statement.find((s: { Sid: string }) =>
      s.Sid.startsWith("CloudWatchAndEventBridge"),
    );
    expect(services.Principal.Service).toEqual(["cloudwatch.amazonaws.com", "events.amazonaws.com"]);
    expect(services.Action).toEqual(["kms:Decrypt", "kms:GenerateDataKey*"]);
    expect(topicArn).toEqual({
      critical: `arn:aws:sns:eu-west-1:${MOCK_ACCOUNT_ID}:mon-critical`,
      warning: `arn:aws:sns:eu-west-1:${MOCK_ACCOUNT_ID}:mon-warning`,
      info: `arn:aws:sns:eu-west-1:${MOCK_ACCOUNT_ID}:mon-info`,
    });
  });

  test("topic policies admit only this account's CloudWatch alarms and EventBridge rules, over TLS", async () => {
    const policies = await all(T.topicPolicy, "mon", 3);
    expect(policies).toHaveLength(3);
    for (const p of policies) {
      const doc = JSON.parse(p.inputs.policy as string);
      const allows = doc.Statement.filter(
        (s: { Effect: string; Principal: unknown }) => s.Effect === "Allow",
      );
      const cw = allows.find((s: { Sid: string }) => s.Sid === "CloudWatchAlarmsPublish");
      const eb = allows.find((s: { Sid: string }) => s.Sid === "EventBridgeRulesPublish");
      expect(cw.Condition).toEqual({
        StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID },
        ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:eu-west-1:${MOCK_ACCOUNT_ID}:alarm:*` },
      });
      expect(eb.Condition.ArnLike["aws:SourceArn"]).toBe(
        `arn:aws:events:eu-west-1:${MOCK_ACCOUNT_ID}:rule/*`,
      );
      // no statement opens publishing to everyone
      for (const s of allows) expect(s.Principal).not.toBe("*");
      const deny = doc.Statement.find((s: { Sid: string }) => s.Sid === "DenyInsecureTransport");
      expect(deny.Condition).toEqual({ Bool: { "aws:SecureTransport": "false" } });
      expect(doc.Statement.every((s: { Resource: string }) => s.Resource === p.inputs.arn)).toBe(true);
    }
  });

  test("every alarm notifies (and recovers) on its severity's topic", async () => {
    const alarms = outputs.alarms as {
      name: string;
      severity: "critical" | "warning" | "info";
      channel: string;
    }[];
    const registered = await all(T.alarm, "mon", alarms.length);
    expect(registered).toHaveLength(alarms.length);
    for (const out of alarms) {
      const r = registered.find((x) => x.inputs.name === out.name);
      expect(r).toBeDefined();
      expect(r!.inputs.alarmActions).toEqual([topicArn[out.severity]]);
      expect(r!.inputs.okActions).toEqual([topicArn[out.severity]]);
      expect(r!.inputs.actionsEnabled).toBe(true);
      expect(r!.inputs.treatMissingData).toMatch(/^(missing|breaching|notBreaching)$/);
    }
    expect(
      alarms.filter((a) => a.severity === "critical").every((a) => a.channel.includes("pagerduty")),
    ).toBe(true);
    expect(
      alarms.filter((a) => a.severity === "warning").every((a) => !a.channel.includes("pagerduty")),
    ).toBe(true);
  });

  test("latency thresholds come from the QA p95 (180 ms -> 0.36 s / 0.27 s)", async () => {
    const critical = await one(T.alarm, "mon-api-latency-p95-critical");
    const warning = await one(T.alarm, "mon-api-latency-p95-warning");
    expect(critical.inputs.threshold).toBe(0.36);
    expect(warning.inputs.threshold).toBe(0.27);
    const queries = critical.inputs.metricQueries as {
      id: string;
      metric?: { stat: string; dimensions: object };
    }[];
    expect(queries.filter((q) => q.metric).map((q) => q.metric!.stat)).toEqual(["p95", "p95"]);
    expect(queries[0].metric!.dimensions).toEqual({
      LoadBalancer: "app/alb/50dc6c495c0c9188",
      TargetGroup: "targetgroup/api-blue/1",
    });
  });

  test("error-rate alarms use metric math over 5xx and requests", async () => {
    const critical = await one(T.alarm, "mon-api-error-rate-critical");
    expect(critical.inputs.threshold).toBe(5);
    const queries = critical.inputs.metricQueries as {
      id: string;
      expression?: string;
      returnData: boolean;
    }[];
    expect(queries.find((q) => q.returnData)!.expression).toBe(
      "IF(requests > 0, 100 * errors / requests, 0)",
    );
    expect((await one(T.alarm, "mon-api-error-rate-warning")).inputs.threshold).toBe(1);
    expect((await one(T.alarm, "mon-alb-5xx-rate-critical")).inputs.threshold).toBe(5);
  });

  test("the uptime alarms follow the SLA arg and window", async () => {
    for (const e of ["site", "api"]) {
      const r = await one(T.alarm, `mon-${e}-availability`);
      expect(r.inputs.threshold).toBe(99.5);
      expect(r.inputs.comparisonOperator).toBe("LessThanThreshold");
      const q = (
        r.inputs.metricQueries as { metric: { metricName: string; period: number; dimensions: object } }[]
      )[0];
      expect(q.metric.metricName).toBe("SuccessPercent");
      expect(q.metric.period).toBe(7200);
      expect(q.metric.dimensions).toEqual({ CanaryName: `app-production-${e}` });
    }
  });

  test("database alarms: connection failures from the postgresql log, free storage < 10 % of 50 GiB", async () => {
    const filter = await one(T.filter, "mon-db-connection-failures-filter");
    expect(filter.inputs).toMatchObject({
      logGroupName: "/aws/rds/instance/app-production-db/postgresql",
      pattern: POSTGRES_CONNECTION_FAILURE_PATTERN,
      metricTransformation: {
        name: "app-production-db-ConnectionFailures",
        namespace: "Slipway",
        value: "1",
        defaultValue: "0",
      },
    });
    expect((await one(T.alarm, "mon-db-free-storage-low")).inputs.threshold).toBe(5368709120);
    expect((await one(T.alarm, "mon-db-connection-failures")).inputs.threshold).toBe(5);
  });

  test("subscriptions: PagerDuty pages on critical only, Slack gets all three, e-mail critical and warning", async () => {
    const subs = await all(T.subscription, "mon", 6);
    expect(subs).toHaveLength(6);
    // every endpoint reaches the provider as a secret (Pulumi's secret envelope), never as plain text
    for (const s of subs) expect(s.inputs.endpoint).toMatchObject({ [SECRET_SIG]: SECRET_SIG_VALUE });
    const endpointOf = (s: MockRegistration): string => (s.inputs.endpoint as { value: string }).value;
    const where = (endpoint: string) =>
      subs
        .filter((s) => endpointOf(s) === endpoint)
        .map((s) => s.inputs.topic)
        .sort();
    expect(where(SECRETS.pagerDuty)).toEqual([topicArn.critical]);
    expect(where(SECRETS.slack)).toEqual([topicArn.critical, topicArn.info, topicArn.warning].sort());
    expect(where(SECRETS.email)).toEqual([topicArn.critical, topicArn.warning].sort());
    const pd = subs.find((s) => endpointOf(s) === SECRETS.pagerDuty)!;
    expect(pd.inputs).toMatchObject({ protocol: "https", endpointAutoConfirms: true });
    expect(subs.find((s) => endpointOf(s) === SECRETS.email)!.inputs.protocol).toBe("email");
  });

  test("no endpoint value appears in any output or any resource other than its subscription", async () => {
    const text = JSON.stringify(outputs);
    const others = JSON.stringify(
      registrations
        .filter((r) => r.name.startsWith("mon-") && r.type !== T.subscription)
        .map((r) => r.inputs),
    );
    for (const secret of Object.values(SECRETS)) {
      expect(text).not.toContain(secret);
      expect(others).not.toContain(secret);
    }
  });

  test("informational events: deployment, scaling and backup rules publish to the info topic", async () => {
    const rules = await all(T.rule, "mon", 4);
    expect(rules.map((r) => r.inputs.name).sort()).toEqual([
      "app-production-autoscaling-at-max",
      "app-production-backup-completed",
      "app-production-deployment-completed",
      "app-production-service-scaled",
    ]);
    const deploy = JSON.parse(
      rules.find((r) => r.name === "mon-deployment-completed")!.inputs.eventPattern as string,
    );
    expect(deploy).toEqual({
      source: ["aws.ecs"],
      "detail-type": ["ECS Deployment State Change"],
      resources: [{ wildcard: "arn:aws:ecs:*:*:service/app-cluster/*" }],
      detail: { eventName: ["SERVICE_DEPLOYMENT_COMPLETED"] },
    });
    const backup = JSON.parse(
      rules.find((r) => r.name === "mon-backup-completed")!.inputs.eventPattern as string,
    );
    expect(backup.detail).toEqual({ EventID: ["RDS-EVENT-0002"], SourceIdentifier: ["app-production-db"] });
    const targets = await all(T.target, "mon", 4);
    expect(targets).toHaveLength(4);
    for (const t of targets) expect(t.inputs.arn).toBe(topicArn.info);
    const events = outputs.events as { severity: string; channel: string }[];
    expect(events).toHaveLength(4);
    expect(
      events.every((e) => e.severity === "info" && e.channel.startsWith("sns:app-production-info")),
    ).toBe(true);
  });

  test("dashboard: widgets for latency percentiles, errors, CPU/memory, database and uptime; console URL", async () => {
    const d = await one(T.dashboard, "mon-dashboard");
    expect(d.inputs.dashboardName).toBe("app-production");
    const body = JSON.parse(d.inputs.dashboardBody as string);
    const titles = body.widgets
      .map((w: { properties: { title?: string } }) => w.properties.title)
      .filter(Boolean);
    expect(titles).toEqual([
      "api: latency p50 / p95 / p99 (s)",
      "api: requests and 5xx error rate",
      "ECS services: CPU utilization (%)",
      "ECS services: memory utilization (%)",
      "db: connections and connection failures",
      "db: free storage (bytes)",
      "Uptime: canary success (%)",
      "db: CPU utilization (%)",
      "db: read / write latency (s)",
    ]);
    const latency = body.widgets.find((w: { properties: { title?: string } }) =>
      w.properties.title?.includes("latency"),
    );
    const stats = latency.properties.metrics.map((row: unknown[]) => (row.at(-1) as { stat: string }).stat);
    expect(stats).toEqual(["p50", "p95", "p99", "p50", "p95", "p99"]);
    expect(outputs.dashboardUrl).toBe(
      "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards:name=app-production",
    );
  });

  test("canaries: one per endpoint, URL by environment variable, encrypted artifacts", async () => {
    const canaries = await all(T.canary, "mon", 2);
    const key = await one(T.key, "mon-key");
    const site = canaries.find((c) => c.name === "mon-site-canary")!;
    expect(site.inputs).toMatchObject({
      name: "app-production-site",
      runtimeVersion: DEFAULT_CANARY_RUNTIME,
      handler: "uptime.handler",
      schedule: { expression: "rate(1 minute)" },
      runConfig: { environmentVariables: { [CANARY_URL_VARIABLE]: "https://app.example.com/" } },
      artifactConfig: { s3Encryption: { encryptionMode: "SSE_KMS", kmsKeyArn: key.outputs.arn } },
      startCanary: true,
    });
    expect(String(site.inputs.artifactS3Location)).toMatch(/^s3:\/\/.+\/artifacts\/site\/$/);
    const api = canaries.find((c) => c.name === "mon-api-canary")!;
    expect(api.inputs.runConfig).toMatchObject({
      environmentVariables: { [CANARY_URL_VARIABLE]: "https://api.example.com/health" },
    });
    expect(outputs.canaryNames).toEqual(["app-production-site", "app-production-api"]);
  });

  test("the canary artifacts bucket is private, KMS-encrypted and TLS-only", async () => {
    const pab = await one(T.pab, "mon-canary-artifacts-pab");
    expect(pab.inputs).toMatchObject({
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    const key = await one(T.key, "mon-key");
    const sse = await one(T.sse, "mon-canary-artifacts-sse");
    expect(sse.inputs.rules).toEqual([
      {
        applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.outputs.arn },
        bucketKeyEnabled: true,
      },
    ]);
    const policy = JSON.parse(
      (await one(T.bucketPolicy, "mon-canary-artifacts-policy")).inputs.policy as string,
    );
    expect(policy.Statement).toEqual([
      expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
    ]);
    const role = JSON.parse((await one(T.rolePolicy, "mon-canary-policy")).inputs.policy as string);
    const actions = role.Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat());
    expect(actions).not.toContain("s3:*");
    expect(actions).not.toContain("*");
    const code = await one(T.object, "mon-canary-code");
    expect(String(code.inputs.key)).toMatch(/^code\/uptime-[0-9a-f]{16}\.zip$/);
  });

  test("the canary artifacts bucket: owner-enforced, versioned, run artifacts expire with the canary retention", async () => {
    expect((await one(T.ownership, "mon-canary-artifacts-ownership")).inputs).toEqual({
      bucket: "mon-canary-artifacts-id",
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    expect(
      (await one(T.versioning, "mon-canary-artifacts-versioning")).inputs.versioningConfiguration,
    ).toEqual({ status: "Enabled" });
    // Only the run artifacts expire (30 days, the canary's own retention); the code under code/ stays.
    expect((await one(T.lifecycle, "mon-canary-artifacts-lifecycle")).inputs.rules).toEqual([
      EXPIRE_NONCURRENT_VERSIONS,
      {
        id: "expire-current-objects",
        status: "Enabled",
        filter: { prefix: "artifacts/" },
        expiration: { days: 30 },
      },
    ]);
    const canary = (await all(T.canary, "mon", 2))[0];
    expect(canary.inputs).toMatchObject({ successRetentionPeriod: 30, failureRetentionPeriod: 30 });
    expect(String(canary.inputs.artifactS3Location)).toMatch(/^s3:\/\/mon-canary-artifacts-id\/artifacts\//);
    expect((await one(T.bucket, "mon-canary-artifacts")).inputs.forceDestroy).toBe(false);
  });

  test("the canary artifacts bucket logs server access into the dedicated log bucket", async () => {
    const artifacts = await one(T.bucket, "mon-canary-artifacts");
    const logs = await one(T.bucket, "mon-access-logs");
    const logging = await one(T.logging, "mon-canary-artifacts-logging");
    expect(logging.inputs).toEqual({
      bucket: "mon-canary-artifacts-id",
      targetBucket: "mon-access-logs-id",
      targetPrefix: DEFAULT_CANARY_ACCESS_LOG_PREFIX,
    });
    expect(artifacts.outputs.arn).toBe("arn:aws:s3:::mon-canary-artifacts-id");
    expect(logs.inputs.tags).toEqual({ team: "platform", Name: "mon-access-logs" });
    // exactly two buckets: the artifacts and their log bucket (which does not log to itself)
    expect((await all(T.bucket, "mon")).map((b) => b.name).sort()).toEqual([
      "mon-access-logs",
      "mon-canary-artifacts",
    ]);
    expect((await all(T.logging, "mon")).map((l) => l.name)).toEqual(["mon-canary-artifacts-logging"]);
  });

  test("the access log bucket is private, owner-enforced, SSE-S3, versioned, expiring and TLS-only", async () => {
    expect((await one(T.pab, "mon-access-logs-pab")).inputs).toEqual({
      bucket: "mon-access-logs-id",
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    expect((await one(T.ownership, "mon-access-logs-ownership")).inputs).toEqual({
      bucket: "mon-access-logs-id",
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    // SSE-S3: server access logs cannot be delivered to an SSE-KMS default-encrypted bucket
    expect((await one(T.sse, "mon-access-logs-sse")).inputs.rules).toEqual([
      { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
    ]);
    expect((await one(T.versioning, "mon-access-logs-versioning")).inputs.versioningConfiguration).toEqual({
      status: "Enabled",
    });
    const rules = (await one(T.lifecycle, "mon-access-logs-lifecycle")).inputs.rules;
    expect(rules).toEqual([
      EXPIRE_NONCURRENT_VERSIONS,
      {
        id: "expire-current-objects",
        status: "Enabled",
        filter: {},
        expiration: { days: DEFAULT_ACCESS_LOG_RETENTION_DAYS },
      },
    ]);
  });

  test("the access log bucket policy lets only S3 logging of the artifacts bucket write, over TLS", async () => {
    const p = await one(T.bucketPolicy, "mon-access-logs-policy");
    expect(p.inputs.bucket).toBe("mon-access-logs-id");
    const logsArn = "arn:aws:s3:::mon-access-logs-id";
    const doc = JSON.parse(p.inputs.policy as string);
    expect(doc.Statement).toEqual([
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [logsArn, `${logsArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
      {
        Sid: "AllowS3ServerAccessLogs",
        Effect: "Allow",
        Principal: { Service: "logging.s3.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `${logsArn}/${DEFAULT_CANARY_ACCESS_LOG_PREFIX}*`,
        Condition: {
          StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID },
          ArnLike: { "aws:SourceArn": "arn:aws:s3:::mon-canary-artifacts-id" },
        },
      },
    ]);
  });
});

describe("Monitoring: data stores, NAT and the CloudFront edge in us-east-1", () => {
  let m: Monitoring;
  let alarms: { name: string; severity: string }[];
  beforeAll(async () => {
    const usEast1 = new aws.Provider("use1", { region: "us-east-1" });
    m = new Monitoring("edge", {
      namePrefix: "edge-prod",
      region: "eu-west-1",
      database: { name: "db", instanceIdentifier: "edge-prod-db", allocatedStorageGiB: 20, memoryGiB: 16 },
      natGateways: [{ name: "nat-1", natGatewayId: pulumi.output("nat-0a1") }],
      caches: [{ name: "cache", nodeIds: [pulumi.output("edge-prod-cache-001")] }],
      queues: [
        {
          name: "jobs",
          queueName: pulumi.output("edge-prod-jobs"),
          deadLetterQueueName: "edge-prod-jobs-dlq",
        },
      ],
      distributions: [{ name: "site", distributionId: pulumi.output("E2QWRUHAPOMQZL") }],
      certificates: [
        { name: "site", arn: "arn:aws:acm:us-east-1:123456789012:certificate/e", region: "us-east-1" },
      ],
      notifications: {
        pagerDutyUrl: pulumi.secret(SECRETS.pagerDuty),
        emails: [pulumi.secret(SECRETS.email)],
      },
      usEast1Provider: usEast1,
    });
    alarms = (await outputsOf(m)).alarms as { name: string; severity: string }[];
  });
  const inUsEast1 = (r: MockRegistration): boolean => (r.provider ?? "").includes("use1");

  test("alarms for the database's saturation, the NAT gateway, the cache and the queue", () => {
    expect(alarms.map((a) => a.name)).toEqual(
      expect.arrayContaining([
        "edge-prod-db-cpu-high",
        "edge-prod-db-freeable-memory-low",
        "edge-prod-db-connections-high",
        "edge-prod-db-read-latency-high",
        "edge-prod-db-write-latency-high",
        "edge-prod-nat-1-port-allocation-errors",
        "edge-prod-cache-1-engine-cpu-high",
        "edge-prod-cache-1-evictions",
        "edge-prod-jobs-oldest-message-critical",
        "edge-prod-jobs-dlq-not-empty",
        "edge-prod-site-cdn-5xx-rate-critical",
        "edge-prod-site-certificate-expiry-critical",
      ]),
    );
  });

  test("CloudFront and CloudFront-certificate alarms live in us-east-1 and notify topics there", async () => {
    const alarmRegs = await all(T.alarm, "edge", alarms.length);
    const edge = alarmRegs.filter(inUsEast1).map((r) => r.inputs.name as string);
    expect(edge.sort()).toEqual(
      [
        "edge-prod-site-cdn-5xx-rate-critical",
        "edge-prod-site-cdn-5xx-rate-warning",
        "edge-prod-site-certificate-expiry-critical",
        "edge-prod-site-certificate-expiry-warning",
      ].sort(),
    );
    const topics = await all(T.topic, "edge", 5);
    const edgeTopics = topics.filter(inUsEast1);
    expect(edgeTopics.map((t) => t.inputs.name).sort()).toEqual(["edge-prod-critical", "edge-prod-warning"]);
    const edgeArns = new Set(edgeTopics.map((t) => t.outputs.arn));
    for (const r of alarmRegs.filter(inUsEast1)) {
      expect(edgeArns.has((r.inputs.alarmActions as string[])[0])).toBe(true);
    }
    for (const r of alarmRegs.filter((x) => !inUsEast1(x))) {
      expect(edgeArns.has((r.inputs.alarmActions as string[])[0])).toBe(false);
    }
    const keys = (await all(T.key, "edge", 2)).filter(inUsEast1);
    expect(keys).toHaveLength(1);
    expect(edgeTopics.every((t) => t.inputs.kmsMasterKeyId === keys[0].outputs.arn)).toBe(true);
    const subs = (await all(T.subscription, "edge", 5)).filter(inUsEast1);
    expect(subs.map((s) => s.name).sort()).toEqual([
      "edge-us-east-1-critical-email-0",
      "edge-us-east-1-critical-pagerduty",
      "edge-us-east-1-warning-email-0",
    ]);
  });

  test("the cache, queue and CloudFront alarms measure what they say", async () => {
    const alarmRegs = await all(T.alarm, "edge", alarms.length);
    const metric = (name: string) =>
      (alarmRegs.find((r) => r.inputs.name === name)!.inputs.metricQueries as { metric: unknown }[])[0]
        .metric;
    expect(metric("edge-prod-cache-1-engine-cpu-high")).toMatchObject({
      namespace: "AWS/ElastiCache",
      metricName: "EngineCPUUtilization",
      dimensions: { CacheClusterId: "edge-prod-cache-001" },
    });
    expect(metric("edge-prod-jobs-dlq-not-empty")).toMatchObject({
      namespace: "AWS/SQS",
      dimensions: { QueueName: "edge-prod-jobs-dlq" },
    });
    expect(metric("edge-prod-site-cdn-5xx-rate-warning")).toMatchObject({
      namespace: "AWS/CloudFront",
      metricName: "5xxErrorRate",
      dimensions: { DistributionId: "E2QWRUHAPOMQZL", Region: "Global" },
    });
  });

  test("the dashboard draws the new families, CloudFront in us-east-1", async () => {
    const d = await one(T.dashboard, "edge-dashboard");
    const body = JSON.parse(d.inputs.dashboardBody as string);
    const cdn = body.widgets.find((w: { properties: { title?: string } }) =>
      w.properties.title?.includes("CloudFront"),
    );
    expect(cdn.properties.region).toBe("us-east-1");
    expect(cdn.properties.metrics[0][3]).toBe("E2QWRUHAPOMQZL");
    const titles = body.widgets.map((w: { properties: { title?: string } }) => w.properties.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        "jobs: backlog (messages)",
        "cache: Evictions",
        "NAT gateways: port allocation errors",
      ]),
    );
  });
});

describe("Monitoring: canary access logs into an existing log bucket", () => {
  test("logs to the caller's bucket and prefix, and creates no log bucket of its own", async () => {
    const m = new Monitoring("ext", {
      namePrefix: "app-staging",
      region: "eu-west-1",
      endpoints: [{ name: "site", url: "https://app.example.com/" }],
      canaryAccessLogs: { targetBucket: pulumi.output("org-access-logs"), targetPrefix: "s3/app-canary/" },
    });
    await outputsOf(m);
    const logging = await one(T.logging, "ext-canary-artifacts-logging");
    expect(logging.inputs).toEqual({
      bucket: "ext-canary-artifacts-id",
      targetBucket: "org-access-logs",
      targetPrefix: "s3/app-canary/",
    });
    await one(T.canary, "ext-site-canary");
    const names = registrations.filter((r) => r.name.startsWith("ext-")).map((r) => r.name);
    expect(names.filter((n) => n.startsWith("ext-access-logs"))).toEqual([]);
    expect((await all(T.bucket, "ext")).map((b) => b.name)).toEqual(["ext-canary-artifacts"]);
  });
});

describe("Monitoring: API-only stack without endpoints or subscriptions", () => {
  test("no canaries, no database alarms, channels say there are no subscriptions", async () => {
    const m = new Monitoring("lean", {
      namePrefix: "svc-staging",
      region: "us-east-2",
      apis: [
        {
          name: "api",
          loadBalancerArnSuffix: "app/alb/1",
          clusterName: "c",
          targets: [{ colour: "blue", targetGroupArnSuffix: "targetgroup/api/1", serviceName: "api" }],
        },
      ],
    });
    const out = await outputsOf(m);
    const alarms = out.alarms as { name: string; condition: string; channel: string }[];
    expect(alarms.map((a) => a.name)).toEqual([
      "svc-staging-api-unhealthy-hosts",
      "svc-staging-api-no-healthy-hosts",
      "svc-staging-api-error-rate-critical",
      "svc-staging-api-error-rate-warning",
      "svc-staging-api-latency-p95-critical",
      "svc-staging-api-latency-p95-warning",
      "svc-staging-api-blue-memory-high",
      "svc-staging-api-blue-cpu-high",
    ]);
    expect(alarms[0].channel).toBe("sns:svc-staging-critical (no subscriptions)");
    expect(alarms.find((a) => a.name.endsWith("latency-p95-critical"))!.condition).toContain("1 s");
    expect(out.canaryNames).toEqual([]);
    await all(T.alarm, "lean", 7);
    expect(registrations.filter((r) => r.name.startsWith("lean-") && r.type === T.canary)).toHaveLength(0);
    expect(registrations.filter((r) => r.name.startsWith("lean-") && r.type === T.bucket)).toHaveLength(0);
    expect(registrations.filter((r) => r.name.startsWith("lean-") && r.type === T.subscription)).toHaveLength(
      0,
    );
    expect(out.dashboardUrl).toBe(
      "https://us-east-2.console.aws.amazon.com/cloudwatch/home?region=us-east-2#dashboards:name=svc-staging",
    );
  });
});

describe("resolveMonitoringArgs: validation names the argument path", () => {
  const base = (): MonitoringArgs => ({
    namePrefix: "app-prod",
    region: "eu-west-1",
    apis: [
      {
        name: "api",
        loadBalancerArnSuffix: "lb",
        clusterName: "c",
        targets: [{ colour: "blue", targetGroupArnSuffix: "tg", serviceName: "s" }],
      },
    ],
  });
  const cases: [string, (a: MonitoringArgs) => MonitoringArgs, string][] = [
    ["bad prefix", (a) => ({ ...a, namePrefix: "App Prod" }), "args.namePrefix"],
    ["bad region", (a) => ({ ...a, region: "europe" }), "args.region"],
    ["no targets", (a) => ({ ...a, apis: [{ ...a.apis![0], targets: [] }] }), "args.apis[0].targets"],
    [
      "duplicate colour",
      (a) => ({ ...a, apis: [{ ...a.apis![0], targets: [a.apis![0].targets[0], a.apis![0].targets[0]] }] }),
      "args.apis[0].targets",
    ],
    [
      "active colour without target",
      (a) => ({ ...a, apis: [{ ...a.apis![0], activeColour: "green" }] }),
      "args.apis[0].activeColour",
    ],
    [
      "duplicate service name",
      (a) => ({ ...a, workers: [{ name: "api", clusterName: "c", serviceName: "w" }] }),
      "args.workers[0].name",
    ],
    [
      "storage not an integer",
      (a) => ({ ...a, database: { name: "db", instanceIdentifier: "db", allocatedStorageGiB: 0.5 } }),
      "args.database.allocatedStorageGiB",
    ],
    ["negative baseline", (a) => ({ ...a, latencyBaselineP95Ms: -1 }), "args.latencyBaselineP95Ms"],
    [
      "distribution without a us-east-1 provider",
      (a) => ({ ...a, distributions: [{ name: "site", distributionId: "E1" }] }),
      "args.usEast1Provider",
    ],
    [
      "us-east-1 certificate without the region",
      (a) => ({
        ...a,
        certificates: [{ name: "site", arn: "arn:aws:acm:us-east-1:123456789012:certificate/e" }],
      }),
      "args.certificates[0].arn",
    ],
    [
      "cache without nodes",
      (a) => ({ ...a, caches: [{ name: "cache", nodeIds: [] }] }),
      "args.caches[0].nodeIds",
    ],
    [
      "queue named like a service",
      (a) => ({ ...a, queues: [{ name: "api", queueName: "q", deadLetterQueueName: "d" }] }),
      "args.queues[0].name",
    ],
    [
      "database memory of zero",
      (a) => ({
        ...a,
        database: { name: "db", instanceIdentifier: "db", allocatedStorageGiB: 20, memoryGiB: 0 },
      }),
      "args.database.memoryGiB",
    ],
    ["SLA above 100", (a) => ({ ...a, uptime: { slaPercent: 100.1 } }), "args.uptime.slaPercent"],
    [
      "window shorter than schedule",
      (a) => ({ ...a, uptime: { windowMinutes: 5, scheduleMinutes: 10 } }),
      "args.uptime.windowMinutes",
    ],
    ["window above a day", (a) => ({ ...a, uptime: { windowMinutes: 1441 } }), "args.uptime.windowMinutes"],
    [
      "non-puppeteer runtime",
      (a) => ({ ...a, uptime: { runtimeVersion: "syn-python-selenium-5.1" } }),
      "args.uptime.runtimeVersion",
    ],
    [
      "bad endpoint name",
      (a) => ({ ...a, endpoints: [{ name: "Site!", url: "https://x.example.com" }] }),
      "args.endpoints[0].name",
    ],
    [
      "relative URL",
      (a) => ({ ...a, endpoints: [{ name: "site", url: "/health" }] }),
      "args.endpoints[0].url",
    ],
    [
      "duplicate endpoint",
      (a) => ({
        ...a,
        endpoints: [
          { name: "site", url: "https://a.example.com" },
          { name: "site", url: "https://b.example.com" },
        ],
      }),
      "args.endpoints[1].name",
    ],
    [
      "plain-http PagerDuty",
      (a) => ({ ...a, notifications: { pagerDutyUrl: "http://pd.example.com" } }),
      "args.notifications.pagerDutyUrl",
    ],
    [
      "bad e-mail",
      (a) => ({ ...a, notifications: { emails: ["not-an-address"] } }),
      "args.notifications.emails[0]",
    ],
    [
      "certificate from another region",
      (a) => ({
        ...a,
        certificates: [{ name: "site", arn: "arn:aws:acm:us-east-1:123456789012:certificate/cf" }],
      }),
      "args.certificates[0].arn",
    ],
    [
      "access log bucket given as an ARN",
      (a) => ({ ...a, canaryAccessLogs: { targetBucket: "arn:aws:s3:::org-logs" } }),
      "args.canaryAccessLogs.targetBucket",
    ],
    [
      "access log prefix without trailing slash",
      (a) => ({ ...a, canaryAccessLogs: { targetPrefix: "s3/canary" } }),
      "args.canaryAccessLogs.targetPrefix",
    ],
    [
      "access log prefix with a leading slash",
      (a) => ({ ...a, canaryAccessLogs: { targetPrefix: "/s3/canary/" } }),
      "args.canaryAccessLogs.targetPrefix",
    ],
    [
      "access log retention with an existing bucket",
      (a) => ({ ...a, canaryAccessLogs: { targetBucket: "org-logs", retentionDays: 30 } }),
      "args.canaryAccessLogs.retentionDays",
    ],
    [
      "access log retention of zero days",
      (a) => ({ ...a, canaryAccessLogs: { retentionDays: 0 } }),
      "args.canaryAccessLogs.retentionDays",
    ],
    [
      "negative failure threshold",
      (a) => ({ ...a, databaseConnectionFailureThreshold: -1 }),
      "args.databaseConnectionFailureThreshold",
    ],
  ];

  test.each(cases.map(([label, change, path]) => [label, path, change] as const))(
    "%s -> %s",
    (_label, path, change) => {
      let error: unknown;
      try {
        resolveMonitoringArgs("mon", change(base()));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).field).toBe(path);
      expect((error as InputError).message).toContain('slipway:monitoring:Monitoring "mon"');
    },
  );

  test("a secret value is never echoed in a validation error", () => {
    expect(() =>
      resolveMonitoringArgs("mon", {
        ...base(),
        notifications: { slackWebhookUrl: "http://hooks.example.com/T0/SECRET" },
      }),
    ).toThrow(/^(?!.*SECRET).*args\.notifications\.slackWebhookUrl/s);
  });

  test("the constructor validates before creating anything", () => {
    const before = registrations.length;
    expect(() => new Monitoring("bad", { ...base(), region: "nowhere" })).toThrow(InputError);
    expect(registrations.filter((r) => r.name.startsWith("bad-"))).toHaveLength(0);
    expect(registrations.length).toBeGreaterThanOrEqual(before);
  });

  test("defaults: 99.9 % over 60 minutes, every minute, default runtime, 30-day artifacts", () => {
    expect(resolveMonitoringArgs("mon", base()).uptime).toEqual({
      slaPercent: 99.9,
      windowMinutes: 60,
      scheduleMinutes: 1,
      runtimeVersion: DEFAULT_CANARY_RUNTIME,
      artifactRetentionDays: 30,
    });
  });

  test("defaults: canary access logs go to the dedicated bucket under s3/canary-artifacts/ for 90 days", () => {
    expect(resolveMonitoringArgs("mon", base()).canaryAccessLogs).toEqual({
      targetBucket: undefined,
      targetPrefix: "s3/canary-artifacts/",
      retentionDays: 90,
    });
  });

  test("the canary script reads its URL from the environment variable", () => {
    expect(CANARY_SCRIPT).toContain(`process.env.${CANARY_URL_VARIABLE}`);
  });
});
