/**
 * CloudWatch dashboard body: a pure builder over resolved names (the component resolves its Outputs
 * and calls this). Latency p50/p95/p99, requests and 5xx rate per API, CPU/memory per ECS service,
 * database connections/free storage/connection failures, uptime canary success; and one widget per
 * alarm `widget` title (database CPU, memory, latency; NAT gateways; caches; queues; CloudFront), drawing
 * the alarms' own metrics with their thresholds, in the metric's region.
 */
import type { Colour } from "../../outputs";
import {
  freeStorageThresholdBytes,
  latencyThresholds,
  SLIPWAY_METRIC_NAMESPACE,
  THRESHOLDS,
  type AlarmSpec,
  type MetricStatSpec,
} from "./alarms";

export interface DashboardApi {
  readonly name: string;
  readonly loadBalancerArnSuffix: string;
  readonly clusterName: string;
  readonly targets: readonly {
    readonly colour: Colour;
    readonly targetGroupArnSuffix: string;
    readonly serviceName: string;
  }[];
}

export interface DashboardInput {
  readonly region: string;
  readonly title: string;
  readonly apis: readonly DashboardApi[];
  readonly workers: readonly {
    readonly name: string;
    readonly clusterName: string;
    readonly serviceName: string;
  }[];
  readonly database?: {
    readonly name: string;
    readonly instanceIdentifier: string;
    readonly allocatedStorageGiB: number;
    /** Custom metric name of the connection-failure metric filter. */
    readonly connectionFailureMetric: string;
  };
  readonly canaries: readonly { readonly name: string; readonly canaryName: string }[];
  readonly latencyBaselineP95Ms?: number;
  readonly uptimeSlaPercent: number;
  /** Alarm specs with a `widget` title (resolved names): one widget per title. @default [] */
  readonly alarms?: readonly AlarmSpec[];
}

/** A dashboard widget as CloudWatch expects it in the body JSON. */
export interface Widget {
  readonly type: "metric" | "text";
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: Record<string, unknown>;
}

export interface DashboardBody {
  readonly start: string;
  readonly periodOverride: "inherit";
  readonly widgets: Widget[];
}

type MetricRow = (string | Record<string, unknown>)[];

const ALB = "AWS/ApplicationELB";
const GRID = 24;
const WIDTH = 12;
const HEIGHT = 6;

/** Widgets before layout: `full` widgets take a whole row. */
interface Draft {
  readonly type: Widget["type"];
  readonly full?: boolean;
  readonly height?: number;
  readonly properties: Record<string, unknown>;
}

function metricWidget(
  region: string,
  title: string,
  metrics: MetricRow[],
  extra: Record<string, unknown> = {},
): Draft {
  return {
    type: "metric",
    properties: { title, region, view: "timeSeries", stacked: false, period: 60, metrics, ...extra },
  };
}

function hline(label: string, value: number, color?: string): Record<string, unknown> {
  return color ? { label, value, color } : { label, value };
}

/** Lay drafts out left to right, two per row, full-width ones on their own row. */
function layout(drafts: readonly Draft[]): Widget[] {
  const widgets: Widget[] = [];
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  for (const d of drafts) {
    const width = d.full ? GRID : WIDTH;
    const height = d.height ?? HEIGHT;
    if (x + width > GRID) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    widgets.push({ type: d.type, x, y, width, height, properties: d.properties });
    x += width;
    rowHeight = Math.max(rowHeight, height);
    if (x >= GRID) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
  }
  return widgets;
}

