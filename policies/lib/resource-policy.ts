/**
 * Resource policies (SQS, SNS, ECR, Lambda, KMS, Secrets Manager, S3) read as IAM documents: a
 * statement is public when it allows a wildcard principal (or uses `NotPrincipal`) and no condition
 * limits the callers (see `restrictsCallers`).
 */
import type { ReportViolation } from "@pulumi/policy";
import { grantsAllActions, grantsPublicAccess, statementLabel, statementsOf } from "./iam";

/** Report every public statement of `document`, naming it; `what` names the policy (`queue policy of 'q'`). */
export function reportPublicStatements(
  document: unknown,
  what: string,
  fix: string,
  report: ReportViolation,
): void {
  (statementsOf(document) ?? []).forEach((s, i) => {
    if (!grantsPublicAccess(s)) return;
    const why = s.notPrincipal
      ? "allows everyone but the NotPrincipal"
      : s.condition
        ? "allows any principal, and its Condition does not limit the callers"
        : "allows any principal";
    report(`The ${what} ${statementLabel(s, i)} ${why}. ${fix}`);
  });
}

/** Report every statement of `document` that allows all actions of `service` (`*`, `<service>:*`, NotAction). */
export function reportAllActions(
  document: unknown,
  service: string,
  what: string,
  fix: string,
  report: ReportViolation,
): void {
  (statementsOf(document) ?? []).forEach((s, i) => {
    if (grantsAllActions(s, service)) {
      report(`The ${what} ${statementLabel(s, i)} allows every ${service} action. ${fix}`);
    }
  });
}
