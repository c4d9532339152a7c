import { buildAlarmSpecs } from "./alarms";
import { buildDashboardBody, dashboardConsoleUrl, type DashboardInput, type Widget } from "./dashboard";

/** Alarm specs of the new families (what the component passes with a `widget` title). */
const alarms = buildAlarmSpecs({
  namePrefix: "app-prod",
  apis: [],
  workers: [],
  database: {
    name: "db",
    instanceIdentifier: "app-prod-db",
    allocatedStorageGiB: 20,
    logGroupName: "/aws/rds/instance/app-prod-db/postgresql",
    memoryGiB: 4,
  },
  certificates: [],
  canaries: [],
  natGateways: [{ name: "nat-1", natGatewayId: "nat-1a" }],
  caches: [{ name: "cache", nodeIds: ["app-prod-cache-001", "app-prod-cache-002"] }],
  queues: [{ name: "jobs", queueName: "app-prod-jobs", deadLetterQueueName: "app-prod-jobs-dlq" }],
  distributions: [{ name: "site", distributionId: "E2QWRUHAPOMQZL" }],
  uptimeSlaPercent: 99.9,
  uptimeWindowMinutes: 60,
  connectionFailureThreshold: 5,
  channels: { critical: "c", warning: "w", info: "i" },
}).filter((a) => a.widget);

function input(overrides: Partial<DashboardInput> = {}): DashboardInput {
  return {
    region: "eu-west-1",
    title: "app-prod service health",
    apis: [
      {
        name: "api",
        loadBalancerArnSuffix: "app/alb/1",
        clusterName: "cluster",
        targets: [
          { colour: "blue", targetGroupArnSuffix: "targetgroup/api-blue/1", serviceName: "api-blue" },
          { colour: "green", targetGroupArnSuffix: "targetgroup/api-green/2", serviceName: "api-green" },
        ],
      },
    ],
    workers: [{ name: "worker", clusterName: "cluster", serviceName: "worker" }],
    database: {
      name: "db",
      instanceIdentifier: "app-prod-db",
      allocatedStorageGiB: 20,
      connectionFailureMetric: "app-prod-db-ConnectionFailures",
    },
    canaries: [
      { name: "site", canaryName: "app-prod-site" },
      { name: "api", canaryName: "app-prod-api" },
    ],
    latencyBaselineP95Ms: 180,
    uptimeSlaPercent: 99.9,
    alarms,
    ...overrides,
  };
}

type Props = {
  title?: string;
  metrics?: unknown[][];
  annotations?: { horizontal: { label: string; value: number }[] };
  region?: string;
  markdown?: string;
};
const props = (w: Widget): Props => w.properties as Props;
const byTitle = (widgets: Widget[], part: string): Widget => {
  const w = widgets.find((x) => props(x).title?.includes(part));
  if (!w) throw new Error(`no widget with "${part}"`);
  return w;
};
const lastOptions = (row: unknown[]): Record<string, unknown> =>
  row[row.length - 1] as Record<string, unknown>;