/** Build the dashboard body (serialize with `JSON.stringify`). */
export function buildDashboardBody(input: DashboardInput): DashboardBody {
  const { region } = input;
  const drafts: Draft[] = [];
  const latency = latencyThresholds(input.latencyBaselineP95Ms);

  drafts.push({
    type: "text",
    full: true,
    height: 2,
    properties: {
      markdown: [
        `# ${input.title}`,
        `Latency baseline p95 ${latency.baselineMs} ms${latency.fromQa ? " (QA report)" : " (default: the QA report has no p95)"}: ` +
          `warning > ${latency.warningSeconds} s, critical > ${latency.criticalSeconds} s. ` +
          `Error rate: warning > ${THRESHOLDS.errorRateWarningPercent} %, critical > ${THRESHOLDS.errorRateCriticalPercent} %. ` +
          `Uptime SLA ${input.uptimeSlaPercent} %.`,
      ].join("\n\n"),
    },
  });

  for (const api of input.apis) {
    const latencyRows: MetricRow[] = [];
    for (const t of api.targets) {
      for (const stat of ["p50", "p95", "p99"]) {
        latencyRows.push([
          ALB,
          "TargetResponseTime",
          "LoadBalancer",
          api.loadBalancerArnSuffix,
          "TargetGroup",
          t.targetGroupArnSuffix,
          { stat, label: `${stat} ${t.colour}` },
        ]);
      }
    }
    drafts.push(
      metricWidget(region, `${api.name}: latency p50 / p95 / p99 (s)`, latencyRows, {
        yAxis: { left: { min: 0, label: "seconds", showUnits: false } },
        annotations: {
          horizontal: [
            hline(
              `p95 warning (${THRESHOLDS.latencyWarningFactor}x baseline)`,
              latency.warningSeconds,
              "#ff7f0e",
            ),
            hline(
              `p95 critical (${THRESHOLDS.latencyCriticalFactor}x baseline)`,
              latency.criticalSeconds,
              "#d62728",
            ),
          ],
        },
      }),
    );

    const rows: MetricRow[] = [];
    api.targets.forEach((t, i) => {
      const dims = ["LoadBalancer", api.loadBalancerArnSuffix, "TargetGroup", t.targetGroupArnSuffix];
      rows.push([ALB, "RequestCount", ...dims, { stat: "Sum", id: `r${i}`, label: `requests ${t.colour}` }]);
      rows.push([
        ALB,
        "HTTPCode_Target_5XX_Count",
        ...dims,
        { stat: "Sum", id: `e${i}`, label: `5xx ${t.colour}`, visible: false },
      ]);
    });
    const ids = api.targets.map((_, i) => i);
    const sum = (p: string): string => ids.map((i) => `FILL(${p}${i}, 0)`).join(" + ");
    rows.push([
      {
        expression: `IF((${sum("r")}) > 0, 100 * (${sum("e")}) / (${sum("r")}), 0)`,
        label: "5xx error rate (%)",
        id: "rate",
        yAxis: "right",
      },
    ]);
    drafts.push(
      metricWidget(region, `${api.name}: requests and 5xx error rate`, rows, {
        yAxis: { left: { min: 0, label: "requests / min", showUnits: false }, right: { min: 0, label: "%" } },
        annotations: {
          horizontal: [
            { ...hline("error rate warning", THRESHOLDS.errorRateWarningPercent, "#ff7f0e"), yAxis: "right" },
            {
              ...hline("error rate critical", THRESHOLDS.errorRateCriticalPercent, "#d62728"),
              yAxis: "right",
            },
          ],
        },
      }),
    );
  }

  const services = [
    ...input.apis.flatMap((a) =>
      a.targets.map((t) => ({
        label: `${a.name} ${t.colour}`,
        clusterName: a.clusterName,
        serviceName: t.serviceName,
      })),
    ),
    ...input.workers.map((w) => ({ label: w.name, clusterName: w.clusterName, serviceName: w.serviceName })),
  ];
  if (services.length > 0) {
    const rows = (metricName: string): MetricRow[] =>
      services.map((s) => [
        "AWS/ECS",
        metricName,
        "ClusterName",
        s.clusterName,
        "ServiceName",
        s.serviceName,
        { stat: "Average", label: s.label },
      ]);
    drafts.push(
      metricWidget(region, "ECS services: CPU utilization (%)", rows("CPUUtilization"), {
        period: 300,
        yAxis: { left: { min: 0, max: 100 } },
      }),
      metricWidget(region, "ECS services: memory utilization (%)", rows("MemoryUtilization"), {
        period: 300,
        yAxis: { left: { min: 0, max: 100 } },
        annotations: { horizontal: [hline("memory warning", THRESHOLDS.memoryWarningPercent, "#ff7f0e")] },
      }),
    );
  }

  if (input.database) {
    const db = input.database;
    const dims = ["DBInstanceIdentifier", db.instanceIdentifier];
    drafts.push(
      metricWidget(
        region,
        `${db.name}: connections and connection failures`,
        [
          ["AWS/RDS", "DatabaseConnections", ...dims, { stat: "Maximum", label: "connections" }],
          [
            SLIPWAY_METRIC_NAMESPACE,
            db.connectionFailureMetric,
            { stat: "Sum", label: "connection failures", yAxis: "right" },
          ],
        ],
        { period: 300 },
      ),
      metricWidget(
        region,
        `${db.name}: free storage (bytes)`,
        [["AWS/RDS", "FreeStorageSpace", ...dims, { stat: "Minimum" }]],
        {
          period: 300,
          yAxis: { left: { min: 0 } },
          annotations: {
            horizontal: [
              hline(
                `critical: 10 % of ${db.allocatedStorageGiB} GiB`,
                freeStorageThresholdBytes(db.allocatedStorageGiB),
                "#d62728",
              ),
            ],
          },
        },
      ),
    );
  }

  if (input.canaries.length > 0) {
    drafts.push(
      metricWidget(
        region,
        "Uptime: canary success (%)",
        input.canaries.map((c) => [
          "CloudWatchSynthetics",
          "SuccessPercent",
          "CanaryName",
          c.canaryName,
          { stat: "Average", label: c.name },
        ]),
        {
          period: 300,
          yAxis: { left: { min: 0, max: 100 } },
          annotations: { horizontal: [hline("SLA", input.uptimeSlaPercent, "#d62728")] },
        },
      ),
    );
  }

  drafts.push(...alarmWidgets(region, input.alarms ?? []));

  return { start: "-PT6H", periodOverride: "inherit", widgets: layout(drafts) };
}

