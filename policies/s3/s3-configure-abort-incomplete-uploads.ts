import type { ResourceValidationPolicy } from "@pulumi/policy";
import { baseline } from "../lib/meta";
import { asArray, asRecord } from "../lib/props";
import { S3_LIFECYCLE, isOneOf } from "../lib/types";

const FIX =
  "Add a rule with abortIncompleteMultipartUpload.daysAfterInitiation (e.g. 7) so abandoned upload parts do not accumulate.";

/** Lifecycle configurations clean up incomplete multipart uploads (advisory: a cost and hygiene rule). */
export const s3ConfigureAbortIncompleteUploads: ResourceValidationPolicy = {
  name: "s3-configure-abort-incomplete-uploads",
  description: "S3 lifecycle configurations abort incomplete multipart uploads.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps: FIX,
  ...baseline(),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, S3_LIFECYCLE)) return;
    const p = args.props;
    const aborts = asArray(p.rules).some(
      (r) =>
        asRecord(r)?.status === "Enabled" &&
        asRecord(asRecord(r)?.abortIncompleteMultipartUpload)?.daysAfterInitiation !== undefined,
    );
    if (!aborts)
      report(`Lifecycle configuration '${args.name}' never aborts incomplete multipart uploads. ${FIX}`);
  },
};
