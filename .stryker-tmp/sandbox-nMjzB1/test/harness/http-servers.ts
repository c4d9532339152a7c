/**
 * Real HTTP servers on 127.0.0.1 for smoke tests: each records its requests and answers through a
 * handler, so tests exercise the real `fetch`, sockets, timeouts and retries.
 */
// @ts-nocheck

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage["headers"];
}

export interface TestServer {
  /** Base URL, `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, hit: number) => void | Promise<void>;

export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? "GET", path: req.url ?? "/", headers: req.headers });
    Promise.resolve(handler(req, res, requests.length)).catch(() => {
      res.statusCode = 500;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

export function html(
  res: ServerResponse,
  body = "<!doctype html><html><body><div id=root></div></body></html>",
): void {
  res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  res.end(body);
}

/** A healthy app: `/health` reports `status: ok, db: ok`; everything else serves the SPA. */
export const healthyApp: Handler = (req, res) => {
  if (req.url?.startsWith("/health")) json(res, 200, { status: "ok", db: "ok" });
  else html(res);
};

/** Always 500. */
export const brokenApp: Handler = (_req, res) => json(res, 500, { status: "error" });

/** Answers after `delayMs` (longer than the client's timeout in tests). */
export function slowApp(delayMs: number): Handler {
  return (req, res) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        healthyApp(req, res, 0);
        resolve();
      }, delayMs);
      res.on("close", () => {
        clearTimeout(t);
        resolve();
      });
    });
}

/** Fails (503) on the first `failures` requests, then healthy. */
export function flappingApp(failures: number): Handler {
  return (req, res, hit) =>
    hit <= failures ? json(res, 503, { status: "starting" }) : healthyApp(req, res, hit);
}
