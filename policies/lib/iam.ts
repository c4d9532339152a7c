/**
 * IAM-style policy documents (IAM, S3 bucket and KMS key policies), given as a JSON string or an
 * object, normalised to statements.
 */
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

/**
 * Condition keys that narrow a statement with a public principal to known callers: the calling
 * account, organisation, principal, source resource, network or the service acting for them.
 * Lower case (condition keys are case-insensitive).
 */
export const RESTRICTING_CONDITION_KEYS: ReadonlySet<string> = new Set([
  "aws:sourcearn",
  "aws:sourceaccount",
  "aws:sourceowner",
  "aws:sourceorgid",
  "aws:sourceorgpaths",
  "aws:principalorgid",
  "aws:principalorgpaths",
  "aws:principalaccount",
  "aws:principalarn",
  "aws:userid",
  "aws:username",
  "aws:sourcevpc",
  "aws:sourcevpce",
  "aws:sourceip",
  "aws:calledvia",
  "kms:calleraccount",
  "kms:viaservice",
]);

/** Operators whose match limits the key to the listed values (negated and `...IfExists` ones do not). */
const RESTRICTING_OPERATORS: ReadonlySet<string> = new Set([
  "stringequals",
  "stringequalsignorecase",
  "stringlike",
  "arnequals",
  "arnlike",
  "ipaddress",
]);

/** Values that match anything: a condition listing one of them restricts nothing. */
function matchesAnything(operator: string, value: string): boolean {
  if (/^(string|arn)like$/.test(operator) && /^[*?]*$/.test(value.replace(/^arn:aws:[*]*$/, "*")))
    return true;
  if (operator === "ipaddress") return value === "0.0.0.0/0" || value === "::/0";
  return value.length === 0;
}

/**
 * True when the statement's condition limits who can use it: some key among `keys` is compared with
 * a restricting operator (not negated, not `...IfExists`, not `ForAllValues:` which passes when the
 * key is absent) against values that are not wildcards. `aws:SecureTransport`, `aws:RequestedRegion`
 * and the like leave a public statement public.
 */
export function restrictsCallers(
  condition: Record<string, unknown> | undefined,
  keys: ReadonlySet<string> = RESTRICTING_CONDITION_KEYS,
): boolean {
  if (!condition) return false;
  return Object.entries(condition).some(([rawOperator, block]) => {
    const lower = rawOperator.toLowerCase();
    if (lower.startsWith("forallvalues:") || lower.endsWith("ifexists")) return false;
    const operator = lower.replace(/^foranyvalue:/, "");
    if (!RESTRICTING_OPERATORS.has(operator)) return false;
    return Object.entries(asRecord(block) ?? {}).some(([key, values]) => {
      if (!keys.has(key.toLowerCase())) return false;
      const list = strings(values);
      return list.length > 0 && !list.some((v) => matchesAnything(operator, v));
    });
  });
}

/**
 * True when an `Allow` statement of a resource policy lets anyone in: a public principal (`*`,
 * `AWS: *`, or `NotPrincipal`) with no condition that limits the callers.
 */
export function grantsPublicAccess(s: Statement): boolean {
  return s.effect === "Allow" && publicPrincipal(s) && !restrictsCallers(s.condition);
}

/** The public statements of a resource policy document (`[]` when it has none or is absent). */
export function publicStatements(document: unknown): Statement[] {
  return (statementsOf(document) ?? []).filter(grantsPublicAccess);
}

/** True when an `Allow` statement grants every action of `service` (`*`, `<service>:*`, or `NotAction`). */
export function grantsAllActions(s: Statement, service?: string): boolean {
  if (s.effect !== "Allow") return false;
  if (s.notActions.length > 0) return true;
  return s.actions.some((a) => a === "*" || (service !== undefined && a.toLowerCase() === `${service}:*`));
}

/** A short label for a statement in a violation message. */
export function statementLabel(s: Statement, index: number): string {
  return s.sid !== undefined ? `statement '${s.sid}'` : `statement ${index + 1}`;
}
