/**
 * Validation of a stack's config against `schema.json` in one pass (pure): unknown keys with a
 * did-you-mean, values that do not parse as their declared type, and every schema violation, each as a
 * {@link Problem} naming the key (or `--path` field), echoing the value typed (never a secret's) and giving
 * the `pulumi config set` command that fixes it.
 */
import type { ErrorObject } from "ajv";
import { closestName } from "../lib/suggest";
import { allowedTypes, parseRaw } from "./parse";
import {
  DECLARED_KEYS,
  NAMESPACE,
  type SchemaNode,
  declaration,
  nodeAtSchemaPath,
  schemaValidator,
} from "./declarations";

/** One problem with the config: the key or field path, what is wrong, how to fix it. */
export interface Problem {
  readonly field: string;
  readonly problem: string;
  readonly fix: string;
}

/** Shell-quote a value for a command line when it needs it. */
function shellArg(v: unknown): string {
  const s = typeof v === "string" ? v : JSON.stringify(v);
  return /^[A-Za-z0-9_./:@,+=-]+$/.test(s) || /^'.*'$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The `pulumi config set` command for a key or `--path` field (a secret's value is prompted for). */
export function setCommand(stack: string, field: string, example: unknown, secret = false): string {
  const nested = field.includes(".");
  const key = nested ? `--path '${field}'` : field;
  return secret
    ? `pulumi config set --secret ${key} --stack ${stack}`
    : `pulumi config set ${key} ${shellArg(example)} --stack ${stack}`;
}

/** Suggestion for a near miss among `candidates` (case and separators folded, a few edits), or undefined. */
export function didYouMean(typed: string, candidates: readonly string[]): string | undefined {
  return closestName(typed, candidates);
}

/** The first example leaf of a node as `[sub-path, value]` (`--path` fixes of objects name one field). */
function exampleLeaf(node: SchemaNode | undefined): [string, unknown] {
  let ex: unknown = node?.examples?.[0] ?? "<value>";
  let path = "";
  while (typeof ex === "object" && ex !== null && !Array.isArray(ex) && Object.keys(ex).length > 0) {
    const [k, v] = Object.entries(ex)[0];
    path += `.${k}`;
    ex = v;
  }
  return [path, ex];
}

/**
 * Unknown keys in the namespaces slipway checks (`slipway:` and each provider's), each with the closest
 * known key. `providerKeys` maps a provider namespace (`aws`) to the keys its provider reads.
 */
export function unknownKeys(
  keys: readonly string[],
  stack: string,
  providerKeys: Readonly<Record<string, readonly string[]>>,
): Problem[] {
  const out: Problem[] = [];
  for (const key of keys) {
    const ns = key.slice(0, key.indexOf(":"));
    const known =
      ns === NAMESPACE
        ? DECLARED_KEYS.filter((k) => k.startsWith(`${NAMESPACE}:`))
        : providerKeys[ns]?.map((k) => `${ns}:${k}`);
    if (!known || known.includes(key) || declaration(key)) continue;
    const near = didYouMean(key, known);
    const remove = `pulumi config rm ${key} --stack ${stack}`;
    out.push({
      field: key,
      problem:
        ns === NAMESPACE
          ? `is not a ${NAMESPACE} configuration key`
          : `is not a ${ns} provider configuration key`,
      fix: near
        ? `did you mean ${near}? ${setCommand(stack, near, "<value>", declaration(near)?.secret === true)} and ${remove}`
        : `${remove}; see docs/configuration.md for the keys`,
    });
  }
  return out;
}

/** Generic text of a failed keyword when the node names no problem of its own. */
function genericProblem(node: SchemaNode, keyword: string): string {
  const types = allowedTypes(node);
  if (node.enum) return `is not one of ${node.enum.join(", ")}`;
  if (types.has("boolean")) return "is not true or false";
  if (types.has("integer"))
    return node.minimum !== undefined && node.maximum !== undefined
      ? `is not an integer between ${node.minimum} and ${node.maximum}`
      : "is not an integer";
  if (types.has("number")) return "is not a number";
  if (types.has("object")) return "must be an object";
  if (types.has("array")) return "must be a list";
  if (keyword === "minLength") return "must be a non-empty string";
  return "must be a string";
}

function problemOf(node: SchemaNode, keyword: string): string {
  const p = node.problem;
  if (typeof p === "string") return p;
  return p?.[keyword] ?? genericProblem(node, keyword);
}

/** The value at a field path of the values. */
function valueAt(values: Readonly<Record<string, unknown>>, path: readonly string[]): unknown {
  let v: unknown = values;
  for (const f of path)
    v = typeof v === "object" && v !== null ? (v as Record<string, unknown>)[f] : undefined;
  return v;
}

function pointerToPath(pointer: string): string[] {
  return pointer
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** The node of a field path (`[key, ...fields]`). */
function nodeAt(path: readonly string[]): SchemaNode | undefined {
  let node = declaration(path[0]);
  for (const f of path.slice(1)) {
    if (!node) return undefined;
    node =
      node.properties?.[f] ??
      (typeof node.additionalProperties === "object" ? node.additionalProperties : undefined);
  }
  return node;
}

/**
 * Validate typed values (full key -> value, as {@link parseRaw} makes them) against the schema. `raw` holds
 * the text typed for each key, echoed in messages (never for a secret key).
 */
export function schemaProblems(
  values: Readonly<Record<string, unknown>>,
  raw: Readonly<Record<string, string>>,
  stack: string,
): Problem[] {
  const validate = schemaValidator();
  if (validate(values)) return [];
  const errors = (validate.errors ?? []) as ErrorObject[];
  // Branch errors of a failed anyOf/oneOf are summed up by the anyOf/oneOf error itself.
  const combinators = errors.filter((e) => e.keyword === "anyOf" || e.keyword === "oneOf");
  const badNames = errors
    .filter((e) => e.keyword === "propertyNames")
    .map(
      (e) => `${e.instancePath}/${String(e.params.propertyName).replace(/~/g, "~0").replace(/\//g, "~1")}`,
    );
  const kept = errors.filter(
    (e) =>
      !combinators.some(
        (c) => c !== e && c.instancePath === e.instancePath && e.schemaPath.startsWith(`${c.schemaPath}/`),
      ) &&
      !(e.schemaPath.includes("/propertyNames/") && e.keyword !== "propertyNames") &&
      !badNames.some((p) => e.instancePath === p || e.instancePath.startsWith(`${p}/`)),
  );
  const out = new Map<string, Problem & { readonly order: string }>();
  for (const e of kept) {
    let path = pointerToPath(e.instancePath);
    // The node holding the failed keyword, and the value it failed on.
    const parent = nodeAtSchemaPath(e.schemaPath.slice(0, e.schemaPath.lastIndexOf("/"))) ?? {};
    const data = valueAt(values, path);
    let node = parent;
    let problem: string;
    let fix: string | undefined;
    let echo = true;
    if (e.keyword === "required") {
      path = [...path, String(e.params.missingProperty)];
      node = nodeAt(path) ?? parent;
      problem = path.length === 1 ? "is not set" : "is required";
      echo = false;
    } else if (e.keyword === "additionalProperties") {
      const field = String(e.params.additionalProperty);
      path = [...path, field];
      const fields = Object.keys(parent.properties ?? {});
      const near = didYouMean(field, fields);
      problem = `is not a ${parent.title ?? "known"} field`;
      fix = `${near ? `did you mean ${near}? ` : ""}use ${fields.join(", ")}`;
      echo = false;
    } else if (e.keyword === "propertyNames") {
      path = [...path, String(e.params.propertyName)];
      node = parent.propertyNames ?? parent;
      problem = problemOf(node, "pattern");
      fix = node.fix;
      echo = false;
    } else {
      problem = problemOf(parent, e.keyword);
    }
    const key = path[0];
    const secret = declaration(key)?.secret === true;
    const field = path.join(".");
    if (out.has(field)) continue;
    if (secret) problem = `${problem} (value not shown: it is a secret)`;
    else if (echo)
      problem = `${path.length === 1 && raw[key] !== undefined ? JSON.stringify(raw[key]) : JSON.stringify(data)} ${problem}`;
    if (fix === undefined) {
      const [sub, example] = exampleLeaf(node);
      const near =
        e.keyword === "enum" && typeof data === "string"
          ? didYouMean(data, (node.enum ?? []).map(String))
          : undefined;
      fix = `${near ? `did you mean ${JSON.stringify(near)}? ` : ""}${setCommand(stack, `${field}${sub}`, near ?? example, secret)}`;
    }
    out.set(field, { field, problem, fix, order: e.instancePath });
  }
  return [...out.values()].map(({ field, problem, fix }) => ({ field, problem, fix }));
}

/**
 * Parse the raw values of the declared keys and validate them: returns the typed values of every key
 * that is set (a secret that cannot be read offline, `placeholder`, is kept as is) and every problem.
 */
export function parseAndValidate(
  raw: Readonly<Record<string, string>>,
  stack: string,
  placeholder?: string,
): { readonly values: Record<string, unknown>; readonly problems: Problem[] } {
  const values: Record<string, unknown> = {};
  const problems: Problem[] = [];
  const offline: Record<string, unknown> = {};
  for (const key of DECLARED_KEYS) {
    const text = raw[key];
    if (text === undefined || text === "") continue;
    const node = declaration(key)!;
    if (placeholder !== undefined && text === placeholder && node.secret) {
      offline[key] = text;
      continue;
    }
    const parsed = parseRaw(text, node);
    if (parsed.ok) values[key] = parsed.value;
    else {
      const [sub, example] = exampleLeaf(node);
      problems.push({
        field: key,
        problem: node.secret
          ? `${parsed.problem || problemOf(node, "type")} (value not shown: it is a secret)`
          : `${JSON.stringify(text)} ${parsed.problem || problemOf(node, "type")}`,
        fix: sub
          ? `set it as an object, e.g. ${setCommand(stack, `${key}${sub}`, example, node.secret)}`
          : setCommand(stack, key, example, node.secret),
      });
    }
  }
  // A key that did not parse is reported once, as unparseable (not also as missing).
  const failed = new Set(problems.map((p) => p.field));
  const schema = schemaProblems(values, raw, stack).filter((p) => !failed.has(p.field.split(".")[0]));
  // Report in the order of the declarations, then of the fields as the stack file writes them.
  const position = documentOrder(values);
  const order = (f: string) => {
    const parts = f.split(".");
    while (parts.length > 0 && !position.has(parts.join("."))) parts.pop();
    return [DECLARED_KEYS.indexOf(f.split(".")[0]), position.get(parts.join(".")) ?? 0];
  };
  const all = [...problems, ...schema].sort((a, b) => {
    const [ka, fa] = order(a.field);
    const [kb, fb] = order(b.field);
    return ka - kb || fa - fb;
  });
  for (const p of all) delete values[p.field.split(".")[0]];
  return { values: { ...values, ...offline }, problems: all };
}

/** Every field path of the values (`key`, `key.field`, ...) with its position in a depth-first walk. */
function documentOrder(values: Readonly<Record<string, unknown>>): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (path: string, v: unknown) => {
    out.set(path, out.size);
    if (typeof v === "object" && v !== null && !Array.isArray(v))
      for (const [k, child] of Object.entries(v)) walk(`${path}.${k}`, child);
  };
  for (const [k, v] of Object.entries(values)) walk(k, v);
  return out;
}
