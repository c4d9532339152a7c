// @ts-nocheck
import * as fc from "fast-check";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as vm from "node:vm";
import {
  CANARY_NAME_MAX,
  CANARY_SCRIPT,
  CANARY_URL_VARIABLE,
  canaryArchiveFiles,
  canaryCodeHash,
  canaryName,
} from "./canary";

describe("canaryName", () => {
  test.each([
    ["app-prod", "site", "app-prod-site"],
    ["taskflow-staging", "api", "taskflow-staging-api"],
  ])("%s + %s -> %s (fits, kept as is)", (prefix, endpoint, name) => {
    expect(canaryName(prefix, endpoint)).toBe(name);
  });

  test("long names are shortened with a hash, within 21 characters", () => {
    const name = canaryName("taskflow-production", "site");
    expect(name.length).toBeLessThanOrEqual(CANARY_NAME_MAX);
    expect(name).toMatch(/^taskflow-p[a-z-]*-site-[0-9a-f]{4}$/);
  });

  test("property: always a valid Synthetics name, stable, and distinct inputs give distinct names", () => {
    const prefix = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]$/);
    const endpoint = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,19}$/);
    fc.assert(
      fc.property(prefix, endpoint, endpoint, (p, e1, e2) => {
        const n1 = canaryName(p, e1);
        expect(n1).toMatch(/^[0-9a-z_-]{1,21}$/);
        expect(canaryName(p, e1)).toBe(n1);
        if (e1 !== e2) expect(canaryName(p, e2)).not.toBe(n1);
      }),
      { numRuns: 500 },
    );
  });
});

/**
 * Run the real canary script with a stand-in for the Synthetics library whose `executeHttpStep` does
 * what the runtime's does for our purposes: issue the request and hand the response to the callback.
 */
async function runCanary(url: string): Promise<void> {
  const fakeSynthetics = {
    getCanaryUserAgentString: () => "CloudWatchSynthetics/test",
    executeHttpStep: (
      _name: string,
      options: http.RequestOptions,
      callback: (res: http.IncomingMessage) => Promise<void>,
    ): Promise<void> =>
      new Promise((resolve, reject) => {
        const req = http.request({ ...options, protocol: "http:" }, (res) => {
          callback(res).then(resolve, reject);
        });
        req.on("error", reject);
        req.end();
      }),
  };
  const module = { exports: {} as { handler?: () => Promise<void> } };
  const requireStub = (id: string): unknown => {
    if (id === "Synthetics") return fakeSynthetics;
    throw new Error(`Cannot find module '${id}'`);
  };
  vm.runInNewContext(CANARY_SCRIPT, {
    require: requireStub,
    module,
    exports: module.exports,
    process: { env: { [CANARY_URL_VARIABLE]: url } },
    URL,
    Promise,
    Error,
  });
  await module.exports.handler!();
}

describe("canary script", () => {
  let server: http.Server;
  let base: string;
  const seen: { path?: string; agent?: string }[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push({ path: req.url, agent: req.headers["user-agent"] });
      const status = req.url?.startsWith("/fail") ? 503 : 200;
      res.writeHead(status, { "content-type": "text/plain" });
      res.end(status === 200 ? "ok" : "unavailable");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  test("passes on a 2xx answer and requests the configured path and query", async () => {
    await expect(runCanary(`${base}/health?deep=1`)).resolves.toBeUndefined();
    expect(seen.at(-1)).toEqual({
      path: "/health?deep=1",
      agent: "CloudWatchSynthetics/test slipway-uptime",
    });
  });

  test("fails on a 5xx answer", async () => {
    await expect(runCanary(`${base}/fail`)).rejects.toThrow("GET /fail answered 503");
  });

  test("fails when nothing listens", async () => {
    await expect(runCanary("http://127.0.0.1:1/")).rejects.toThrow();
  });

  test("the archive holds the script at both runtime layouts; the code hash follows the script", () => {
    expect(canaryArchiveFiles()).toEqual({
      "uptime.js": CANARY_SCRIPT,
      "nodejs/node_modules/uptime.js": CANARY_SCRIPT,
    });
    expect(canaryCodeHash()).toMatch(/^[0-9a-f]{16}$/);
  });
});
