import type { ResourceValidationPolicy } from "@pulumi/policy";
import {
  grantsAction,
  grantsPublicAccess,
  restrictsCallers,
  statementLabel,
  statementsOf,
  type Statement,
} from "../lib/iam";
import { baseline } from "../lib/meta";
import { IAM_ROLE, isOneOf } from "../lib/types";

const FIX =
  "Trust named principals only (an account root, a role ARN or a service), or limit the statement with a " +
  "Condition on aws:PrincipalOrgID / aws:SourceArn / aws:SourceAccount; for GitHub OIDC require " +
  '"token.actions.githubusercontent.com:sub" to name the repository (repo:<org>/<repo>:...).';

const ASSUME = [
  "sts:AssumeRole",
  "sts:AssumeRoleWithWebIdentity",
  "sts:AssumeRoleWithSAML",
  "sts:TagSession",
];
const GITHUB_SUB = new Set(["token.actions.githubusercontent.com:sub"]);

/** A GitHub Actions OIDC statement whose `sub` condition names an owner and repository (not `*`, not `repo:*`). */
function githubSubjectPinned(s: Statement): boolean {
  if (!restrictsCallers(s.condition, GITHUB_SUB)) return false;
  const subs = Object.values(s.condition ?? {}).flatMap((block) =>
    Object.entries((block ?? {}) as Record<string, unknown>)
      .filter(([k]) => k.toLowerCase() === "token.actions.githubusercontent.com:sub")
      .flatMap(([, v]) => (Array.isArray(v) ? v : [v]).map(String)),
  );
  return subs.every((v) => /^repo:[^*/]+\/[^*:]+/.test(v));
}

/**
 * Role trust policies (`assumeRolePolicy`) let named principals assume the role: a public principal
 * (`*`, `AWS: *`, `Service: *`, `NotPrincipal`) that no condition limits, or a GitHub OIDC trust
 * whose `sub` does not pin the repository, lets anyone (any GitHub repository) take the role.
 */
export const iamRestrictTrustPolicies: ResourceValidationPolicy = {
  name: "iam-restrict-trust-policies",
  description: "IAM role trust policies only let named principals assume the role.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps: FIX,
  ...baseline(),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, IAM_ROLE)) return;
    (statementsOf(args.props.assumeRolePolicy) ?? []).forEach((s, i) => {
      if (s.effect !== "Allow" || !ASSUME.some((a) => grantsAction(s, a))) return;
      const where = `Trust policy of role '${args.name}' ${statementLabel(s, i)}`;
      const anyService = (s.principals ?? []).some((p) => p.kind === "Service" && p.value === "*");
      if (grantsPublicAccess(s) || (anyService && !restrictsCallers(s.condition))) {
        report(`${where} lets any principal assume the role. ${FIX}`);
        return;
      }
      const github = (s.principals ?? []).some(
        (p) => p.kind === "Federated" && p.value.endsWith("token.actions.githubusercontent.com"),
      );
      if (github && !githubSubjectPinned(s)) {
        report(
          `${where} lets any GitHub repository assume the role (no sub condition naming the repository). ${FIX}`,
        );
      }
    });
  },
};
