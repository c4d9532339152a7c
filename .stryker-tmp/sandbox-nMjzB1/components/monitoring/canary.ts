/**
 * Uptime canary pieces that need no Pulumi: the canary name rule and the canary script.
 *
 * Choice: CloudWatch Synthetics (not Route 53 health checks). Route 53 health-check metrics exist only
 * in us-east-1, so their alarms and topics would live outside the stack's region; a canary runs, and
 * publishes `SuccessPercent`, in the stack's region. The script is a few lines of inline JavaScript
 * packaged by Pulumi as a zip (`pulumi.asset.AssetArchive`) into the private artifacts bucket: nothing
 * is downloaded at build time. The URL arrives as an environment variable, so one script serves every
 * endpoint.
 */
// @ts-nocheck

import { createHash } from "node:crypto";

/** Synthetics canary names: 1..21 characters of `[0-9a-z_-]`. */
export const CANARY_NAME_MAX = 21;
const CANARY_NAME = /^[0-9a-z_-]{1,21}$/;

/** Default Synthetics runtime (Node.js + Puppeteer; the script uses only the HTTP step API). */
export const DEFAULT_CANARY_RUNTIME = "syn-nodejs-puppeteer-15.0";

/** Handler of the packaged script: file `uptime.js`, export `handler`. */
export const CANARY_HANDLER = "uptime.handler";

/** Environment variable carrying the checked URL. */
export const CANARY_URL_VARIABLE = "UPTIME_URL";

/**
 * Canary name for an endpoint: `<namePrefix>-<endpoint>` when it fits in 21 characters, otherwise a
 * truncated prefix and endpoint plus a 4-character hash of the full name, so distinct inputs never
 * collide and the result is stable across runs.
 */
export function canaryName(namePrefix: string, endpoint: string): string {
  const full = `${namePrefix}-${endpoint}`.toLowerCase().replace(/[^0-9a-z_-]/g, "-");
  if (full.length <= CANARY_NAME_MAX) return full;
  const hash = createHash("sha256").update(full).digest("hex").slice(0, 4);
  // <prefix part>-<endpoint part>-<hash>: 21 = p + 1 + e + 1 + 4
  const room = CANARY_NAME_MAX - hash.length - 2;
  const e = endpoint
    .toLowerCase()
    .replace(/[^0-9a-z_-]/g, "-")
    .slice(0, Math.min(endpoint.length, Math.ceil(room / 2)));
  const p = namePrefix
    .toLowerCase()
    .replace(/[^0-9a-z_-]/g, "-")
    .slice(0, room - e.length);
  const name = `${p}-${e}-${hash}`;
  if (!CANARY_NAME.test(name)) throw new Error(`canary name "${name}" is invalid`);
  return name;
}

/**
 * The canary script: GET the URL (environment variable `UPTIME_URL`), pass on 2xx, fail otherwise.
 * Loads the Synthetics library under its current name (`@aws/synthetics-puppeteer`, runtimes 13.1+)
 * and falls back to the legacy name (`Synthetics`). Request and response bodies and headers are not
 * recorded in the artifacts.
 */
export const CANARY_SCRIPT = `'use strict';
// slipway uptime canary: GET the URL in $${CANARY_URL_VARIABLE} and expect a 2xx answer.
function load(current, legacy) {
  try {
    return require(current);
  } catch (e) {
    return require(legacy);
  }
}
const synthetics = load('@aws/synthetics-puppeteer', 'Synthetics');

exports.handler = async function () {
  const url = new URL(process.env.${CANARY_URL_VARIABLE});
  const requestOptions = {
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port || (url.protocol === 'https:' ? 443 : 80),
    path: url.pathname + url.search,
    method: 'GET',
    headers: { 'User-Agent': synthetics.getCanaryUserAgentString() + ' slipway-uptime' },
  };
  const stepConfig = {
    includeRequestHeaders: false,
    includeResponseHeaders: false,
    includeRequestBody: false,
    includeResponseBody: false,
    continueOnHttpStepFailure: false,
  };
  await synthetics.executeHttpStep(
    'GET ' + url.pathname,
    requestOptions,
    async function (res) {
      if (res.statusCode < 200 || res.statusCode > 299) {
        throw new Error('GET ' + url.pathname + ' answered ' + res.statusCode);
      }
      await new Promise(function (resolve) {
        res.on('data', function () {});
        res.on('end', resolve);
      });
    },
    stepConfig,
  );
};
`;

/**
 * Files of the canary zip. The script sits both at the root (runtimes 11.0+) and under
 * `nodejs/node_modules/` (the layout older Node.js runtimes require).
 */
export function canaryArchiveFiles(): Record<string, string> {
  return { "uptime.js": CANARY_SCRIPT, "nodejs/node_modules/uptime.js": CANARY_SCRIPT };
}

/** Content hash of the script: part of the S3 key, so a changed script is a new object. */
export function canaryCodeHash(): string {
  return createHash("sha256").update(CANARY_SCRIPT).digest("hex").slice(0, 16);
}
