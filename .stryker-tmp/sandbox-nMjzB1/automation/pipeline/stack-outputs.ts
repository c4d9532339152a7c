/**
 * Reading the stack outputs back (the `outputs.ts` contract) and the release state they show: what is
 * actually deployed, which is what a re-run after a failure must start from (the config may already hold
 * a state whose update never finished).
 */
// @ts-nocheck

import type { StackOutputs } from "../../outputs";
import type { ReleaseState } from "./strategy";

/** Undefined for a stack that exports nothing yet; throws when the outputs do not follow the contract. */
export function parseStackOutputs(raw: Record<string, unknown>): StackOutputs | undefined {
  if (Object.keys(raw).length === 0) return undefined;
  const problems: string[] = [];
  if (typeof raw.project !== "string") problems.push("project");
  if (typeof raw.region !== "string") problems.push("region");
  if (typeof raw.version !== "string") problems.push("version");
  if (!Array.isArray(raw.services)) problems.push("services");
  if (!Array.isArray(raw.alarms)) problems.push("alarms");
  if (!raw.tls || typeof raw.tls !== "object") problems.push("tls");
  if (!raw.resourceSummary || typeof raw.resourceSummary !== "object") problems.push("resourceSummary");
  if (problems.length > 0) {
    throw new Error(`the stack outputs do not follow outputs.ts (missing or wrong: ${problems.join(", ")})`);
  }
  return raw as unknown as StackOutputs;
}

/** The release state the outputs show (from the first API service, else the first service). */
export function stateFromOutputs(outputs: StackOutputs | undefined): ReleaseState | undefined {
  if (!outputs) return undefined;
  const svc = outputs.services.find((s) => s.kind === "api") ?? outputs.services[0];
  if (!svc) return { version: outputs.version, activeColour: "blue", idleWeight: 0 };
  const active = svc.activeColour;
  const idle = active === "blue" ? "green" : "blue";
  const version = svc.versions[active] ?? outputs.version;
  const idleVersion = svc.versions[idle];
  return {
    version,
    activeColour: active,
    ...(idleVersion ? { idleVersion } : {}),
    idleWeight: svc.idleWeight,
  };
}
