/**
 * The second bundled example (`examples/more/shopfront`: frontend, API, queue-fed worker, Valkey cache,
 * FIFO queue, media bucket, PostgreSQL, AI report) on the whole program, staging and production: each
 * service reaches, reads and may do exactly what its packet `dependencies` name, and the new
 * components have their secure baseline.
 */
import { join } from "node:path";
import { type ProgramRun, ofType, runProgram } from "./fixtures/program";
import { type ServiceAccess, serviceAccess } from "./harness/access";

const SHOPFRONT = join(__dirname, "..", "examples", "more", "shopfront");
const runs: Record<string, ProgramRun> = {};
const access: Record<string, Map<string, ServiceAccess>> = {};

beforeAll(async () => {
  for (const stack of ["staging", "production"]) {
    runs[stack] = await runProgram({ stack, config: { "slipway:artifactsDir": SHOPFRONT } });
    access[stack] = new Map(
      serviceAccess(runs[stack].registrations).map((a) => [a.component.replace(`shop-${stack}-`, ""), a]),
    );
  }
}, 300_000);

/** Statements granted for dependencies (tracing's X-Ray and Logs statements are the same for every service). */
const dependencyStatements = (a: ServiceAccess): ServiceAccess["taskStatements"] =>
  a.taskStatements.filter((s) => !/^(XRayWrite|CollectorEmfMetrics)$/i.test(s.Sid ?? ""));
const actions = (a: ServiceAccess): string[] =>
  dependencyStatements(a)
    .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]))
    .sort();
const resources = (a: ServiceAccess): string[] =>
  dependencyStatements(a).flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]));

describe.each(["staging", "production"])("shopfront %s: least privilege from dependencies", (stack) => {
  it("the API (db, cache, orders, media) is accepted by the database and the cache, nothing else", () => {
    const api = access[stack].get("api")!;
    expect([...api.acceptedBy].sort((a, b) => a.port - b.port)).toEqual([
      { group: `shop-${stack}-db-sg`, port: 5432 },
      { group: `shop-${stack}-cache-sg`, port: 6379 },
    ]);
  });

  it("the fulfiller (orders, db) is accepted by the database only", () => {
    expect(access[stack].get("fulfiller")!.acceptedBy).toEqual([
      { group: `shop-${stack}-db-sg`, port: 5432 },
    ]);
  });

  it("the API may send to the orders queue, use the media bucket and invoke the AI model; the fulfiller may only consume the queue", () => {
    const api = access[stack].get("api")!;
    const worker = access[stack].get("fulfiller")!;
    expect(actions(api)).toEqual(
      [
        "bedrock:InvokeModel",
        "bedrock:InvokeModelWithResponseStream",
        "s3:DeleteObject",
        "s3:GetObject",
        "s3:ListBucket",
        "s3:PutObject",
        "sqs:GetQueueAttributes",
        "sqs:GetQueueUrl",
        "sqs:SendMessage",
      ].sort(),
    );
    expect(actions(worker)).toEqual(
      [
        "sqs:ChangeMessageVisibility",
        "sqs:DeleteMessage",
        "sqs:GetQueueAttributes",
        "sqs:GetQueueUrl",
        "sqs:ReceiveMessage",
      ].sort(),
    );
    for (const a of [api, worker]) for (const r of resources(a)) expect(r).not.toBe("*");
    const queueArn = ofType(runs[stack], "aws:sqs/queue:Queue").find(
      (q) => q.name === `shop-${stack}-orders-queue`,
    )!.outputs.arn;
    expect(resources(worker)).toEqual([queueArn]);
  });

  it("each service gets the variables of its dependencies only, filled from the provisioned resources", () => {
    const api = access[stack].get("api")!;
    const worker = access[stack].get("fulfiller")!;
    expect(api.environment.REDIS_URL).toMatch(
      /^rediss:\/\/master\.shop-[a-z]+-cache\.[a-z0-9.]+\.cache\.amazonaws\.com:6379$/,
    );
    expect(api.environment.ORDERS_QUEUE_URL).toBe(
      `https://sqs.eu-west-1.amazonaws.com/123456789012/shop-${stack}-orders.fifo`,
    );
    expect(api.environment.MEDIA_BUCKET).toMatch(/^shop-/);
    expect(api.secretNames).toEqual([
      "DATABASE_URL",
      "JWT_SIGNING_KEY",
      "PGPASSWORD",
      "PGUSER",
      "REDIS_AUTH_TOKEN",
    ]);
    expect(worker.environment.ORDERS_QUEUE_URL).toBe(api.environment.ORDERS_QUEUE_URL);
    expect(worker.environment).not.toHaveProperty("REDIS_URL");
    expect(worker.environment).not.toHaveProperty("MEDIA_BUCKET");
    expect(worker.secretNames).toEqual(["DATABASE_URL", "JWT_SIGNING_KEY", "PGPASSWORD", "PGUSER"]);
    expect(worker.readableSecrets.some((arn) => /cache-auth/.test(arn))).toBe(false);
  });

  it("a required setting nothing fills is listed with its fix, never generated", () => {
    expect(runs[stack].warnings.join("\n")).toContain(
      "PAYMENT_PROVIDER_URL (Base URL of the payment provider's API) is required, has no default and nothing in the release fills it",
    );
    for (const a of access[stack].values()) {
      expect(a.environment).not.toHaveProperty("PAYMENT_PROVIDER_URL");
      expect(a.secretNames).not.toContain("PAYMENT_PROVIDER_URL");
    }
  });
});

