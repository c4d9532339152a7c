// @ts-nocheck
import { runSmokeChecks, smokeChecks, smokePassed, type SmokeOptions } from "./index";
import {
  brokenApp,
  flappingApp,
  healthyApp,
  json,
  slowApp,
  startServer,
  type TestServer,
} from "../../test/harness/http-servers";
import { taskflowOutputs } from "../../test/harness/stack-outputs";

const sleeps: number[] = [];
const opts: SmokeOptions = {
  fetch: globalThis.fetch,
  sleep: async (ms) => {
    sleeps.push(ms);
  },
  attempts: 3,
  retryDelayMs: 100,
  timeoutMs: 300,
};

let servers: TestServer[] = [];
async function serve(...args: Parameters<typeof startServer>): Promise<TestServer> {
  const s = await startServer(...args);
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
  sleeps.length = 0;
});

function outputsAt(api: string, web: string, strategy: "blue_green" | "rolling" = "rolling") {
  return taskflowOutputs({
    stack: "staging",
    strategy,
    state: { version: "1.4.0", activeColour: "blue", idleWeight: 0 },
    apiUrl: api,
    frontendUrl: web,
  });
}

describe("smoke tests against real local servers", () => {
  it("passes a healthy stack: API health, database connectivity, frontend", async () => {
    const app = await serve(healthyApp);
    const results = await runSmokeChecks(smokeChecks(outputsAt(app.url, app.url)), opts);
    expect(results.map((r) => [r.name, r.status, r.attempts])).toEqual([
      ["API health check (api)", "passed", 1],
      ["Database connectivity (api)", "passed", 1],
      ["Frontend loads (web)", "passed", 1],
    ]);
    expect(smokePassed(results)).toBe(true);
    expect(app.requests.map((r) => r.path)).toEqual(["/health", "/health", "/"]);
    expect(sleeps).toEqual([]);
  });

  it("fails on HTTP 500 after the bounded retries, with backoff", async () => {
    const app = await serve(brokenApp);
    const [health] = await runSmokeChecks(smokeChecks(outputsAt(app.url, app.url)).slice(0, 1), opts);
    expect(health).toMatchObject({ status: "failed", attempts: 3, details: "HTTP 500" });
    expect(app.requests).toHaveLength(3);
    expect(sleeps).toEqual([100, 200]);
  });

  it("times out a slow server per attempt", async () => {
    const app = await serve(slowApp(2000));
    const started = Date.now();
    const [health] = await runSmokeChecks(smokeChecks(outputsAt(app.url, app.url)).slice(0, 1), {
      ...opts,
      attempts: 2,
    });
    expect(health.status).toBe("failed");
    expect(health.details).toBe("timed out after 300 ms");
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it("rides out a flapping server within the retry budget", async () => {
    const app = await serve(flappingApp(2));
    const [health] = await runSmokeChecks(smokeChecks(outputsAt(app.url, app.url)).slice(0, 1), opts);
    expect(health).toMatchObject({ status: "passed", attempts: 3 });
  });

  it("fails database connectivity when the health endpoint reports the database down", async () => {
    const app = await serve((_req, res) => json(res, 200, { status: "ok", db: "unreachable" }));
    const results = await runSmokeChecks(smokeChecks(outputsAt(app.url, app.url)).slice(0, 2), {
      ...opts,
      attempts: 1,
    });
    expect(results.map((r) => r.status)).toEqual(["passed", "failed"]);
    expect(results[1].details).toBe('database reported "unreachable"');
  });

  it("fails the frontend when it does not serve HTML", async () => {
    const app = await serve((_req, res) => json(res, 200, { hello: "world" }));
    const results = await runSmokeChecks(
      smokeChecks(outputsAt(app.url, app.url)).filter((c) => c.kind === "frontend"),
      { ...opts, attempts: 1 },
    );
    expect(results[0]).toMatchObject({
      status: "failed",
      details: "HTTP 200 but content-type application/json",
    });
  });

  it("reaches the idle colour through the header route", async () => {
    const app = await serve((req, res) =>
      req.headers["x-slipway-colour"] === "green"
        ? json(res, 200, { status: "ok", db: "ok" })
        : json(res, 500, {}),
    );
    const checks = smokeChecks(outputsAt(app.url, app.url, "blue_green"), { idle: true });
    expect(checks.map((c) => c.name)).toEqual([
      "API health check (api, idle green)",
      "Database connectivity (api, idle green)",
    ]);
    const results = await runSmokeChecks(checks, opts);
    expect(smokePassed(results)).toBe(true);
    expect(app.requests.every((r) => r.headers["x-slipway-colour"] === "green")).toBe(true);
  });

  it("stops when aborted", async () => {
    const app = await serve(brokenApp);
    const ac = new AbortController();
    ac.abort();
    const results = await runSmokeChecks(smokeChecks(outputsAt(app.url, app.url)), {
      ...opts,
      signal: ac.signal,
    });
    expect(results.every((r) => r.status === "failed" && r.details === "aborted")).toBe(true);
    expect(app.requests).toHaveLength(0);
  });

  it("an empty result set is not a pass", () => {
    expect(smokePassed([])).toBe(false);
  });
});
