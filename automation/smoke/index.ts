/**
 * Smoke tests from the stack outputs: every API health check (status and JSON body), database
 * connectivity as the health endpoint reports it, and the frontend serving HTML. Bounded retries with a
 * per-attempt timeout; `fetch` and `sleep` are injected.
 */
import type { ServiceOutput, StackOutputs } from "../../outputs";

export type SmokeKind = "api-health" | "database" | "frontend";

export interface SmokeCheck {
  /** Test name as it appears in the report, e.g. `API health check (api)`. */
  readonly name: string;
  readonly kind: SmokeKind;
  readonly url: string;
  /** Extra request headers (the header route to an idle colour). */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface SmokeResult {
  readonly name: string;
  readonly kind: SmokeKind;
  readonly url: string;
  readonly status: "passed" | "failed";
  readonly attempts: number;
  readonly durationMs: number;
  /** What was seen on the last attempt (status code, body fields, error). */
  readonly details: string;
  /**
   * When the check ran: against the idle colour before it takes traffic, after the rollout, after the
   * bake, or after a rollback (against the version that serves traffic then). Set by the pipeline.
   */
  readonly phase?: SmokePhase;
}

export type SmokePhase = "idle" | "rollout" | "after-bake" | "after-rollback";

export interface SmokeOptions {
  readonly fetch: typeof globalThis.fetch;
  readonly sleep: (ms: number) => Promise<void>;
  /** Monotonic-enough clock for durations. @default Date.now */
  readonly now?: () => number;
  /** Attempts per check. @default 5 */
  readonly attempts?: number;
  /** Delay between attempts, doubled each time up to 4x. @default 2000 */
  readonly retryDelayMs?: number;
  /** Per-attempt timeout. @default 5000 */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

const OK_VALUES = new Set(["ok", "healthy", "pass", "passed", "up", "connected"]);

/**
 * The checks for a stack. `idle`: only the API health and database checks of services that run two
 * colours, sent through each service's header route to its idle colour.
 */
export function smokeChecks(outputs: StackOutputs, opts: { readonly idle?: boolean } = {}): SmokeCheck[] {
  const checks: SmokeCheck[] = [];
  const apis = outputs.services.filter((s) => s.kind === "api" && s.healthCheckUrl);
  for (const svc of apis) {
    const target = targetFor(svc, opts.idle === true);
    if (!target) continue;
    checks.push({
      name: `API health check (${svc.name}${target.label})`,
      kind: "api-health",
      url: svc.healthCheckUrl!,
      headers: target.headers,
    });
    if (outputs.database) {
      checks.push({
        name: `Database connectivity (${svc.name}${target.label})`,
        kind: "database",
        url: svc.healthCheckUrl!,
        headers: target.headers,
      });
    }
  }
  if (!opts.idle && outputs.frontend) {
    checks.push({
      name: `Frontend loads (${outputs.frontend.name})`,
      kind: "frontend",
      url: outputs.frontend.url,
    });
  }
  return checks;
}

function targetFor(
  svc: ServiceOutput,
  idle: boolean,
): { label: string; headers?: Record<string, string> } | undefined {
  if (!idle) return { label: "" };
  if (!svc.idleRoute) return undefined;
  const colour = svc.activeColour === "blue" ? "green" : "blue";
  return { label: `, idle ${colour}`, headers: { [svc.idleRoute.header]: svc.idleRoute.value } };
}

/** Run checks one after the other (they are few and each is bounded). */
export async function runSmokeChecks(
  checks: readonly SmokeCheck[],
  opts: SmokeOptions,
): Promise<SmokeResult[]> {
  const results: SmokeResult[] = [];
  for (const c of checks) results.push(await runOne(c, opts));
  return results;
}

/** True when every check passed (and there was at least one). */
export function smokePassed(results: readonly SmokeResult[]): boolean {
  return results.length > 0 && results.every((r) => r.status === "passed");
}

/** The failed checks as `name: details; ...` (for failure messages). */
export function failedChecks(results: readonly SmokeResult[]): string {
  return results
    .filter((x) => x.status === "failed")
    .map((x) => `${x.name}: ${x.details}`)
    .join("; ");
}

async function runOne(check: SmokeCheck, opts: SmokeOptions): Promise<SmokeResult> {
  const now = opts.now ?? Date.now;
  const attempts = Math.max(1, opts.attempts ?? 5);
  const baseDelay = opts.retryDelayMs ?? 2000;
  const timeoutMs = opts.timeoutMs ?? 5000;
  const started = now();
  let details = "";
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (opts.signal?.aborted) {
      details = "aborted";
      return {
        ...base(check),
        status: "failed",
        attempts: attempt - 1,
        durationMs: now() - started,
        details,
      };
    }
    const outcome = await attemptOnce(check, opts.fetch, timeoutMs, opts.signal);
    details = outcome.details;
    if (outcome.ok) {
      return { ...base(check), status: "passed", attempts: attempt, durationMs: now() - started, details };
    }
    if (attempt < attempts) await opts.sleep(Math.min(baseDelay * 2 ** (attempt - 1), baseDelay * 4));
  }
  return { ...base(check), status: "failed", attempts, durationMs: now() - started, details };
}

function base(c: SmokeCheck): Pick<SmokeResult, "name" | "kind" | "url"> {
  return { name: c.name, kind: c.kind, url: c.url };
}

async function attemptOnce(
  check: SmokeCheck,
  fetchFn: typeof globalThis.fetch,
  timeoutMs: number,
  outer?: AbortSignal,
): Promise<{ ok: boolean; details: string }> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = outer ? AbortSignal.any([outer, timeout]) : timeout;
  try {
    const res = await fetchFn(check.url, {
      headers: { accept: check.kind === "frontend" ? "text/html" : "application/json", ...check.headers },
      signal,
      redirect: "follow",
    });
    const body = await res.text();
    if (res.status !== 200) return { ok: false, details: `HTTP ${res.status}` };
    return check.kind === "frontend" ? judgeHtml(res, body) : judgeHealth(check.kind, body);
  } catch (err) {
    if (timeout.aborted) return { ok: false, details: `timed out after ${timeoutMs} ms` };
    return { ok: false, details: `request failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}

function judgeHtml(res: Response, body: string): { ok: boolean; details: string } {
  const type = res.headers.get("content-type") ?? "";
  if (!type.includes("text/html"))
    return { ok: false, details: `HTTP 200 but content-type ${type || "(none)"}` };
  if (!/<html[\s>]|<!doctype html/i.test(body))
    return { ok: false, details: "HTTP 200 but the body is not an HTML page" };
  return { ok: true, details: `HTTP 200, text/html, ${body.length} bytes` };
}

function judgeHealth(kind: SmokeKind, body: string): { ok: boolean; details: string } {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return { ok: false, details: "HTTP 200 but the body is not JSON" };
  }
  if (!json || typeof json !== "object")
    return { ok: false, details: "HTTP 200 but the body is not a JSON object" };
  if (kind === "api-health") {
    const status = String(json.status ?? "").toLowerCase();
    if (!OK_VALUES.has(status))
      return { ok: false, details: `HTTP 200 but status is ${JSON.stringify(json.status ?? null)}` };
    return { ok: true, details: `HTTP 200, status ${status}` };
  }
  const checks = (json.checks && typeof json.checks === "object" ? json.checks : {}) as Record<
    string,
    unknown
  >;
  const raw = json.db ?? json.database ?? checks.db ?? checks.database;
  const value = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>).status : raw;
  if (value === undefined)
    return { ok: false, details: "the health endpoint does not report database connectivity (no db field)" };
  const db = String(value).toLowerCase();
  if (!OK_VALUES.has(db)) return { ok: false, details: `database reported ${JSON.stringify(value)}` };
  return { ok: true, details: `HTTP 200, db ${db}` };
}
