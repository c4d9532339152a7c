/** The IAM policy documents a resource carries: managed policies, inline policies, role inline policies. */
import { allResources, grantsAllActions, type Statement, statementLabel, statementsOf } from "../lib/iam";
import { asArray, asRecord } from "../lib/props";
import { IAM_INLINE_POLICY, IAM_MANAGED_POLICY, IAM_ROLE, isOneOf } from "../lib/types";

export interface Document {
  readonly label: string;
  readonly doc: unknown;
  readonly managed: boolean;
}

export function documentsOf(type: string, name: string, props: Record<string, unknown>): Document[] {
  if (isOneOf(type, IAM_MANAGED_POLICY))
    return [{ label: `IAM policy '${name}'`, doc: props.policy, managed: true }];
  if (isOneOf(type, IAM_INLINE_POLICY))
    return [{ label: `inline policy '${name}'`, doc: props.policy, managed: false }];
  if (isOneOf(type, IAM_ROLE)) {
    return asArray(props.inlinePolicies).map((p, i) => {
      const r = asRecord(p);
      return {
        label: `role '${name}' inline policy '${String(r?.name ?? i)}'`,
        doc: r?.policy,
        managed: false,
      };
    });
  }
  return [];
}

/**
 * The `Allow` statements of a resource's documents that apply to every resource (`*` or `NotResource`)
 * without granting every action (iam-forbid-full-admin reports those), each with a label for messages.
 */
export function statementsOnEveryResource(
  type: string,
  name: string,
  props: Record<string, unknown>,
): { readonly where: string; readonly statement: Statement }[] {
  return documentsOf(type, name, props).flatMap((d) =>
    (statementsOf(d.doc) ?? []).flatMap((s, i) =>
      s.effect === "Allow" && allResources(s) && !grantsAllActions(s)
        ? [{ where: `${d.label} ${statementLabel(s, i)}`, statement: s }]
        : [],
    ),
  );
}
