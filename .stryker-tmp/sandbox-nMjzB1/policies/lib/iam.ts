/**
 * IAM-style policy documents (IAM, S3 bucket and KMS key policies), given as a JSON string or an
 * object, normalised to statements.
 */
// @ts-nocheck

import { asArray, asRecord, parseJson } from "./props";

export interface Principal {
  /** `*` for `"Principal": "*"`, otherwise the key (`AWS`, `Service`, `Federated`, `CanonicalUser`). */
  readonly kind: string;
  readonly value: string;
}

export interface Statement {
  readonly sid?: string;
  readonly effect: "Allow" | "Deny";
  readonly actions: string[];
  readonly notActions: string[];
  readonly resources: string[];
  readonly notResources: string[];
  /** Undefined when the statement has no `Principal` (identity policies). */
  readonly principals?: Principal[];
  readonly notPrincipal: boolean;
  readonly condition?: Record<string, unknown>;
}

const strings = (v: unknown): string[] => asArray(v).filter((x): x is string => typeof x === "string");

function principals(v: unknown): Principal[] | undefined {
  if (v === undefined) return undefined;
  if (v === "*") return [{ kind: "*", value: "*" }];
  const rec = asRecord(v);
  if (!rec) return [];
  return Object.entries(rec).flatMap(([kind, values]) => strings(values).map((value) => ({ kind, value })));
}

/** The statements of a policy document, or undefined when it is absent or not a parseable document. */
export function statementsOf(document: unknown): Statement[] | undefined {
  const doc = asRecord(parseJson(document));
  if (!doc) return undefined;
  return asArray(doc.Statement ?? doc.statement ?? doc.statements).flatMap((raw) => {
    const s = asRecord(raw);
    if (!s) return [];
    const effect = (s.Effect ?? s.effect) === "Deny" ? "Deny" : "Allow";
    const condition = asRecord(s.Condition ?? s.condition);
    const sid = s.Sid ?? s.sid;
    return [
      {
        ...(typeof sid === "string" ? { sid } : {}),
        effect,
        actions: strings(s.Action ?? s.action ?? s.actions),
        notActions: strings(s.NotAction ?? s.notAction ?? s.notActions),
        resources: strings(s.Resource ?? s.resource ?? s.resources),
        notResources: strings(s.NotResource ?? s.notResource ?? s.notResources),
        principals: principals(s.Principal ?? s.principal),
        notPrincipal: (s.NotPrincipal ?? s.notPrincipal) !== undefined,
        ...(condition && Object.keys(condition).length > 0 ? { condition } : {}),
      } satisfies Statement,
    ];
  });
}

/** IAM wildcard match (`*` and `?`), case-insensitive as IAM action names are. */
export function wildcardMatch(pattern: string, value: string): boolean {
  const re = new RegExp(
    "^" +
      pattern
        .split("")
        .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
        .join("") +
      "$",
    "i",
  );
  return re.test(value);
}

/** True when the statement's actions grant `action` (a concrete action like `kms:Decrypt`). */
export function grantsAction(s: Statement, action: string): boolean {
  if (s.actions.some((a) => wildcardMatch(a, action))) return true;
  // NotAction with Allow grants everything not listed.
  return s.notActions.length > 0 && !s.notActions.some((a) => wildcardMatch(a, action));
}

/** True when the statement applies to every resource (`*`, or NotResource). */
export function allResources(s: Statement): boolean {
  return s.resources.includes("*") || s.notResources.length > 0;
}

/** True when the statement's principal is everyone (`*` or `AWS: *`). */
export function publicPrincipal(s: Statement): boolean {
  return (
    s.notPrincipal ||
    (s.principals ?? []).some((p) => p.kind === "*" || (p.kind === "AWS" && p.value === "*"))
  );
}