describe("shopfront components", () => {
  it("the cache: Valkey, encrypted at rest with its own key and in transit, AUTH token, snapshots, logs; Multi-AZ with failover in production", () => {
    for (const [stack, nodes, snapshots] of [
      ["staging", 1, 1],
      ["production", 2, 7],
    ] as const) {
      const [group] = ofType(runs[stack], "aws:elasticache/replicationGroup:ReplicationGroup");
      expect(group.inputs).toMatchObject({
        engine: "valkey",
        atRestEncryptionEnabled: true,
        transitEncryptionEnabled: true,
        transitEncryptionMode: "required",
        numCacheClusters: nodes,
        automaticFailoverEnabled: nodes > 1,
        multiAzEnabled: nodes > 1,
        snapshotRetentionLimit: snapshots,
        maintenanceWindow: "sun:05:00-sun:06:00",
      });
      expect(group.inputs.kmsKeyId).toMatch(/^arn:aws:kms:/);
      expect(group.inputs.authToken).toBeDefined();
      expect(
        (group.inputs.logDeliveryConfigurations as { logType: string }[]).map((l) => l.logType).sort(),
      ).toEqual(["engine-log", "slow-log"]);
    }
  });

  it("the queue: FIFO (the packet asks for ordering) with a dead-letter queue, SSE and TLS-only policies", () => {
    const queues = ofType(runs.staging, "aws:sqs/queue:Queue");
    const main = queues.find((q) => q.name === "shop-staging-orders-queue")!;
    const dlq = queues.find((q) => q.name === "shop-staging-orders-dlq")!;
    expect(main.inputs).toMatchObject({
      name: "shop-staging-orders.fifo",
      fifoQueue: true,
      sqsManagedSseEnabled: true,
    });
    expect(dlq.inputs).toMatchObject({
      name: "shop-staging-orders-dlq.fifo",
      fifoQueue: true,
      sqsManagedSseEnabled: true,
    });
    expect(JSON.parse(String(main.inputs.redrivePolicy))).toEqual({
      deadLetterTargetArn: dlq.outputs.arn,
      maxReceiveCount: 5,
    });
    const policies = ofType(runs.staging, "aws:sqs/queuePolicy:QueuePolicy");
    expect(policies).toHaveLength(2);
    for (const p of policies)
      expect(JSON.parse(String(p.inputs.policy)).Statement[0]).toMatchObject({
        Effect: "Deny",
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      });
  });

  it("the media bucket is private, with access logging", () => {
    const buckets = ofType(runs.staging, "aws:s3/bucket:Bucket").map((b) => b.name);
    expect(buckets).toEqual(expect.arrayContaining(["shop-staging-media-data", "shop-staging-media-logs"]));
    const pab = ofType(runs.staging, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").find(
      (p) => p.name === "shop-staging-media-data-pab",
    )!;
    expect(pab.inputs).toMatchObject({
      blockPublicAcls: true,
      blockPublicPolicy: true,
      restrictPublicBuckets: true,
    });
    expect(ofType(runs.staging, "aws:s3/bucketLogging:BucketLogging").map((l) => l.name)).toContain(
      "shop-staging-media-data-logging",
    );
  });
});

