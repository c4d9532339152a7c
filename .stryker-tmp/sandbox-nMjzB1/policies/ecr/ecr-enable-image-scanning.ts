// @ts-nocheck
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { wildcardMatch } from "../lib/iam";
import { ofType } from "../lib/join";
import { fsbp } from "../lib/meta";
import { asArray, asRecord } from "../lib/props";
import { ECR_REGISTRY_SCANNING, ECR_REPOSITORY } from "../lib/types";

const FIX =
  "Set imageScanningConfiguration: { scanOnPush: true } on the repository, or scan at registry level with an " +
  "aws.ecr.RegistryScanningConfiguration rule whose repository filter matches it.";

function registryScans(registry: PolicyResource, repoName: string | undefined): boolean {
  const scanType = registry.props.scanType;
  return asArray(registry.props.rules).some((r) => {
    const rule = asRecord(r);
    if (!rule) return false;
    const frequency = String(rule.scanFrequency ?? "");
    const frequencyOk =
      frequency === "SCAN_ON_PUSH" || (scanType === "ENHANCED" && frequency === "CONTINUOUS_SCAN");
    const filters = asArray(rule.repositoryFilters).map((f) => String(asRecord(f)?.filter ?? ""));
    const matches = filters.some((f) => f === "*" || (repoName !== undefined && wildcardMatch(f, repoName)));
    return frequencyOk && matches;
  });
}

/** FSBP ECR.1: repository `scanOnPush`, or a registry scanning rule covering the repository. */
export const ecrEnableImageScanning: StackValidationPolicy = {
  name: "ecr-enable-image-scanning",
  description: "ECR private repositories scan images for vulnerabilities.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: FIX,
  ...fsbp("ECR.1"),
  validateStack: (args, report) => {
    const registries = ofType(args.resources, ECR_REGISTRY_SCANNING);
    for (const repo of ofType(args.resources, ECR_REPOSITORY)) {
      if (asRecord(repo.props.imageScanningConfiguration)?.scanOnPush === true) continue;
      const name = repo.props.name;
      if (registries.some((r) => registryScans(r, typeof name === "string" ? name : undefined))) continue;
      report(`ECR repository '${repo.name}' does not scan images on push. ${FIX}`, repo.urn);
    }
  },
};
