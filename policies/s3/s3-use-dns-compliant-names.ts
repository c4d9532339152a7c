import type { ResourceValidationPolicy } from "@pulumi/policy";
import { baseline } from "../lib/meta";
import { asString } from "../lib/props";
import { S3_BUCKETS, isOneOf } from "../lib/types";

const FIX =
  "Name the bucket without dots (letters, digits and hyphens) so virtual-hosted HTTPS requests match the wildcard certificate.";

/** Bucket names with dots break TLS on virtual-hosted-style URLs (the `*.s3.amazonaws.com` certificate). */
export const s3UseDnsCompliantNames: ResourceValidationPolicy = {
  name: "s3-use-dns-compliant-names",
  description: "S3 bucket names are DNS compliant (no dots).",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps: FIX,
  ...baseline(),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, S3_BUCKETS)) return;
    const p = args.props;
    const bucket = asString(p.bucket);
    if (bucket?.includes(".")) report(`Bucket '${args.name}' is named ${bucket}, with dots. ${FIX}`);
  },
};
