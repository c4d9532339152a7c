/**
 * A whole deploy pipeline wired to doubles: the recording engine (outputs derived from the config, like
 * the real program), a real local HTTP server for smoke tests that can behave per version/colour, AWS SDK
 * client mocks (CloudWatch, ECS, RDS) answering like a healthy account, a fake clock, and a copy of the
 * example release on disk.
 */
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import { CloudWatchClient, DescribeAlarmsCommand, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import {
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  RunTaskCommand,
} from "@aws-sdk/client-ecs";
import { CreateDBSnapshotCommand, DescribeDBSnapshotsCommand, RDSClient } from "@aws-sdk/client-rds";
import { mockClient } from "aws-sdk-client-mock";
import type { ConfigValue } from "../../automation/engine/types";
import {
  parseReleaseState,
  serialiseReleaseState,
  type ReleaseState,
} from "../../automation/pipeline/strategy";
import type { DeployOptions, LogEntry } from "../../automation/pipeline/types";
import { validateContract } from "../../contracts";
import type { GateFacts, Release, Strategy } from "../../release/model";
import { referenceErrors } from "./contracts";
import { fakeClock, type FakeClock } from "./clock";
import { EngineDouble } from "./engine-double";
import { html, json, startServer, type TestServer } from "./http-servers";
import { copyExample, taskflowRelease } from "./release";
import { taskflowOutputs, taskflowState } from "./stack-outputs";

export const cw = mockClient(CloudWatchClient);
export const ecs = mockClient(ECSClient);
export const rds = mockClient(RDSClient);

/** What the app does for a request, given the version and colour it reached. */
export type AppBehaviour = (
  ctx: { stack: string; version: string; colour: string; path: string },
  res: ServerResponse,
) => boolean;

export interface PipelineFixture {
  readonly root: string;
  readonly release: Release;
  readonly engine: EngineDouble;
  readonly server: TestServer;
  readonly clock: FakeClock;
  readonly logs: LogEntry[];
  readonly backupDir: string;
  /** Deploy options wired to every double (override per test). */
  options(over?: Partial<DeployOptions>): DeployOptions;
  /** The written documents, validated against the reference and project contracts. */
  written(): { report?: Record<string, unknown>; signal: Record<string, unknown> };
  /** The `slipway:release` values set on a stack, in order. */
  releaseConfigs(stack: string): ReleaseState[];
  close(): Promise<void>;
}

export const PREVIOUS: ReleaseState = {
  version: "1.3.0",
  activeColour: "blue",
  idleVersion: "1.2.0",
  idleWeight: 0,
};

export interface FixtureOptions {
  readonly strategy?: Strategy;
  readonly gates?: Partial<GateFacts>;
  /** The release state both stacks run before the deployment (undefined: never deployed). */
  readonly previous?: ReleaseState | null;
  /** Per-request behaviour override: return true when it answered. */
  readonly app?: AppBehaviour;
}

export async function pipelineFixture(f: FixtureOptions = {}): Promise<PipelineFixture> {
  const strategy = f.strategy ?? "blue_green";
  const root = copyExample();
  const release = taskflowRelease(root, { strategy, gates: f.gates });
  const backupDir = mkdtempSync(join(tmpdir(), "slipway-backups-"));
  const ref: { engine?: EngineDouble } = {};
  // One server for every stack: it routes by the Host-less path prefix `/<stack>/...`.
  const server = await startServer((req: IncomingMessage, res: ServerResponse) => {
    const [, stack = "", ...rest] = (req.url ?? "/").split("/");
    const path = `/${rest.join("/")}`;
    const cfg = ref.engine?.deployedConfig(stack);
    const state = cfg ? parseReleaseState(cfg["slipway:release"]?.value) : undefined;
    const header = req.headers["x-slipway-colour"];
    const colour = typeof header === "string" ? header : (state?.activeColour ?? "blue");
    const version = !state
      ? "none"
      : colour === state.activeColour
        ? state.version
        : (state.idleVersion ?? state.version);
    if (f.app?.({ stack, version, colour, path }, res)) return;
    if (path.startsWith("/health")) json(res, 200, { status: "ok", db: "ok", version });
    else html(res);
  });
  const engine = new EngineDouble({
    outputsFor: (stack, cfg) => {
      const state = parseReleaseState(cfg["slipway:release"]?.value);
      if (!state) return undefined;
      const s = (cfg["slipway:strategy"]?.value as Strategy | undefined) ?? strategy;
      return taskflowOutputs({
        stack,
        strategy: s,
        state,
        apiUrl: `${server.url}/${stack}`,
        frontendUrl: `${server.url}/${stack}`,
      }) as unknown as Record<string, unknown>;
    },
    stateFor: (stack, cfg) => {
      const state = parseReleaseState(cfg?.["slipway:release"]?.value);
      if (!state) return { version: 3, deployment: { resources: [] } };
      const s = (cfg?.["slipway:strategy"]?.value as Strategy | undefined) ?? strategy;
      return taskflowState(
        taskflowOutputs({
          stack,
          strategy: s,
          state,
          apiUrl: `${server.url}/${stack}`,
          frontendUrl: `${server.url}/${stack}`,
        }),
      );
    },
    initial:
      f.previous === null
        ? {}
        : Object.fromEntries(
            ["staging", "production"].map((stack) => [
              stack,
              {
                "slipway:environmentType": { value: stack },
                "slipway:strategy": { value: strategy },
                "slipway:release": { value: serialiseReleaseState(f.previous ?? PREVIOUS) },
              } satisfies Record<string, ConfigValue>,
            ]),
          ),
  });
  ref.engine = engine;
  const clock = fakeClock();
  const logs: LogEntry[] = [];

  cw.reset();
  ecs.reset();
  rds.reset();
  cw.on(DescribeAlarmsCommand).callsFake((input: { AlarmNames?: string[] }) => ({
    MetricAlarms: (input.AlarmNames ?? []).map((n) => ({
      AlarmName: n,
      StateValue: "OK",
      StateReason: "Threshold not crossed",
    })),
  }));
  cw.on(GetMetricDataCommand).resolves({
    MetricDataResults: [
      { Id: "requests", Values: [1200] },
      { Id: "errors", Values: [1] },
      { Id: "p95", Values: [0.19] },
    ],
  });
  ecs.on(RunTaskCommand).resolves({
    tasks: [{ taskArn: "arn:aws:ecs:eu-west-1:123456789012:task/taskflow/0a1b2c" }],
    failures: [],
  });
  ecs
    .on(DescribeTasksCommand)
    .resolves({ tasks: [{ lastStatus: "STOPPED", containers: [{ name: "migrate", exitCode: 0 }] }] });
  ecs.on(DescribeServicesCommand).callsFake((input: { services?: string[] }) => ({
    services: (input.services ?? []).map((n) => ({
      serviceName: n,
      runningCount: n.includes("worker") ? 1 : 2,
      desiredCount: n.includes("worker") ? 1 : 2,
      deployments: [{ status: "PRIMARY", rolloutState: "COMPLETED" }],
    })),
    failures: [],
  }));
  rds.on(CreateDBSnapshotCommand).resolves({ DBSnapshot: { Status: "creating" } });
  rds
    .on(DescribeDBSnapshotsCommand)
    .resolvesOnce({ DBSnapshots: [{ Status: "creating" }] })
    .resolves({ DBSnapshots: [{ Status: "available" }] });

  return {
    root,
    release,
    engine,
    server,
    clock,
    logs,
    backupDir,
    options: (over = {}) => ({
      artifactsDir: root,
      engine,
      cloudwatch: new CloudWatchClient({ region: "eu-west-1" }),
      ecs: new ECSClient({ region: "eu-west-1" }),
      rds: new RDSClient({ region: "eu-west-1" }),
      fetch: globalThis.fetch,
      now: clock.now,
      sleep: clock.sleep,
      log: (e) => logs.push(e),
      env: {},
      facts: { pulumiCli: true, awsCredentials: true },
      loadRelease: () => release,
      backupDir,
      policyPacks: ["/work/main/policies"],
      smoke: { attempts: 2, retryDelayMs: 10, timeoutMs: 2000 },
      // Built once by CI, by digest: every backend service of the release has one.
      images: Object.fromEntries(
        release.services.map((s, i) => [
          s.name,
          `123456789012.dkr.ecr.eu-west-1.amazonaws.com/taskflow/${s.name}@sha256:${String(i).repeat(64)}`,
        ]),
      ),
      ...over,
    }),
    written() {
      const read = (rel: string) => {
        const p = join(root, rel);
        return existsSync(p) ? (JSON.parse(readFileSync(p, "utf8")) as Record<string, unknown>) : undefined;
      };
      const report = read("ARTIFACTS/devops-engineer/deployment-report.json");
      const signal = read("ARTIFACTS/system/stage-completion-signal.json");
      if (!signal) throw new Error("no stage-completion-signal.json was written");
      const errors = [
        ...referenceErrors("stage-completion-signal", signal).map((e) => `reference signal: ${e}`),
        ...validateContract("stage-completion-signal", signal).map(
          (e) => `project signal: ${e.path} ${e.message}`,
        ),
        ...(report
          ? [
              ...referenceErrors("deployment-report", report).map((e) => `reference report: ${e}`),
              ...validateContract("deployment-report", report).map(
                (e) => `project report: ${e.path} ${e.message}`,
              ),
            ]
          : []),
      ];
      if (errors.length > 0) throw new Error(`written documents do not validate:\n${errors.join("\n")}`);
      return { report, signal };
    },
    releaseConfigs(stack) {
      return engine.calls
        .filter((c) => c.method === "setConfig" && c.stack === stack)
        .map((c) => (c.detail as Record<string, ConfigValue>)["slipway:release"]?.value)
        .filter((v): v is string => v !== undefined)
        .map((v) => parseReleaseState(v)!);
    },
    close: () => server.close(),
  };
}
