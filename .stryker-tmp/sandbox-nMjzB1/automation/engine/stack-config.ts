/**
 * Reading a Pulumi program's project file (`Pulumi.yaml`) and stack config (`Pulumi.<stack>.yaml`) the way
 * the Pulumi CLI hands them to a program: every key namespaced (`project:key`, `aws:region`), every value a
 * string, objects and arrays JSON-encoded. Pure apart from reading the two files.
 */
// @ts-nocheck

import { existsSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { parse } from "yaml";
import { InputError } from "../../lib/errors";
import type { ConfigValue } from "./types";

/** The parts of `Pulumi.yaml` the offline engine needs. */
export interface ProgramProject {
  /** Absolute program directory. */
  readonly dir: string;
  /** Project name (`name:`). */
  readonly name: string;
  /** Runtime name (`runtime:` or `runtime.name`), e.g. `nodejs`. */
  readonly runtime: string;
  /** Absolute path of the entry module (`main:` or the directory's index file). */
  readonly entry: string;
  /** Project-level config defaults (`config:` in Pulumi.yaml), already namespaced. */
  readonly defaults: Record<string, ConfigValue>;
}

/** A stack's effective config. */
export interface StackConfig {
  readonly project: string;
  readonly stack: string;
  /** Namespaced keys to string values (objects JSON-encoded). */
  readonly values: Record<string, ConfigValue>;
  /** The file the stack config came from, when there was one. */
  readonly file?: string;
  /** AWS region (`aws:region`). @default "us-east-1" */
  readonly region: string;
  /** Keys whose values are `secure:` ciphertext that cannot be decrypted offline. */
  readonly undecryptable: readonly string[];
}

/** Region used when a stack sets no `aws:region`. */
export const DEFAULT_REGION = "us-east-1";

/** Placeholder given to the program for `secure:` values (they cannot be decrypted without the stack's key). */
export const SECURE_PLACEHOLDER = "offline-secure-placeholder";

const parsed = new Map<string, { readonly stamp: string; readonly doc: unknown }>();

/** Parse a YAML file, cached by path, size and modification time (Pulumi.yaml is long and commented). */
function readYaml(file: string): unknown {
  let stamp = "";
  try {
    const st = statSync(file);
    stamp = `${st.size}:${st.mtimeMs}`;
  } catch {
    // reported below
  }
  const hit = parsed.get(file);
  if (hit && hit.stamp === stamp) return structuredClone(hit.doc);
  const doc = readYamlUncached(file);
  parsed.set(file, { stamp, doc });
  return structuredClone(doc);
}

function readYamlUncached(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new InputError(
      file,
      "",
      `cannot be read (${(err as NodeJS.ErrnoException).code ?? "error"})`,
      "check the path",
    );
  }
  try {
    return parse(text) ?? {};
  } catch (err) {
    throw new InputError(
      file,
      "",
      `is not valid YAML (${(err as Error).message.split("\n")[0]})`,
      "fix the YAML syntax",
    );
  }
}

