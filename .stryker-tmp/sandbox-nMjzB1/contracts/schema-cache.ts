/**
 * JSON Schema validators compiled once per schema version, not once per process. Compiling a schema
 * with ajv generates and optimises JavaScript, which for the plan schema costs more than validating a
 * plan; the generated code (ajv's "standalone" output, the same code `ajv.compile` would run) is kept
 * on disk under a key that hashes the schema, the ajv options and the ajv and ajv-formats versions, so
 * an unchanged schema is loaded, not compiled. Each entry starts with a line naming its key and the
 * hash of the code after it; an entry whose line does not match (truncated, corrupted, written for
 * another key) is ignored and rebuilt. A missing, unreadable or unwritable cache only costs time; a
 * changed schema gets a new key. Used for the deployment-plan schema (`automation/plan/plan.ts`) and
 * the workflow contracts (`contracts/index.ts`).
 */
// @ts-nocheck

import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv, { type ErrorObject, type Options } from "ajv";
import addFormats from "ajv-formats";
import standaloneCode from "ajv/dist/standalone";

/** A validation function as ajv's: returns whether `data` is valid and sets `errors` when not. */
export interface CachedValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

export interface SchemaCacheOptions {
  /** ajv options (draft-07 ajv with the standard formats). @default { allErrors: true, strict: false } */
  readonly ajv?: Options;
  /** Directory of the cache. @default `<os tmpdir>/slipway-schema-cache` */
  readonly cacheDir?: string;
}

/** Resolves ajv and ajv-formats (and the runtime modules the generated code requires) from this project. */
const projectRequire = createRequire(join(__dirname, "..", "package.json"));

function versionOf(pkg: string): string {
  return (projectRequire(`${pkg}/package.json`) as { version: string }).version;
}

/** Evaluate ajv's standalone module text (CommonJS) with requires resolved from this project. */
function load(code: string): CachedValidator {
  const module = { exports: {} as unknown };
  // The text is ajv's own output for our schema, read back from our cache directory.
  new Function("require", "module", "exports", code)(projectRequire, module, module.exports);
  const fn = module.exports as CachedValidator;
  if (typeof fn !== "function") throw new Error("not a validator module");
  return fn;
}

/** The cache key of a schema compiled with `options` (exported for tests). */
export function schemaCacheKey(schema: object, options: Options): string {
  return createHash("sha256")
    .update(`ajv ${versionOf("ajv")}\0ajv-formats ${versionOf("ajv-formats")}\0`)
    .update(JSON.stringify(options))
    .update("\0")
    .update(JSON.stringify(schema))
    .digest("hex");
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** The first line of a cache entry: the key it was written for and the hash of the code after it. */
function header(key: string, code: string): string {
  return `// slipway-schema-cache ${key} ${sha256(code)}\n`;
}

/** The code of a cache entry, or undefined when its first line does not vouch for it. */
function entryCode(text: string, key: string): string | undefined {
  const newline = text.indexOf("\n");
  if (newline < 0) return undefined;
  const code = text.slice(newline + 1);
  return text.slice(0, newline + 1) === header(key, code) ? code : undefined;
}

/** A validator for `schema`, from the cache when it has one, else compiled (and cached). */
export function cachedValidator(schema: object, options: SchemaCacheOptions = {}): CachedValidator {
  const ajvOptions: Options = options.ajv ?? { allErrors: true, strict: false };
  const dir = options.cacheDir ?? join(tmpdir(), "slipway-schema-cache");
  const key = schemaCacheKey(schema, ajvOptions);
  const file = join(dir, `${key}.js`);
  try {
    const code = entryCode(readFileSync(file, "utf8"), key);
    if (code !== undefined) return load(code);
  } catch {
    // Not cached yet, unreadable or not a validator: compile.
  }
  const ajv = new Ajv({ ...ajvOptions, code: { ...ajvOptions.code, source: true } });
  addFormats(ajv);
  const code = standaloneCode(ajv, ajv.compile(schema));
  try {
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, header(key, code) + code);
    renameSync(tmp, file);
  } catch {
    // An unwritable cache only costs time.
  }
  return load(code);
}