describe("shopfront with cache and queue sizes from the stack config", () => {
  let run: ProgramRun;
  beforeAll(async () => {
    run = await runProgram({
      stack: "staging",
      config: {
        "slipway:artifactsDir": SHOPFRONT,
        "slipway:cacheNodeType": "cache.m7g.large",
        "slipway:cacheReplicas": "2",
        "slipway:cacheSnapshotRetentionDays": "14",
        "slipway:queueVisibilityTimeoutSeconds": "300",
        "slipway:queueRetentionSeconds": "1209600",
        "slipway:queueMaxReceiveCount": "3",
      },
    });
  }, 120_000);

  it("the cache and the queue take them (the component reads no config)", () => {
    const [group] = ofType(run, "aws:elasticache/replicationGroup:ReplicationGroup");
    expect(group.inputs).toMatchObject({
      nodeType: "cache.m7g.large",
      numCacheClusters: 3,
      automaticFailoverEnabled: true,
      multiAzEnabled: true,
      snapshotRetentionLimit: 14,
    });
    const queues = ofType(run, "aws:sqs/queue:Queue");
    const main = queues.find((q) => q.name === "shop-staging-orders-queue")!;
    expect(main.inputs).toMatchObject({ visibilityTimeoutSeconds: 300, messageRetentionSeconds: 1209600 });
    expect(JSON.parse(String(main.inputs.redrivePolicy)).maxReceiveCount).toBe(3);
  });
});

describe("shopfront monitoring", () => {
  const alarm = (stack: string, key: string) => {
    const found = ofType(runs[stack], "aws:cloudwatch/metricAlarm:MetricAlarm").find(
      (a) => a.inputs.name === `shop-${stack}-${key}`,
    );
    if (!found) throw new Error(`no alarm shop-${stack}-${key}`);
    return found.inputs.metricQueries as {
      metric: { namespace: string; metricName: string; dimensions: Record<string, string> };
    }[];
  };

  it("watches every cache node, the queue and its dead-letter queue, the NAT gateways and the database's saturation", () => {
    const cacheNodes = ofType(runs.production, "aws:elasticache/replicationGroup:ReplicationGroup")[0].outputs
      .memberClusters as string[];
    expect(cacheNodes).toHaveLength(2);
    cacheNodes.forEach((node, i) => {
      expect(alarm("production", `cache-${i + 1}-engine-cpu-high`)[0].metric).toMatchObject({
        namespace: "AWS/ElastiCache",
        metricName: "EngineCPUUtilization",
        dimensions: { CacheClusterId: node },
      });
      for (const role of ["cpu-high", "memory-high", "evictions", "connections-high"])
        expect(alarm("production", `cache-${i + 1}-${role}`)).toHaveLength(1);
    });
    expect(alarm("production", "orders-backlog-high")[0].metric.dimensions).toEqual({
      QueueName: "shop-production-orders.fifo",
    });
    expect(alarm("production", "orders-oldest-message-critical")[0].metric.metricName).toBe(
      "ApproximateAgeOfOldestMessage",
    );
    expect(alarm("production", "orders-dlq-not-empty")[0].metric.dimensions).toEqual({
      QueueName: "shop-production-orders-dlq.fifo",
    });
    const nats = ofType(runs.production, "aws:ec2/natGateway:NatGateway");
    expect(nats.length).toBeGreaterThan(0);
    nats.forEach((nat, i) =>
      expect(alarm("production", `nat-${i + 1}-port-allocation-errors`)[0].metric.dimensions).toEqual({
        NatGatewayId: `${nat.name}-id`,
      }),
    );
    for (const key of [
      "cpu-high",
      "freeable-memory-low",
      "connections-high",
      "read-latency-high",
      "write-latency-high",
    ])
      expect(alarm("production", `db-${key}`)[0].metric.namespace).toBe("AWS/RDS");
    expect(alarm("staging", "cache-1-evictions")).toHaveLength(1);
    expect(() => alarm("staging", "cache-2-evictions")).toThrow();
  });
});
