/**
 * The settings of a resource as the plan shows and compares them: its inputs flattened to dotted paths
 * with scalar values, JSON documents inside strings (container definitions, IAM policies) expanded,
 * secrets replaced by `[secret]`, tags left out, long strings shortened with a content hash so a change
 * still shows. Pure.
 */
// @ts-nocheck

import { createHash } from "node:crypto";
import { redactPaths } from "../engine/capture";
import type { CapturedResource } from "../engine/types";

export type SettingValue = string | number | boolean | null;

/** Inputs not shown as settings (noise in a review; tags are checked by policies). */
const SKIPPED = new Set(["tags", "tagsAll", "__defaults"]);

/** Strings longer than this are shortened (with a hash of the whole value). */
export const MAX_SETTING_LENGTH = 160;

function shorten(s: string): string {
  if (s.length <= MAX_SETTING_LENGTH) return s;
  const hash = createHash("sha256").update(s).digest("hex").slice(0, 12);
  return `${s.slice(0, 100)}... (${s.length} chars, sha256:${hash})`;
}

function parseJsonString(s: string): unknown {
  const t = s.trim();
  if (!(t.startsWith("{") || t.startsWith("["))) return undefined;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return undefined;
  }
}

/** Flatten a value into `out` under `path`. */
function flatten(value: unknown, path: string, out: Record<string, SettingValue>): void {
  if (value === undefined) return;
  if (value === null || typeof value === "number" || typeof value === "boolean") {
    out[path] = value;
    return;
  }
  if (typeof value === "string") {
    const parsed = parseJsonString(value);
    if (parsed !== undefined && typeof parsed === "object" && parsed !== null) flatten(parsed, path, out);
    else out[path] = shorten(value);
    return;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) out[path] = "[]";
    value.forEach((v, i) => flatten(v, `${path}[${i}]`, out));
    return;
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0 && path !== "") out[path] = "{}";
    for (const [k, v] of entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      flatten(v, path === "" ? k : `${path}.${k}`, out);
    }
  }
}

/** The settings of a resource (see the module comment). */
export function resourceSettings(
  r: Pick<CapturedResource, "inputs" | "secretPaths">,
): Record<string, SettingValue> {
  const inputs = redactPaths(
    r.inputs,
    r.secretPaths.filter((p) => !p.startsWith("outputs.")),
  ) as Record<string, unknown>;
  const out: Record<string, SettingValue> = {};
  for (const key of Object.keys(inputs).sort()) {
    if (SKIPPED.has(key)) continue;
    flatten(inputs[key], key, out);
  }
  return out;
}

/** Secret values shorter than this are not scrubbed from free text (they would match ordinary words). */
export const MIN_SCRUBBED_SECRET_LENGTH = 8;

function valueAt(value: unknown, path: string): unknown {
  let node: unknown = value;
  for (const part of path.split(".")) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function strings(value: unknown, out: Set<string>): void {
  if (typeof value === "string") out.add(value);
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (value !== null && typeof value === "object") Object.values(value).forEach((v) => strings(v, out));
}

/** The secret string values of captured resources (at their secret input paths), longest first. */
export function secretValues(
  resources: readonly Pick<CapturedResource, "inputs" | "secretPaths">[],
): string[] {
  const out = new Set<string>();
  for (const r of resources) {
    for (const path of r.secretPaths) {
      if (!path.startsWith("outputs.")) strings(valueAt(r.inputs, path), out);
    }
  }
  return [...out].filter((v) => v.length >= MIN_SCRUBBED_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}

/**
 * Replace every occurrence of a known secret value inside the strings of `value` with `[secret]` (on a
 * copy): a second layer behind the secret paths, for a secret a program copied into a plain input.
 */
export function scrubSecrets<T>(value: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") {
      let out = v;
      for (const s of secrets) if (out.includes(s)) out = out.split(s).join("[secret]");
      return out;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object") {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}
