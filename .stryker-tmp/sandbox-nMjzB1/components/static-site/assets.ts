/**
 * Pure logic of the static site: which files of a built assets directory are uploaded, their object keys,
 * content types and cache headers, plus the security response header defaults and the SPA rewrite
 * function. File-system reads are limited to listing the directory. Table-tested in `assets.test.ts`.
 */
// @ts-nocheck

import * as fs from "node:fs";
import * as path from "node:path";
import * as crypto from "node:crypto";
import * as mime from "mime-types";

/** Cache-Control of files whose name carries a content hash: cached for a year, never revalidated. */
export const IMMUTABLE_CACHE = "public, max-age=31536000, immutable";
/** Cache-Control of HTML entry points: always revalidated, so a deploy is visible at once. */
export const NO_CACHE = "no-cache";
/** Cache-Control of other files (un-hashed images, robots.txt, manifest): five minutes. */
export const SHORT_CACHE = "public, max-age=300";

/** Every regular file under `dir` (recursively), as sorted POSIX paths relative to `dir`; hidden entries skipped. */
export function listAssetFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (abs: string, rel: string): void => {
    for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
      if (entry.name.startsWith(".")) continue;
      const childAbs = path.join(abs, entry.name);
      const childRel = rel === "" ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(childAbs, childRel);
      else if (entry.isFile()) out.push(childRel);
    }
  };
  walk(dir, "");
  return out.sort();
}

/** Content-Type of a file by extension (with `charset=utf-8` for text types); unknown -> octet-stream. */
export function contentTypeFor(file: string): string {
  return mime.contentType(path.posix.basename(file)) || "application/octet-stream";
}

/**
 * True when the file name carries a build content hash, e.g. `index-BvJ3k2Xa.js` (Vite),
 * `main.3f2a9c1b.css` (webpack/CRA), `chunk-5d41402abc4b2a76.js`: a segment of 8+ letters/digits (with at
 * least one digit) right before the extension, after `-` or `.`.
 */
export function isHashedFileName(file: string): boolean {
  const base = path.posix.basename(file);
  const m = /[.-]([A-Za-z0-9_]{8,})\.[A-Za-z0-9]+(\.map)?$/.exec(base);
  return m !== null && /\d/.test(m[1]);
}

/** Cache-Control for a file: no-cache for HTML, immutable for hashed names, short otherwise. */
export function cacheControlFor(file: string): string {
  if (/\.html?$/i.test(file)) return NO_CACHE;
  if (isHashedFileName(file)) return IMMUTABLE_CACHE;
  return SHORT_CACHE;
}

/** One object to upload. */
export interface AssetObject {
  /** Object key (POSIX relative path). */
  readonly key: string;
  /** Absolute path of the source file. */
  readonly source: string;
  readonly contentType: string;
  readonly cacheControl: string;
  /** Logical resource suffix: readable, unique, stable per key. */
  readonly resourceSuffix: string;
}

/** Logical name suffix of an object: sanitized key plus a short hash of the exact key (unique per key). */
export function resourceSuffixFor(key: string): string {
  const readable = key
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60);
  const hash = crypto.createHash("sha256").update(key).digest("hex").slice(0, 8);
  return `${readable}-${hash}`;
}

/** The upload plan of a built assets directory. */
export function assetObjects(dir: string): AssetObject[] {
  const root = path.resolve(dir);
  return listAssetFiles(root).map((key) => ({
    key,
    source: path.join(root, ...key.split("/")),
    contentType: contentTypeFor(key),
    cacheControl: cacheControlFor(key),
    resourceSuffix: resourceSuffixFor(key),
  }));
}

/** Default Content-Security-Policy: same-origin only (the API is routed through the same distribution). */
export const DEFAULT_CSP =
  "default-src 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'";

/**
 * CloudFront Function (viewer request) for SPA routing when an API shares the distribution: paths without
 * a file extension are served `/index.html`, so API errors are never masked by error-page rewrites.
 */
export function spaRewriteFunctionCode(): string {
  return [
    "function handler(event) {",
    "  var request = event.request;",
    "  var uri = request.uri;",
    "  var last = uri.substring(uri.lastIndexOf('/') + 1);",
    "  if (last.indexOf('.') === -1) {",
    "    request.uri = '/index.html';",
    "  }",
    "  return request;",
    "}",
    "",
  ].join("\n");
}
