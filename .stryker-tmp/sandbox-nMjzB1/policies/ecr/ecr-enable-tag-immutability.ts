// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { ECR_REPOSITORY, isOneOf } from "../lib/types";

const FIX = 'Set imageTagMutability: "IMMUTABLE" so a released version tag always names the same image.';

/** FSBP ECR.2: tag immutability (`IMMUTABLE`, or `IMMUTABLE_WITH_EXCLUSION`). */
export const ecrEnableTagImmutability: ResourceValidationPolicy = {
  name: "ecr-enable-tag-immutability",
  description: "ECR private repositories have tag immutability enabled.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("ECR.2"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, ECR_REPOSITORY)) return;
    const m = args.props.imageTagMutability;
    if (m !== "IMMUTABLE" && m !== "IMMUTABLE_WITH_EXCLUSION") {
      report(`ECR repository '${args.name}' has mutable tags (${String(m ?? "MUTABLE by default")}). ${FIX}`);
    }
  },
};