describe("buildDashboardBody", () => {
  const body = buildDashboardBody(input());
  const widgets = body.widgets;

  test("widget titles, in order", () => {
    expect(widgets.map((w) => props(w).title ?? "(text)")).toEqual([
      "(text)",
      "api: latency p50 / p95 / p99 (s)",
      "api: requests and 5xx error rate",
      "ECS services: CPU utilization (%)",
      "ECS services: memory utilization (%)",
      "db: connections and connection failures",
      "db: free storage (bytes)",
      "Uptime: canary success (%)",
      "db: CPU utilization (%)",
      "db: freeable memory (bytes)",
      "db: connections",
      "db: read / write latency (s)",
      "NAT gateways: port allocation errors",
      "cache: CPUUtilization",
      "cache: EngineCPUUtilization",
      "cache: DatabaseMemoryUsagePercentage",
      "cache: Evictions",
      "cache: CurrConnections",
      "jobs: backlog (messages)",
      "jobs: age of oldest message (s)",
      "jobs: dead-letter queue (messages)",
      "site: CloudFront 5xx error rate (%)",
    ]);
  });

  test("every metric widget is in the stack's region (CloudFront's in us-east-1) and the grid has no overlaps", () => {
    for (const w of widgets.filter((x) => x.type === "metric"))
      expect(props(w).region).toBe(props(w).title!.includes("CloudFront") ? "us-east-1" : "eu-west-1");
    const cells = new Set<string>();
    for (const w of widgets) {
      expect(w.x + w.width).toBeLessThanOrEqual(24);
      for (let x = w.x; x < w.x + w.width; x++) {
        for (let y = w.y; y < w.y + w.height; y++) {
          const cell = `${x},${y}`;
          expect(cells.has(cell)).toBe(false);
          cells.add(cell);
        }
      }
    }
  });

  test("latency: p50, p95 and p99 of TargetResponseTime per colour, with the QA-derived thresholds", () => {
    const w = byTitle(widgets, "latency");
    const rows = props(w).metrics!;
    expect(rows.map((r) => [r[1], r[5], lastOptions(r).stat])).toEqual([
      ["TargetResponseTime", "targetgroup/api-blue/1", "p50"],
      ["TargetResponseTime", "targetgroup/api-blue/1", "p95"],
      ["TargetResponseTime", "targetgroup/api-blue/1", "p99"],
      ["TargetResponseTime", "targetgroup/api-green/2", "p50"],
      ["TargetResponseTime", "targetgroup/api-green/2", "p95"],
      ["TargetResponseTime", "targetgroup/api-green/2", "p99"],
    ]);
    expect(props(w).annotations!.horizontal.map((h) => h.value)).toEqual([0.27, 0.36]);
  });

  test("requests and error rate: request counts and a 5xx-rate expression over both colours", () => {
    const rows = props(byTitle(widgets, "requests")).metrics!;
    expect(rows.filter((r) => r[1] === "RequestCount")).toHaveLength(2);
    expect(rows.filter((r) => r[1] === "HTTPCode_Target_5XX_Count")).toHaveLength(2);
    const expression = rows.find((r) => typeof r[0] === "object")![0] as { expression: string };
    expect(expression.expression).toBe(
      "IF((FILL(r0, 0) + FILL(r1, 0)) > 0, 100 * (FILL(e0, 0) + FILL(e1, 0)) / (FILL(r0, 0) + FILL(r1, 0)), 0)",
    );
  });

  test("CPU and memory for every ECS service (both colours and the worker)", () => {
    for (const metric of ["CPUUtilization", "MemoryUtilization"]) {
      const rows = props(
        byTitle(widgets, metric === "CPUUtilization" ? "ECS services: CPU" : "ECS services: memory"),
      ).metrics!;
      expect(rows.map((r) => [r[0], r[1], r[5], lastOptions(r).label])).toEqual([
        ["AWS/ECS", metric, "api-blue", "api blue"],
        ["AWS/ECS", metric, "api-green", "api green"],
        ["AWS/ECS", metric, "worker", "worker"],
      ]);
    }
  });

  test("database: CPU, connections, connection failures and free storage with the 10 % line", () => {
    expect(props(byTitle(widgets, "db: CPU")).metrics![0].slice(0, 4)).toEqual([
      "AWS/RDS",
      "CPUUtilization",
      "DBInstanceIdentifier",
      "app-prod-db",
    ]);
    expect(props(byTitle(widgets, "db: CPU")).annotations!.horizontal).toEqual([
      { label: "warning: db-cpu-high", value: 80, color: "#ff7f0e" },
    ]);
    const conn = props(byTitle(widgets, "connections and")).metrics!;
    expect(conn.map((r) => r[1])).toEqual(["DatabaseConnections", "app-prod-db-ConnectionFailures"]);
    const storage = byTitle(widgets, "free storage");
    expect(props(storage).annotations!.horizontal[0].value).toBe(2147483648);
  });

  test("alarm widgets draw each alarm's metric once, its threshold, in the metric's region", () => {
    const latency = props(byTitle(widgets, "read / write latency"));
    expect(latency.metrics).toEqual([
      [
        "AWS/RDS",
        "ReadLatency",
        "DBInstanceIdentifier",
        "app-prod-db",
        { stat: "Average", period: 300, label: "ReadLatency (s)" },
      ],
      [
        "AWS/RDS",
        "WriteLatency",
        "DBInstanceIdentifier",
        "app-prod-db",
        { stat: "Average", period: 300, label: "WriteLatency (s)" },
      ],
    ]);
    expect(latency.region).toBe("eu-west-1");
    const age = props(byTitle(widgets, "age of oldest message"));
    expect(age.metrics).toHaveLength(1);
    expect(age.annotations!.horizontal.map((h) => [h.label, h.value])).toEqual([
      ["critical: jobs-oldest-message-critical", 3600],
      ["warning: jobs-oldest-message-warning", 900],
    ]);
    const evictions = props(byTitle(widgets, "cache: Evictions"));
    expect(evictions.metrics!.map((r) => r[3])).toEqual(["app-prod-cache-001", "app-prod-cache-002"]);
    const cdn = props(byTitle(widgets, "CloudFront"));
    expect(cdn.region).toBe("us-east-1");
    expect(cdn.metrics![0].slice(0, 6)).toEqual([
      "AWS/CloudFront",
      "5xxErrorRate",
      "DistributionId",
      "E2QWRUHAPOMQZL",
      "Region",
      "Global",
    ]);
    expect(props(byTitle(widgets, "freeable memory")).annotations!.horizontal[0].value).toBe(858993459);
  });

  test("uptime: SuccessPercent per canary with the SLA line", () => {
    const w = byTitle(widgets, "Uptime");
    expect(props(w).metrics!.map((r) => r[3])).toEqual(["app-prod-site", "app-prod-api"]);
    expect(props(w).annotations!.horizontal[0]).toMatchObject({ label: "SLA", value: 99.9 });
  });

  test("the header states the baseline source", () => {
    expect(props(widgets[0]).markdown).toContain("180 ms (QA report)");
    const fallback = buildDashboardBody(input({ latencyBaselineP95Ms: undefined }));
    expect(props(fallback.widgets[0]).markdown).toContain("500 ms (default: the QA report has no p95)");
  });

  test("without database, workers or canaries those widgets are left out", () => {
    const lean = buildDashboardBody(input({ database: undefined, workers: [], canaries: [], alarms: [] }));
    const titles = lean.widgets.map((w) => props(w).title).filter(Boolean);
    expect(titles.some((t) => t!.startsWith("db:"))).toBe(false);
    expect(titles.some((t) => t!.startsWith("Uptime"))).toBe(false);
    expect(props(byTitle(lean.widgets, "ECS services: CPU")).metrics).toHaveLength(2);
  });
});

describe("dashboardConsoleUrl", () => {
  test.each([
    [
      "eu-west-1",
      "app-prod",
      "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards:name=app-prod",
    ],
    [
      "us-east-1",
      "x_y-z",
      "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards:name=x_y-z",
    ],
  ])("%s %s", (region, name, url) => {
    expect(dashboardConsoleUrl(region, name)).toBe(url);
  });
});
