import {
  buildAlarmSpecs,
  DEFAULT_LATENCY_BASELINE_P95_MS,
  freeStorageThresholdBytes,
  latencyThresholds,
  POSTGRES_CONNECTION_FAILURE_PATTERN,
  type AlarmInput,
  type AlarmSpec,
} from "./alarms";

const channels = {
  critical: "sns:app-prod-critical (pagerduty, slack, email)",
  warning: "sns:app-prod-warning (slack, email)",
  info: "sns:app-prod-info (slack)",
};

function input(overrides: Partial<AlarmInput<string>> = {}): AlarmInput<string> {
  return {
    namePrefix: "app-prod",
    apis: [
      {
        name: "api",
        loadBalancerArnSuffix: "app/alb/50dc6c495c0c9188",
        clusterName: "cluster",
        activeColour: "green",
        targets: [
          { colour: "blue", targetGroupArnSuffix: "targetgroup/api-blue/1", serviceName: "api-blue" },
          { colour: "green", targetGroupArnSuffix: "targetgroup/api-green/2", serviceName: "api-green" },
        ],
      },
    ],
    workers: [{ name: "worker", clusterName: "cluster", serviceName: "worker-svc" }],
    database: {
      name: "db",
      instanceIdentifier: "app-prod-db",
      allocatedStorageGiB: 20,
      logGroupName: "/aws/rds/instance/app-prod-db/postgresql",
      memoryGiB: 16,
    },
    certificates: [{ name: "api", arn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc" }],
    natGateways: [{ name: "nat-1", natGatewayId: "nat-0a1" }],
    caches: [{ name: "cache", nodeIds: ["app-prod-cache-001", "app-prod-cache-002"] }],
    queues: [{ name: "jobs", queueName: "app-prod-jobs", deadLetterQueueName: "app-prod-jobs-dlq" }],
    distributions: [{ name: "site", distributionId: "E2QWRUHAPOMQZL" }],
    loadBalancerArnSuffix: "app/alb/50dc6c495c0c9188",
    canaries: [{ name: "site", canaryName: "app-prod-site" }],
    latencyBaselineP95Ms: 180,
    uptimeSlaPercent: 99.9,
    uptimeWindowMinutes: 60,
    connectionFailureThreshold: 5,
    channels,
    ...overrides,
  };
}

function byName(specs: AlarmSpec[], name: string): AlarmSpec {
  const spec = specs.find((s) => s.name === name);
  if (!spec) throw new Error(`no alarm ${name} in ${specs.map((s) => s.name).join(", ")}`);
  return spec;
}

describe("latencyThresholds", () => {
  test.each([
    // p95 ms, critical s (2x), warning s (1.5x)
    [180, 0.36, 0.27],
    [100, 0.2, 0.15],
    [250, 0.5, 0.375],
    [41, 0.082, 0.0615],
    [1000, 2, 1.5],
    [333, 0.666, 0.4995],
  ])("QA p95 %d ms -> critical %d s, warning %d s", (p95, critical, warning) => {
    const t = latencyThresholds(p95);
    expect(t.criticalSeconds).toBe(critical);
    expect(t.warningSeconds).toBe(warning);
    expect(t.fromQa).toBe(true);
  });

  test("without a QA p95 the stated default baseline is used", () => {
    const t = latencyThresholds(undefined);
    expect(t.baselineMs).toBe(DEFAULT_LATENCY_BASELINE_P95_MS);
    expect(t.fromQa).toBe(false);
    expect(t.criticalSeconds).toBe(1);
    expect(t.warningSeconds).toBe(0.75);
  });
});

describe("freeStorageThresholdBytes", () => {
  test.each([
    [20, 2147483648],
    [100, 10737418240],
    [1, 107374182],
  ])("%d GiB -> %d bytes (10 %%)", (gib, bytes) => {
    expect(freeStorageThresholdBytes(gib)).toBe(bytes);
  });
});

describe("buildAlarmSpecs", () => {
  const specs = buildAlarmSpecs(input());

  test("every alarm has a prefixed unique name, a severity channel and exactly one returned query", () => {
    expect(new Set(specs.map((s) => s.name)).size).toBe(specs.length);
    for (const s of specs) {
      expect(s.name.startsWith("app-prod-")).toBe(true);
      expect(s.channel).toBe(channels[s.severity]);
      expect(s.queries.filter((q) => q.returnData)).toHaveLength(1);
      expect(s.datapointsToAlarm).toBeLessThanOrEqual(s.evaluationPeriods);
      // CloudWatch limits for metric-math alarms: at most 10 metrics and 10 expressions
      expect(s.queries.filter((q) => q.metric).length).toBeLessThanOrEqual(10);
      expect(s.queries.filter((q) => q.expression).length).toBeLessThanOrEqual(10);
      for (const q of s.queries) expect(Boolean(q.metric) !== Boolean(q.expression)).toBe(true);
      // the component sends `${condition}. ${description}` as the alarm description (max 1024)
      expect(`${s.condition}. ${s.description}`.length).toBeLessThanOrEqual(1024);
      // every expression only references ids defined in the same alarm
      const ids = new Set(s.queries.map((q) => q.id));
      for (const q of s.queries.filter((q) => q.expression)) {
        const refs = q.expression!.match(/\b[a-z][a-z0-9_]*\b/g) ?? [];
        for (const r of refs.filter((r) => !["FILL", "IF", "MAX"].includes(r.toUpperCase()))) {
          expect(ids.has(r)).toBe(true);
        }
      }
    }
  });

  test("the full alarm set, family by family", () => {
    expect(specs.map((s) => [s.name, s.severity])).toEqual([
      ["app-prod-api-unhealthy-hosts", "critical"],
      ["app-prod-api-no-healthy-hosts", "critical"],
      ["app-prod-api-error-rate-critical", "critical"],
      ["app-prod-api-error-rate-warning", "warning"],
      ["app-prod-api-latency-p95-critical", "critical"],
      ["app-prod-api-latency-p95-warning", "warning"],
      ["app-prod-api-blue-memory-high", "warning"],
      ["app-prod-api-blue-cpu-high", "warning"],
      ["app-prod-api-green-memory-high", "warning"],
      ["app-prod-api-green-cpu-high", "warning"],
      ["app-prod-alb-5xx-rate-critical", "critical"],
      ["app-prod-alb-5xx-rate-warning", "warning"],
      ["app-prod-worker-tasks-below-desired", "critical"],
      ["app-prod-worker-memory-high", "warning"],
      ["app-prod-worker-cpu-high", "warning"],
      ["app-prod-db-connection-failures", "critical"],
      ["app-prod-db-free-storage-low", "critical"],
      ["app-prod-db-cpu-high", "warning"],
      ["app-prod-db-freeable-memory-low", "warning"],
      ["app-prod-db-connections-high", "warning"],
      ["app-prod-db-read-latency-high", "warning"],
      ["app-prod-db-write-latency-high", "warning"],
      ["app-prod-nat-1-port-allocation-errors", "warning"],
      ...[1, 2].flatMap((n) =>
        ["cpu-high", "engine-cpu-high", "memory-high", "evictions", "connections-high"].map((r) => [
          `app-prod-cache-${n}-${r}`,
          "warning",
        ]),
      ),
      ["app-prod-jobs-backlog-high", "warning"],
      ["app-prod-jobs-oldest-message-critical", "critical"],
      ["app-prod-jobs-oldest-message-warning", "warning"],
      ["app-prod-jobs-dlq-not-empty", "warning"],
      ["app-prod-site-cdn-5xx-rate-critical", "critical"],
      ["app-prod-site-cdn-5xx-rate-warning", "warning"],
      ["app-prod-api-certificate-expiry-warning", "warning"],
      ["app-prod-api-certificate-expiry-critical", "critical"],
      ["app-prod-site-availability", "critical"],
    ]);
  });

  test.each([
    // name, operator, threshold, evaluation periods, datapoints, missing data
    ["app-prod-api-error-rate-critical", "GreaterThanThreshold", 5, 5, 3, "notBreaching"],
    ["app-prod-api-error-rate-warning", "GreaterThanThreshold", 1, 3, 2, "notBreaching"],
    ["app-prod-api-latency-p95-critical", "GreaterThanThreshold", 0.36, 5, 3, "notBreaching"],
    ["app-prod-api-latency-p95-warning", "GreaterThanThreshold", 0.27, 3, 2, "notBreaching"],
    ["app-prod-api-unhealthy-hosts", "GreaterThanThreshold", 0, 3, 3, "notBreaching"],
    ["app-prod-api-no-healthy-hosts", "LessThanThreshold", 1, 2, 2, "breaching"],
    ["app-prod-api-blue-memory-high", "GreaterThanThreshold", 80, 3, 3, "notBreaching"],
    ["app-prod-worker-tasks-below-desired", "GreaterThanThreshold", 0, 5, 5, "breaching"],
    ["app-prod-db-free-storage-low", "LessThanThreshold", 2147483648, 2, 2, "missing"],
    ["app-prod-db-connection-failures", "GreaterThanThreshold", 5, 1, 1, "notBreaching"],
    ["app-prod-api-certificate-expiry-warning", "LessThanThreshold", 30, 1, 1, "missing"],
    ["app-prod-api-certificate-expiry-critical", "LessThanThreshold", 7, 1, 1, "missing"],
    ["app-prod-site-availability", "LessThanThreshold", 99.9, 1, 1, "breaching"],
    ["app-prod-alb-5xx-rate-critical", "GreaterThanThreshold", 5, 5, 3, "notBreaching"],
  ])("%s: %s %d, %d/%d, missing=%s", (name, op, threshold, periods, datapoints, missing) => {
    const s = byName(specs, name);
    expect(s.comparisonOperator).toBe(op);
    expect(s.threshold).toBe(threshold);
    expect(s.evaluationPeriods).toBe(periods);
    expect(s.datapointsToAlarm).toBe(datapoints);
    expect(s.treatMissingData).toBe(missing);
  });

  test("latency alarms take the worst colour's p95 of TargetResponseTime and state the QA baseline", () => {
    const s = byName(specs, "app-prod-api-latency-p95-critical");
    const metrics = s.queries.filter((q) => q.metric);
    expect(
      metrics.map((q) => [q.metric!.metricName, q.metric!.stat, q.metric!.dimensions.TargetGroup]),
    ).toEqual([
      ["TargetResponseTime", "p95", "targetgroup/api-blue/1"],
      ["TargetResponseTime", "p95", "targetgroup/api-green/2"],
    ]);
    expect(s.queries.find((q) => q.returnData)!.expression).toBe("MAX([p95_blue, p95_green])");
    expect(s.condition).toContain("0.36 s");
    expect(s.condition).toContain("QA p95 180 ms");
    expect(byName(specs, "app-prod-api-latency-p95-warning").condition).toContain("0.27 s");
  });

  test("a single-colour API alarms on the plain p95 metric", () => {
    const single = buildAlarmSpecs(
      input({
        apis: [
          {
            name: "api",
            loadBalancerArnSuffix: "app/alb/1",
            clusterName: "c",
            activeColour: "blue",
            targets: [{ colour: "blue", targetGroupArnSuffix: "targetgroup/api/1", serviceName: "api" }],
          },
        ],
        caches: [],
      }),
    );
    const s = byName(single, "app-prod-api-latency-p95-critical");
    expect(s.queries).toHaveLength(1);
    expect(s.queries[0].metric).toMatchObject({ metricName: "TargetResponseTime", stat: "p95", period: 60 });
    expect(single.filter((x) => x.name.endsWith("memory-high")).map((x) => x.name)).toEqual([
      "app-prod-api-blue-memory-high",
      "app-prod-worker-memory-high",
    ]);
  });

  test("without a QA p95 the latency alarms use the default baseline and say so", () => {
    const s = buildAlarmSpecs(input({ latencyBaselineP95Ms: undefined }));
    expect(byName(s, "app-prod-api-latency-p95-critical").threshold).toBe(1);
    expect(byName(s, "app-prod-api-latency-p95-warning").threshold).toBe(0.75);
    expect(byName(s, "app-prod-api-latency-p95-critical").condition).toContain("QA report has no p95");
  });

  test("error rate is 100 * target 5xx / requests summed over both colours", () => {
    const s = byName(specs, "app-prod-api-error-rate-critical");
    const q = Object.fromEntries(s.queries.map((x) => [x.id, x]));
    expect(q.errors.expression).toBe("FILL(errors_blue, 0) + FILL(errors_green, 0)");
    expect(q.requests.expression).toBe("FILL(requests_blue, 0) + FILL(requests_green, 0)");
    expect(q.error_rate.expression).toBe("IF(requests > 0, 100 * errors / requests, 0)");
    expect(q.error_rate.returnData).toBe(true);
    expect(q.errors_green.metric).toMatchObject({
      namespace: "AWS/ApplicationELB",
      metricName: "HTTPCode_Target_5XX_Count",
      stat: "Sum",
      period: 60,
      dimensions: { LoadBalancer: "app/alb/50dc6c495c0c9188", TargetGroup: "targetgroup/api-green/2" },
    });
    expect(
      byName(specs, "app-prod-api-error-rate-warning").queries.find((x) => x.metric)!.metric!.period,
    ).toBe(300);
  });

  test("no-healthy-hosts watches the active colour only", () => {
    const s = byName(specs, "app-prod-api-no-healthy-hosts");
    expect(s.queries[0].metric!.dimensions.TargetGroup).toBe("targetgroup/api-green/2");
    expect(s.queries[0].metric!.stat).toBe("Minimum");
  });

  test("worker down is RunningTaskCount < DesiredTaskCount from Container Insights", () => {
    const s = byName(specs, "app-prod-worker-tasks-below-desired");
    expect(s.queries.filter((q) => q.metric).map((q) => [q.metric!.namespace, q.metric!.metricName])).toEqual(
      [
        ["ECS/ContainerInsights", "RunningTaskCount"],
        ["ECS/ContainerInsights", "DesiredTaskCount"],
      ],
    );
    expect(s.queries.find((q) => q.returnData)!.expression).toBe("desired - running");
  });

  test("database connection failures come from a metric filter on the postgresql log", () => {
    const s = byName(specs, "app-prod-db-connection-failures");
    expect(s.logMetricFilter).toEqual({
      logGroupName: "/aws/rds/instance/app-prod-db/postgresql",
      pattern: POSTGRES_CONNECTION_FAILURE_PATTERN,
      metricNamespace: "Slipway",
      metricName: "app-prod-db-ConnectionFailures",
    });
    expect(s.queries[0].metric).toMatchObject({
      namespace: "Slipway",
      metricName: "app-prod-db-ConnectionFailures",
    });
    expect(POSTGRES_CONNECTION_FAILURE_PATTERN).toContain('?"password authentication failed"');
  });

  test("free storage threshold follows the allocated storage", () => {
    const s = buildAlarmSpecs(input({ database: { ...input().database!, allocatedStorageGiB: 100 } }));
    const spec = byName(s, "app-prod-db-free-storage-low");
    expect(spec.threshold).toBe(10737418240);
    expect(spec.condition).toContain("Disk space > 90 %");
    expect(spec.condition).toContain("10 GiB");
  });

  test.each([
    [99.9, 60],
    [99.5, 1440],
    [99, 5],
  ])("uptime alarm follows the SLA %d %% over %d minutes", (sla, window) => {
    const s = byName(
      buildAlarmSpecs(input({ uptimeSlaPercent: sla, uptimeWindowMinutes: window })),
      "app-prod-site-availability",
    );
    expect(s.threshold).toBe(sla);
    expect(s.queries[0].metric).toMatchObject({
      namespace: "CloudWatchSynthetics",
      metricName: "SuccessPercent",
      dimensions: { CanaryName: "app-prod-site" },
      period: window * 60,
    });
  });

  test("no ALB alarms without a load balancer, no database alarms without a database", () => {
    const s = buildAlarmSpecs(input({ loadBalancerArnSuffix: undefined, database: undefined, apis: [] }));
    expect(s.some((x) => x.name.includes("alb-"))).toBe(false);
    expect(s.some((x) => x.name.includes("-db-"))).toBe(false);
  });

  test("the connection failure threshold is configurable", () => {
    const s = buildAlarmSpecs(input({ connectionFailureThreshold: 0 }));
    expect(byName(s, "app-prod-db-connection-failures").threshold).toBe(0);
  });

  // What each single-metric alarm measures: the metric, where it lives and how it is judged.
  const ecs = (service: string) => ({ ClusterName: "cluster", ServiceName: service });
  const rds = { DBInstanceIdentifier: "app-prod-db" };
  const node = (n: number) => ({ CacheClusterId: `app-prod-cache-00${n}` });
  const cert = { CertificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc" };
  const cdn = { DistributionId: "E2QWRUHAPOMQZL", Region: "Global" };
  test.each([
    // name, namespace, metric, dimensions, stat, period, comparison, threshold, evaluation, datapoints, missing
    [
      "api-no-healthy-hosts",
      "AWS/ApplicationELB",
      "HealthyHostCount",
      { LoadBalancer: "app/alb/50dc6c495c0c9188", TargetGroup: "targetgroup/api-green/2" },
      "Minimum",
      60,
      "LessThanThreshold",
      1,
      2,
      2,
      "breaching",
    ],
    [
      "api-blue-memory-high",
      "AWS/ECS",
      "MemoryUtilization",
      ecs("api-blue"),
      "Average",
      300,
      "GreaterThanThreshold",
      80,
      3,
      3,
      "notBreaching",
    ],
    [
      "api-blue-cpu-high",
      "AWS/ECS",
      "CPUUtilization",
      ecs("api-blue"),
      "Average",
      300,
      "GreaterThanThreshold",
      80,
      3,
      3,
      "notBreaching",
    ],
    [
      "api-green-cpu-high",
      "AWS/ECS",
      "CPUUtilization",
      ecs("api-green"),
      "Average",
      300,
      "GreaterThanThreshold",
      80,
      3,
      3,
      "notBreaching",
    ],
    [
      "worker-memory-high",
      "AWS/ECS",
      "MemoryUtilization",
      ecs("worker-svc"),
      "Average",
      300,
      "GreaterThanThreshold",
      80,
      3,
      3,
      "notBreaching",
    ],
    [
      "worker-cpu-high",
      "AWS/ECS",
      "CPUUtilization",
      ecs("worker-svc"),
      "Average",
      300,
      "GreaterThanThreshold",
      80,
      3,
      3,
      "notBreaching",
    ],
    [
      "db-connection-failures",
      "Slipway",
      "app-prod-db-ConnectionFailures",
      {},
      "Sum",
      300,
      "GreaterThanThreshold",
      5,
      1,
      1,
      "notBreaching",
    ],
    [
      "db-free-storage-low",
      "AWS/RDS",
      "FreeStorageSpace",
      rds,
      "Minimum",
      300,
      "LessThanThreshold",
      2147483648,
      2,
      2,
      "missing",
    ],
    [
      "db-cpu-high",
      "AWS/RDS",
      "CPUUtilization",
      rds,
      "Average",
      300,
      "GreaterThanThreshold",
      80,
      3,
      3,
      "notBreaching",
    ],
    // 20 % of 16 GiB
    [
      "db-freeable-memory-low",
      "AWS/RDS",
      "FreeableMemory",
      rds,
      "Minimum",
      300,
      "LessThanThreshold",
      3435973837,
      3,
      3,
      "notBreaching",
    ],
    // 80 % of max_connections 1351 (16 GiB)
    [
      "db-connections-high",
      "AWS/RDS",
      "DatabaseConnections",
      rds,
      "Maximum",
      300,
      "GreaterThanThreshold",
      1080,
      3,
      3,
      "notBreaching",
    ],
    [
      "db-read-latency-high",
      "AWS/RDS",
      "ReadLatency",
      rds,
      "Average",
      300,
      "GreaterThanThreshold",
      0.02,
      3,
      3,
      "notBreaching",
    ],
    [
      "db-write-latency-high",
      "AWS/RDS",
      "WriteLatency",
      rds,
      "Average",
      300,
      "GreaterThanThreshold",
      0.02,
      3,
      3,
      "notBreaching",
    ],
    [
      "nat-1-port-allocation-errors",
      "AWS/NATGateway",
      "ErrorPortAllocation",
      { NatGatewayId: "nat-0a1" },
      "Sum",
      300,
      "GreaterThanThreshold",
      0,
      3,
      2,
      "notBreaching",
    ],
    [
      "cache-1-cpu-high",
      "AWS/ElastiCache",
      "CPUUtilization",
      node(1),
      "Average",
      300,
      "GreaterThanThreshold",
      80,
      3,
      3,
      "notBreaching",
    ],
    [
      "cache-2-cpu-high",
      "AWS/ElastiCache",
      "CPUUtilization",
      node(2),
      "Average",
      300,
      "GreaterThanThreshold",
      80,
      3,
      3,
      "notBreaching",
    ],
    [
      "cache-1-engine-cpu-high",
      "AWS/ElastiCache",
      "EngineCPUUtilization",
      node(1),
      "Average",
      300,
      "GreaterThanThreshold",
      80,
      3,
      3,
      "notBreaching",
    ],
    [
      "cache-1-memory-high",
      "AWS/ElastiCache",
      "DatabaseMemoryUsagePercentage",
      node(1),
      "Average",
      300,
      "GreaterThanThreshold",
      80,
      3,
      3,
      "notBreaching",
    ],
    [
      "cache-2-evictions",
      "AWS/ElastiCache",
      "Evictions",
      node(2),
      "Sum",
      300,
      "GreaterThanThreshold",
      0,
      3,
      3,
      "notBreaching",
    ],
    // 80 % of maxclients 65000
    [
      "cache-1-connections-high",
      "AWS/ElastiCache",
      "CurrConnections",
      node(1),
      "Maximum",
      300,
      "GreaterThanThreshold",
      52000,
      3,
      3,
      "notBreaching",
    ],
    [
      "jobs-backlog-high",
      "AWS/SQS",
      "ApproximateNumberOfMessagesVisible",
      { QueueName: "app-prod-jobs" },
      "Maximum",
      300,
      "GreaterThanThreshold",
      1000,
      3,
      3,
      "notBreaching",
    ],
    [
      "jobs-oldest-message-critical",
      "AWS/SQS",
      "ApproximateAgeOfOldestMessage",
      { QueueName: "app-prod-jobs" },
      "Maximum",
      300,
      "GreaterThanThreshold",
      3600,
      2,
      2,
      "notBreaching",
    ],
    [
      "jobs-oldest-message-warning",
      "AWS/SQS",
      "ApproximateAgeOfOldestMessage",
      { QueueName: "app-prod-jobs" },
      "Maximum",
      300,
      "GreaterThanThreshold",
      900,
      3,
      3,
      "notBreaching",
    ],
    [
      "jobs-dlq-not-empty",
      "AWS/SQS",
      "ApproximateNumberOfMessagesVisible",
      { QueueName: "app-prod-jobs-dlq" },
      "Maximum",
      60,
      "GreaterThanThreshold",
      0,
      1,
      1,
      "notBreaching",
    ],
    [
      "site-cdn-5xx-rate-critical",
      "AWS/CloudFront",
      "5xxErrorRate",
      cdn,
      "Average",
      60,
      "GreaterThanThreshold",
      5,
      5,
      3,
      "notBreaching",
    ],
    [
      "site-cdn-5xx-rate-warning",
      "AWS/CloudFront",
      "5xxErrorRate",
      cdn,
      "Average",
      300,
      "GreaterThanThreshold",
      1,
      3,
      2,
      "notBreaching",
    ],
    [
      "api-certificate-expiry-warning",
      "AWS/CertificateManager",
      "DaysToExpiry",
      cert,
      "Minimum",
      86400,
      "LessThanThreshold",
      30,
      1,
      1,
      "missing",
    ],
    [
      "api-certificate-expiry-critical",
      "AWS/CertificateManager",
      "DaysToExpiry",
      cert,
      "Minimum",
      86400,
      "LessThanThreshold",
      7,
      1,
      1,
      "missing",
    ],
    [
      "site-availability",
      "CloudWatchSynthetics",
      "SuccessPercent",
      { CanaryName: "app-prod-site" },
      "Average",
      3600,
      "LessThanThreshold",
      99.9,
      1,
      1,
      "breaching",
    ],
  ] as const)(
    "%s measures %s %s",
    (
      key,
      namespace,
      metricName,
      dimensions,
      stat,
      period,
      op,
      threshold,
      evaluation,
      datapoints,
      missing,
    ) => {
      const s = byName(specs, `app-prod-${key}`);
      expect(s.queries).toHaveLength(1);
      expect(s.queries[0].returnData).toBe(true);
      expect(s.queries[0].metric).toEqual({ namespace, metricName, dimensions, stat, period });
      expect([s.comparisonOperator, s.threshold]).toEqual([op, threshold]);
      expect([s.evaluationPeriods, s.datapointsToAlarm, s.treatMissingData]).toEqual([
        evaluation,
        datapoints,
        missing,
      ]);
    },
  );

  test("only CloudFront alarms (and a CloudFront certificate's) live in us-east-1", () => {
    expect(specs.filter((s) => s.region).map((s) => [s.key, s.region])).toEqual([
      ["site-cdn-5xx-rate-critical", "us-east-1"],
      ["site-cdn-5xx-rate-warning", "us-east-1"],
    ]);
    const edge = buildAlarmSpecs(
      input({
        certificates: [
          { name: "site", arn: "arn:aws:acm:us-east-1:123456789012:certificate/e", region: "us-east-1" },
        ],
      }),
    );
    expect(byName(edge, "app-prod-site-certificate-expiry-critical").region).toBe("us-east-1");
    expect(byName(edge, "app-prod-site-certificate-expiry-warning").region).toBe("us-east-1");
  });

  test("without the instance class memory there are no freeable-memory and connection alarms", () => {
    const s = buildAlarmSpecs(input({ database: { ...input().database!, memoryGiB: undefined } }));
    const db = s.filter((x) => x.key.startsWith("db-")).map((x) => x.key);
    expect(db).toEqual([
      "db-connection-failures",
      "db-free-storage-low",
      "db-cpu-high",
      "db-read-latency-high",
      "db-write-latency-high",
    ]);
  });

  test.each([
    [1, 214748365, 67],
    [2, 429496730, 134],
    [64, 13743895347, 4000],
  ])("a %d GiB instance: free memory below %d bytes, connections above %d", (gib, bytes, connections) => {
    const s = buildAlarmSpecs(input({ database: { ...input().database!, memoryGiB: gib } }));
    expect(byName(s, "app-prod-db-freeable-memory-low").threshold).toBe(bytes);
    expect(byName(s, "app-prod-db-connections-high").threshold).toBe(connections);
    expect(byName(s, "app-prod-db-connections-high").condition).toContain(`${gib} GiB`);
  });

  test("conditions state the thresholds they alarm on", () => {
    const conditions = Object.fromEntries(specs.map((s) => [s.key, s.condition]));
    expect(conditions["db-freeable-memory-low"]).toBe(
      "Memory > 80 %: FreeableMemory < 3.2 GiB (20 % of 16 GiB) for 3 of 3 five-minute periods",
    );
    expect(conditions["db-connections-high"]).toBe(
      "DatabaseConnections > 1080 (80 % of max_connections ~1351 for 16 GiB) for 3 of 3 five-minute periods",
    );
    expect(conditions["db-read-latency-high"]).toBe(
      "RDS ReadLatency > 20 ms (average) for 3 of 3 five-minute periods",
    );
    expect(conditions["db-cpu-high"]).toBe(
      "RDS CPUUtilization > 80 % (average) for 3 of 3 five-minute periods",
    );
    expect(conditions["api-blue-cpu-high"]).toBe(
      "ECS CPUUtilization > 80 % (average) for 3 of 3 five-minute periods",
    );
    expect(conditions["cache-2-connections-high"]).toBe(
      "ElastiCache CurrConnections > 52000 (80 % of maxclients 65000) on node 2 for 3 of 3 five-minute periods",
    );
    expect(conditions["cache-1-evictions"]).toBe(
      "ElastiCache Evictions > 0 (sum) on node 1 for 3 of 3 five-minute periods",
    );
    expect(conditions["jobs-oldest-message-critical"]).toBe(
      "ApproximateAgeOfOldestMessage > 3600 s for 2 of 2 five-minute periods",
    );
    expect(conditions["site-cdn-5xx-rate-critical"]).toBe(
      "CloudFront 5xxErrorRate > 5 % in 3 of 5 one-minute periods",
    );
    expect(conditions["site-cdn-5xx-rate-warning"]).toBe(
      "CloudFront 5xxErrorRate > 1 % in 2 of 3 five-minute periods",
    );
    expect(conditions["api-certificate-expiry-warning"]).toBe("ACM DaysToExpiry < 30 days");
    expect(conditions["api-error-rate-warning"]).toContain("in 2 of 3 five-minute periods");
    expect(conditions["api-error-rate-critical"]).toContain("in 3 of 5 one-minute periods");
    expect(conditions["site-availability"]).toContain("over 60 minutes");
  });

  test("the dashboard widget of each new family", () => {
    const widgets = Object.fromEntries(specs.filter((s) => s.widget).map((s) => [s.key, s.widget]));
    expect(widgets).toMatchObject({
      "db-cpu-high": "db: CPU utilization (%)",
      "db-freeable-memory-low": "db: freeable memory (bytes)",
      "db-connections-high": "db: connections",
      "db-read-latency-high": "db: read / write latency (s)",
      "db-write-latency-high": "db: read / write latency (s)",
      "nat-1-port-allocation-errors": "NAT gateways: port allocation errors",
      "cache-1-cpu-high": "cache: CPUUtilization",
      "cache-2-evictions": "cache: Evictions",
      "jobs-backlog-high": "jobs: backlog (messages)",
      "jobs-oldest-message-critical": "jobs: age of oldest message (s)",
      "jobs-oldest-message-warning": "jobs: age of oldest message (s)",
      "jobs-dlq-not-empty": "jobs: dead-letter queue (messages)",
      "site-cdn-5xx-rate-critical": "site: CloudFront 5xx error rate (%)",
    });
  });
});