/** Encode a YAML config value as the string Pulumi passes to the program. */
export function encodeConfigValue(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** `key` -> `project:key`; namespaced keys unchanged. */
export function namespaceKey(key: string, project: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Find the entry module of a program directory (Pulumi's rules, TypeScript first). */
function resolveEntry(dir: string, main: unknown, file: string): string {
  if (main !== undefined) {
    if (typeof main !== "string")
      throw new InputError(file, "main", "must be a string", "give the entry file path");
    const target = resolve(dir, main);
    const candidates =
      existsSync(target) && statSync(target).isDirectory()
        ? ["index.ts", "index.js"].map((n) => join(target, n))
        : [target, `${target}.ts`, `${target}.js`];
    const found = candidates.find((c) => existsSync(c) && statSync(c).isFile());
    if (found) return found;
    throw new InputError(file, "main", `entry ${main} not found`, "point main at the program's entry file");
  }
  for (const name of ["index.ts", "index.js", "index.mts", "index.mjs"]) {
    if (existsSync(join(dir, name))) return join(dir, name);
  }
  const pkg = join(dir, "package.json");
  if (existsSync(pkg)) {
    const main = (JSON.parse(readFileSync(pkg, "utf8")) as { main?: string }).main;
    if (main && existsSync(resolve(dir, main))) return resolve(dir, main);
  }
  throw new InputError(
    dir,
    "",
    "has no index.ts, index.js or package.json main",
    "add an entry file or set main in Pulumi.yaml",
  );
}

/** Read `Pulumi.yaml` of a program directory. */
export function loadProgramProject(programDir: string): ProgramProject {
  const dir = resolve(programDir);
  const file = ["Pulumi.yaml", "Pulumi.yml"].map((n) => join(dir, n)).find((f) => existsSync(f));
  if (!file) {
    throw new InputError(
      join(dir, "Pulumi.yaml"),
      "",
      "not found",
      "pass the directory of a Pulumi program (it has a Pulumi.yaml)",
    );
  }
  const doc = readYaml(file);
  if (!isRecord(doc) || typeof doc.name !== "string" || doc.name === "") {
    throw new InputError(file, "name", "is missing", "set the project name");
  }
  const runtime = isRecord(doc.runtime) ? String(doc.runtime.name ?? "") : String(doc.runtime ?? "");
  if (runtime !== "nodejs") {
    throw new InputError(
      file,
      "runtime",
      `is ${JSON.stringify(runtime)}, only nodejs programs can be evaluated offline`,
      "use a TypeScript/JavaScript program",
    );
  }
  const defaults: Record<string, ConfigValue> = {};
  if (isRecord(doc.config)) {
    for (const [key, spec] of Object.entries(doc.config)) {
      const value = isRecord(spec) ? (spec.value ?? spec.default) : spec;
      if (
        value !== undefined &&
        !(isRecord(spec) && spec.secret === true && spec.value === undefined && spec.default === undefined)
      ) {
        defaults[namespaceKey(key, doc.name)] = { value: encodeConfigValue(value) };
      }
    }
  }
  return { dir, name: doc.name, runtime, entry: resolveEntry(dir, doc.main, file), defaults };
}

/**
 * The effective config of a stack: project defaults, then `Pulumi.<stack>.yaml` (or `configFile`), then
 * `overrides`. A missing stack file is allowed (the stack then runs on defaults and overrides).
 */
export function loadStackConfig(options: {
  readonly project: ProgramProject;
  readonly stack: string;
  readonly configFile?: string;
  readonly overrides?: Record<string, ConfigValue>;
}): StackConfig {
  const { project, stack } = options;
  const values: Record<string, ConfigValue> = { ...project.defaults };
  const undecryptable: string[] = [];
  const file = options.configFile
    ? isAbsolute(options.configFile)
      ? options.configFile
      : resolve(options.configFile)
    : join(project.dir, `Pulumi.${stack}.yaml`);
  let used: string | undefined;
  if (existsSync(file)) {
    used = file;
    const doc = readYaml(file);
    if (!isRecord(doc))
      throw new InputError(file, "", "must be a mapping", "use `config:` with key: value pairs");
    if (doc.config !== undefined && doc.config !== null) {
      if (!isRecord(doc.config))
        throw new InputError(file, "config", "must be a mapping", "use key: value pairs");
      for (const [rawKey, raw] of Object.entries(doc.config)) {
        const key = namespaceKey(rawKey, project.name);
        if (isRecord(raw) && Object.keys(raw).length === 1 && typeof raw.secure === "string") {
          values[key] = { value: SECURE_PLACEHOLDER, secret: true };
          undecryptable.push(key);
        } else {
          values[key] = { value: encodeConfigValue(raw) };
        }
      }
    }
  } else if (options.configFile) {
    throw new InputError(file, "", "not found", "pass an existing stack config file");
  }
  for (const [key, value] of Object.entries(options.overrides ?? {})) {
    values[namespaceKey(key, project.name)] = value;
    const i = undecryptable.indexOf(namespaceKey(key, project.name));
    if (i >= 0) undecryptable.splice(i, 1);
  }
  const region = values["aws:region"]?.value || DEFAULT_REGION;
  return { project: project.name, stack, values, file: used, region, undecryptable: undecryptable.sort() };
}
