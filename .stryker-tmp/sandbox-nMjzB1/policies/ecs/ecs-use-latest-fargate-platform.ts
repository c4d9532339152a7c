// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { fsbp } from "../lib/meta";
import { asArray, asRecord } from "../lib/props";
import { ECS_SERVICE, isOneOf } from "../lib/types";

const FIX = 'Remove platformVersion (it defaults to "LATEST") or set it to "LATEST".';

function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** FSBP ECS.10: Fargate services run the latest platform version (`LATEST`, or at least `latestLinuxVersion`). */
export const ecsUseLatestFargatePlatform: ResourceValidationPolicy = {
  name: "ecs-use-latest-fargate-platform",
  description: "ECS Fargate services run on the latest Fargate platform version.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("ECS.10"),
  configSchema: {
    properties: {
      latestLinuxVersion: {
        type: "string",
        pattern: "^\\d+\\.\\d+\\.\\d+$",
        default: "1.4.0",
        description: "Latest Linux platform version.",
      },
    },
  },
  validateResource: (args, report) => {
    if (!isOneOf(args.type, ECS_SERVICE)) return;
    const fargate =
      args.props.launchType === "FARGATE" ||
      asArray(args.props.capacityProviderStrategies).some((s) =>
        String(asRecord(s)?.capacityProvider ?? "").startsWith("FARGATE"),
      );
    if (!fargate) return;
    const v = args.props.platformVersion;
    if (v === undefined || v === "LATEST") return;
    const { latestLinuxVersion } = configOf<{ latestLinuxVersion: string }>(
      args,
      ecsUseLatestFargatePlatform,
    );
    if (typeof v !== "string" || !/^\d+(\.\d+)*$/.test(v) || compareVersions(v, latestLinuxVersion) < 0) {
      report(
        `ECS service '${args.name}' pins Fargate platform version ${String(v)} (latest ${latestLinuxVersion}). ${FIX}`,
      );
    }
  },
};
