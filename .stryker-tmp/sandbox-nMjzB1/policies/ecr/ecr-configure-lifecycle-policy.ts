// @ts-nocheck
import type { StackValidationPolicy } from "@pulumi/policy";
import { ofType, referencing } from "../lib/join";
import { fsbp } from "../lib/meta";
import { ECR_LIFECYCLE_POLICY, ECR_REPOSITORY } from "../lib/types";

const FIX =
  "Add an aws.ecr.LifecyclePolicy for the repository (repository: repo.name) that expires untagged images " +
  "and keeps the last N released versions.";

/** FSBP ECR.3: at least one lifecycle policy per repository, joined by `repository`. */
export const ecrConfigureLifecyclePolicy: StackValidationPolicy = {
  name: "ecr-configure-lifecycle-policy",
  description: "ECR repositories have at least one lifecycle policy.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("ECR.3"),
  validateStack: (args, report) => {
    for (const repo of ofType(args.resources, ECR_REPOSITORY)) {
      if (
        referencing(args.resources, ECR_LIFECYCLE_POLICY, "repository", repo, ["name", "id"]).length === 0
      ) {
        report(`ECR repository '${repo.name}' has no lifecycle policy. ${FIX}`, repo.urn);
      }
    }
  },
};
