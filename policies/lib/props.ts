/**
 * Small readers for resource properties as policies receive them: plain JSON (inputs in resource
 * policies, outputs in stack policies), possibly wrapped in the analyzer's unknown-checking proxy.
 */
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

/** A JSON value that may arrive as a JSON string (e.g. policy documents, container definitions). */
export function parseJson(v: unknown): unknown {
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return undefined;
  }
}

/** Lower-case, true when `v` is the boolean true or the string "true". */
export function isTrue(v: unknown): boolean {
  return v === true || (typeof v === "string" && v.toLowerCase() === "true");
}
