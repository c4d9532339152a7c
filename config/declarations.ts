/**
 * The declaration of every config key (`config/schema.json`), loaded once, with the lists AWS defines
 * (`enumFrom`) filled in from `lib/`. Everything else about a key is derived from here: its parsing
 * (`parse.ts`), validation and did-you-mean (`validate.ts`), defaults per environment type, and the
 * generated docs (`docs.ts`). Adding a key is one entry in `schema.json` (plus, when the program uses it,
 * the line of `resolve.ts` that puts it into `StackConfig`).
 */
import Ajv from "ajv";
import { type CachedValidator, cachedValidator } from "../contracts/schema-cache";
import { LOG_RETENTION_DAYS } from "../lib/aws";
import { STRATEGIES } from "../lib/strategy";
import type { EnvironmentType } from "../release/model";
import raw from "./schema.json";

/** Config namespace of the project (the Pulumi project name). */
export const NAMESPACE = "slipway";

/** Environment types, in the order docs list their defaults. */
export const ENVIRONMENT_TYPES: readonly EnvironmentType[] = ["staging", "production", "development"];

/** Lists a declaration may take its `enum` from (`"enumFrom": "<name>"`): one declaration each, in lib/. */
export const ENUM_SOURCES: Readonly<Record<string, readonly (string | number)[]>> = {
  LOG_RETENTION_DAYS,
  STRATEGIES,
};

/** A JSON Schema node of `schema.json` with slipway's own annotations. */
export interface SchemaNode {
  readonly type?: string;
  readonly title?: string;
  readonly description?: string;
  readonly examples?: readonly unknown[];
  readonly enum?: readonly unknown[];
  readonly enumFrom?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMaximum?: number;
  readonly pattern?: string;
  readonly minLength?: number;
  readonly anyOf?: readonly SchemaNode[];
  readonly oneOf?: readonly SchemaNode[];
  readonly items?: SchemaNode;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly additionalProperties?: SchemaNode | boolean;
  readonly propertyNames?: SchemaNode;
  readonly required?: readonly string[];
  /** The value is a secret: set with `pulumi config set --secret`, never echoed, never plaintext in a stack file. */
  readonly secret?: boolean;
  /** Default for every environment type. */
  readonly default?: unknown;
  /** Default per environment type (all three). */
  readonly defaults?: Readonly<Record<EnvironmentType, unknown>>;
  /** What the default is when it is not a value (e.g. "from the stack name"). */
  readonly defaultText?: string;
  /** What is wrong when the value fails this node (one text, or one per failing JSON Schema keyword). */
  readonly problem?: string | Readonly<Record<string, string>>;
  /** How to fix it, when not a `pulumi config set` of an example. */
  readonly fix?: string;
}

/** Annotation keywords of slipway (ajv must know them: it runs in strict mode). */
const VOCABULARY = ["secret", "defaults", "defaultText", "problem", "fix", "enumFrom"];

/** Fill `enum` from `enumFrom` (recursively), so ajv and the docs see the list of lib/. */
function withEnums(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withEnums);
  if (typeof node !== "object" || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = withEnums(v);
  const from = (node as SchemaNode).enumFrom;
  if (from !== undefined) {
    const list = ENUM_SOURCES[from];
    if (!list)
      throw new Error(
        `config/schema.json: enumFrom "${from}" is not one of ${Object.keys(ENUM_SOURCES).join(", ")}`,
      );
    out.enum = [...list];
  }
  return out;
}

/** The schema, with enums filled in. */
export const SCHEMA = withEnums(raw) as SchemaNode & {
  readonly properties: Readonly<Record<string, SchemaNode>>;
};

/** Every declared full key (`slipway:azCount`, `aws:region`), in declaration order. */
export const DECLARED_KEYS: readonly string[] = Object.keys(SCHEMA.properties);

/** Every `slipway:*` key the program reads, without the namespace (anything else in it is a typo). */
export const CONFIG_KEYS: readonly string[] = DECLARED_KEYS.filter((k) => k.startsWith(`${NAMESPACE}:`)).map(
  (k) => k.slice(NAMESPACE.length + 1),
);

/** The declaration of a full key, or undefined. */
export function declaration(fullKey: string): SchemaNode | undefined {
  return Object.hasOwn(SCHEMA.properties, fullKey) ? SCHEMA.properties[fullKey] : undefined;
}

/** Full keys whose values are secrets. */
export const SECRET_FULL_KEYS: readonly string[] = DECLARED_KEYS.filter(
  (k) => declaration(k)!.secret === true,
);

/** `slipway:*` keys whose values are secrets, without the namespace. */
export const SECRET_KEYS: readonly string[] = CONFIG_KEYS.filter(
  (k) => declaration(`${NAMESPACE}:${k}`)!.secret,
);

/** The declared default of a key for an environment type (undefined: none, or not a value). */
export function defaultOf(fullKey: string, type: EnvironmentType): unknown {
  const d = declaration(fullKey);
  if (!d) return undefined;
  return d.defaults ? d.defaults[type] : d.default;
}

let compiled: CachedValidator | undefined;

/**
 * The ajv validator of the schema (all errors), compiled once per schema version and cached on disk like
 * the contracts' validators (compiling costs more than a whole config resolution). The annotations of
 * slipway are checked by {@link strictSchemaCheck} (a test), so the cached validator runs non-strict.
 */
export function schemaValidator(): CachedValidator {
  compiled ??= cachedValidator(SCHEMA, { ajv: { allErrors: true, strict: false } });
  return compiled;
}

/** Compile the schema with ajv in strict mode, slipway's annotations as its vocabulary: throws on a typo. */
export function strictSchemaCheck(): void {
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
  ajv.addVocabulary(VOCABULARY);
  ajv.compile(SCHEMA);
}

/** The schema node a JSON Schema path (`#/properties/slipway%3Arelease/properties/version`) points at. */
export function nodeAtSchemaPath(schemaPath: string): SchemaNode | undefined {
  let node: unknown = SCHEMA;
  for (const seg of schemaPath
    .replace(/^#\/?/, "")
    .split("/")
    .filter((x) => x !== "")) {
    const key = decodeURIComponent(seg).replace(/~1/g, "/").replace(/~0/g, "~");
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node as SchemaNode | undefined;
}