const SEVERITY_COLOUR: Readonly<Record<AlarmSpec["severity"], string>> = {
  critical: "#d62728",
  warning: "#ff7f0e",
  info: "#1f77b4",
};

function metricRow(m: MetricStatSpec<string>, label: string): MetricRow {
  return [
    m.namespace,
    m.metricName,
    ...Object.entries(m.dimensions).flat(),
    { stat: m.stat, period: m.period, label },
  ];
}

/**
 * One widget per alarm `widget` title, in first-seen order: every metric of its alarms (once each) and
 * a threshold line per alarm whose value is a plain metric, in the alarms' region.
 */
export function alarmWidgets(region: string, alarms: readonly AlarmSpec[]): Draft[] {
  const titles = [...new Set(alarms.flatMap((a) => (a.widget ? [a.widget] : [])))];
  return titles.map((title) => {
    const members = alarms.filter((a) => a.widget === title);
    const rows = new Map<string, MetricRow>();
    for (const a of members) {
      for (const q of a.queries) {
        if (!q.metric) continue;
        const row = metricRow(q.metric, q.label ?? q.metric.metricName);
        rows.set(JSON.stringify(row.slice(0, -1)), row);
      }
    }
    const lines = members
      .filter((a) => a.queries.some((q) => q.returnData && q.metric))
      .map((a) => hline(`${a.severity}: ${a.key}`, a.threshold, SEVERITY_COLOUR[a.severity]));
    return metricWidget(members[0].region ?? region, title, [...rows.values()], {
      period: 300,
      annotations: { horizontal: lines },
    });
  });
}

/** Console URL of a dashboard. */
export function dashboardConsoleUrl(region: string, name: string): string {
  return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards:name=${encodeURIComponent(name)}`;
}
