/**
 * Small readers for resource properties as policies receive them: plain JSON (inputs in resource
 * policies, outputs in stack policies), possibly wrapped in the analyzer's unknown-checking proxy.
 */
// @ts-nocheck

import { UnknownValueError } from "@pulumi/policy";

/** Evaluate `f`, returning undefined when it reads a value that is unknown during preview. */
export function safe<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    if (e instanceof UnknownValueError) return undefined;
    throw e;
  }
}

/** `v` as an array: arrays as is, undefined/null as [], anything else as a one-element array. */
export function asArray(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

/** `v` as an object record, or undefined. */
export function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

/** `v` as a non-empty string, or undefined. */
export function asString(v: unknown): string | undefined {
  return typeof v === "string" && v.length > 0 ? v : undefined;
}

function deepFreeze<T>(v: T): T {
  if (typeof v === "object" && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

/** Parsed JSON strings: the same document is read by several policies (IAM, KMS, S3, SNS, ECS). */
const parsedJson = new Map<string, unknown>();
const MAX_PARSED_JSON = 2000;

/**
 * A JSON value that may arrive as a JSON string (e.g. policy documents, container definitions). A
 * parsed string is shared between the policies that read it, so it is deeply frozen: read-only.
 */
export function parseJson(v: unknown): unknown {
  if (typeof v !== "string") return v;
  if (parsedJson.has(v)) return parsedJson.get(v);
  let parsed: unknown;
  try {
    parsed = deepFreeze(JSON.parse(v) as unknown);
  } catch {
    parsed = undefined;
  }
  if (parsedJson.size >= MAX_PARSED_JSON) parsedJson.clear();
  parsedJson.set(v, parsed);
  return parsed;
}

/** Lower-case, true when `v` is the boolean true or the string "true". */
export function isTrue(v: unknown): boolean {
  return v === true || (typeof v === "string" && v.toLowerCase() === "true");
}
