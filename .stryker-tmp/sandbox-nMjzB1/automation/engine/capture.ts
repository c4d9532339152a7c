/**
 * Turning Pulumi's wire form of resource properties (a protobuf Struct as plain JavaScript, with the
 * special signature objects for secrets, resource references, assets and unknowns) into plain data, with
 * the paths of secret values recorded. Pure.
 */
// @ts-nocheck


/** Pulumi's wire-protocol signature constants (`@pulumi/pulumi/runtime/rpc`). */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
export const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
export const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";
export const OUTPUT_VALUE_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** What a secret value is replaced with wherever it would be shown. */
export const SECRET_PLACEHOLDER = "[secret]";
/** What a value unknown at evaluation time is shown as. */
export const UNKNOWN_PLACEHOLDER = "[unknown]";

export interface Plain {
  readonly value: unknown;
  /** Dotted paths (array indexes as numbers) of values that were secret. */
  readonly secretPaths: string[];
}

function join(path: string, key: string | number): string {
  return path === "" ? String(key) : `${path}.${key}`;
}

/**
 * Unwrap a wire value. `redact: true` replaces secrets with `[secret]` instead of unwrapping them.
 * Resource references become their URN, assets/archives a small descriptor, unknowns `[unknown]`.
 */
export function toPlain(wire: unknown, options: { readonly redact?: boolean } = {}): Plain {
  const secretPaths: string[] = [];
  const walk = (v: unknown, path: string, inSecret: boolean): unknown => {
    if (v === UNKNOWN) return UNKNOWN_PLACEHOLDER;
    if (v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) return v.map((e, i) => walk(e, join(path, i), inSecret));
    const o = v as Record<string, unknown>;
    switch (o[SIG_KEY]) {
      case SECRET_SIG:
        if (!inSecret) secretPaths.push(path);
        return options.redact ? SECRET_PLACEHOLDER : walk(o.value, path, true);
      case RESOURCE_SIG:
        return o.urn;
      case OUTPUT_VALUE_SIG: {
        if (o.secret === true && !inSecret) secretPaths.push(path);
        if (o.secret === true && options.redact) return SECRET_PLACEHOLDER;
        return "value" in o ? walk(o.value, path, inSecret || o.secret === true) : UNKNOWN_PLACEHOLDER;
      }
      case ASSET_SIG:
        return {
          asset: o.path ?? o.uri ?? (typeof o.text === "string" ? `text(${o.text.length} chars)` : ""),
        };
      case ARCHIVE_SIG:
        return { archive: o.path ?? o.uri ?? Object.keys((o.assets as object) ?? {}).sort() };
      default: {
        const out: Record<string, unknown> = {};
        for (const [k, e] of Object.entries(o)) {
          if (e === undefined) continue;
          out[k] = walk(e, join(path, k), inSecret);
        }
        return out;
      }
    }
  };
  const value = walk(wire, "", false);
  return { value, secretPaths: secretPaths.sort() };
}

/** Replace the values at `paths` (dotted, as recorded by `toPlain`) with `[secret]`, on a copy. */
export function redactPaths(value: unknown, paths: readonly string[]): unknown {
  if (paths.length === 0) return value;
  if (paths.includes("")) return SECRET_PLACEHOLDER;
  const redacted = structuredClone(value) as Record<string, unknown>;
  for (const path of paths) {
    const parts = path.split(".");
    let node: unknown = redacted;
    for (let i = 0; i < parts.length - 1 && node !== null && typeof node === "object"; i++) {
      node = (node as Record<string, unknown>)[parts[i]];
    }
    if (node !== null && typeof node === "object" && parts[parts.length - 1] in (node as object)) {
      (node as Record<string, unknown>)[parts[parts.length - 1]] = SECRET_PLACEHOLDER;
    }
  }
  return redacted;
}
