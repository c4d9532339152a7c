/**
 * From the strings Pulumi hands a program to the types `schema.json` declares (pure). Pulumi gives every
 * config value as a string (objects and lists JSON-encoded, numbers and booleans as text; a `--path` leaf
 * may be a number or a string), so each value is turned into its declared type before the schema sees it.
 */
import type { SchemaNode } from "./declarations";

/** The JSON types a node allows (its `type`, or the union of its `anyOf`/`oneOf` branches). */
export function allowedTypes(node: SchemaNode): Set<string> {
  if (node.type) return new Set([node.type]);
  const branches = [...(node.anyOf ?? []), ...(node.oneOf ?? [])];
  return new Set(branches.flatMap((b) => [...allowedTypes(b)]));
}

const NUMBER = /^-?\d+(\.\d+)?$/;

/** A scalar text as the node's scalar type, when it reads as one; otherwise unchanged. */
function scalar(value: unknown, types: Set<string>): unknown {
  if (typeof value !== "string") return value;
  const text = value.trim();
  if ((types.has("integer") || types.has("number")) && !types.has("string") && NUMBER.test(text))
    return Number(text);
  if (types.has("boolean") && !types.has("string") && (text === "true" || text === "false"))
    return text === "true";
  return value;
}

/** Number and boolean leaves of an object given as text (`--path` values) become numbers and booleans. */
export function coerceNested(value: unknown, node: SchemaNode): unknown {
  if (Array.isArray(value)) return node.items ? value.map((v) => coerceNested(v, node.items!)) : value;
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const child =
        node.properties?.[k] ??
        (typeof node.additionalProperties === "object" ? node.additionalProperties : undefined);
      out[k] = child ? coerceNested(v, child) : v;
    }
    return out;
  }
  return scalar(value, allowedTypes(node));
}

/** The result of reading one raw value: its typed value, or why it could not be read. */
export type Parsed =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problem: string };

/**
 * Read a raw config string as the declared type: JSON for objects and lists (a list-or-string key takes
 * JSON only when the text starts with `[` or `{`), numbers and booleans from their text.
 */
export function parseRaw(raw: string, node: SchemaNode): Parsed {
  const types = allowedTypes(node);
  const structured = types.has("object") || types.has("array");
  const onlyStructured = structured && !types.has("string");
  const text = raw.trim();
  if (onlyStructured || (structured && (text.startsWith("[") || text.startsWith("{")))) {
    try {
      return { ok: true, value: coerceNested(JSON.parse(raw), node) };
    } catch {
      return { ok: false, problem: onlyStructured ? "is not valid structured config" : "" };
    }
  }
  return { ok: true, value: scalar(raw, types) };
}
