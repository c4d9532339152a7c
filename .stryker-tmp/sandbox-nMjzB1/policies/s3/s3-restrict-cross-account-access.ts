// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { grantsAction, publicPrincipal, statementsOf } from "../lib/iam";
import { fsbp } from "../lib/meta";
import { isOneOf, S3_BUCKET_POLICY, S3_BUCKETS } from "../lib/types";

/** The actions S3.6 denies to other accounts. */
export const BLOCKED_ACTIONS = [
  "s3:DeleteBucketPolicy",
  "s3:PutBucketAcl",
  "s3:PutBucketPolicy",
  "s3:PutEncryptionConfiguration",
  "s3:PutObjectAcl",
];

const FIX =
  "Limit the statement's Principal to this account's roles (or list the account in trustedAccountIds), and " +
  `never allow ${BLOCKED_ACTIONS.join(", ")} to other accounts or to "*".`;

function accountOf(principal: string): string | undefined {
  if (/^\d{12}$/.test(principal)) return principal;
  return /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(principal)?.[1];
}

/**
 * FSBP S3.6: bucket policies must not grant the blocked actions to other AWS accounts. `*` is always
 * another account; explicit account principals are checked against `trustedAccountIds` when it is set
 * (the program cannot know its own account id before deployment).
 */
export const s3RestrictCrossAccountAccess: ResourceValidationPolicy = {
  name: "s3-restrict-cross-account-access",
  description: "S3 bucket policies do not let other AWS accounts change bucket policy, ACLs or encryption.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: FIX,
  ...fsbp("S3.6"),
  configSchema: {
    properties: {
      trustedAccountIds: {
        type: "array",
        items: { type: "string", pattern: "^\\d{12}$" },
        default: [],
        description:
          "Account ids allowed in bucket policy principals (empty: only wildcard principals are checked).",
      },
    },
  },
  validateResource: (args, report) => {
    if (!isOneOf(args.type, [...S3_BUCKETS, ...S3_BUCKET_POLICY])) return;
    const { trustedAccountIds } = configOf<{ trustedAccountIds: string[] }>(
      args,
      s3RestrictCrossAccountAccess,
    );
    for (const s of statementsOf(args.props.policy) ?? []) {
      if (s.effect !== "Allow") continue;
      const actions = BLOCKED_ACTIONS.filter((a) => grantsAction(s, a));
      if (actions.length === 0) continue;
      const foreign = (s.principals ?? [])
        .filter((p) => p.kind === "AWS")
        .map((p) => accountOf(p.value))
        .filter(
          (a): a is string =>
            a !== undefined && trustedAccountIds.length > 0 && !trustedAccountIds.includes(a),
        );
      if (publicPrincipal(s) || foreign.length > 0) {
        const who = publicPrincipal(s) ? '"*"' : `account(s) ${foreign.join(", ")}`;
        report(`Statement ${s.sid ?? "(no Sid)"} allows ${actions.join(", ")} to ${who}. ${FIX}`);
      }
    }
  },
};
