/**
 * Secrets written in plaintext in a stack file (pure): every key `schema.json` marks `secret` must hold
 * Pulumi ciphertext (`{ secure: ... }`), and so must every leaf of a secret object set with `--path`
 * (`slipway:secrets: { NAME: { secure: ... } }`). A plaintext one is bad input naming the file, the key or
 * field and the `pulumi config set --secret` command that encrypts it; its value is never shown.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../lib/errors";
import { isSecureValue } from "../lib/secure";
import { readYamlFile } from "../lib/yaml";
import { throwInputErrors } from "../release/program";
import { NAMESPACE, declaration } from "./declarations";
import { setCommand } from "./validate";

/** Field paths (`.a.b`) of the plaintext leaves of a value (the value itself: `""`). */
function plaintextLeaves(value: unknown, path = ""): string[] {
  if (value === null || value === undefined || value === "" || isSecureValue(value)) return [];
  if (Array.isArray(value)) return value.length > 0 && !value.every(isSecureValue) ? [path] : [];
  if (typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => plaintextLeaves(v, `${path}.${k}`));
  return [path];
}

/**
 * The secret keys a stack file's `config:` mapping holds in plaintext, as InputErrors (empty when none).
 * `project` qualifies bare keys (`secrets` in a stack file means `<project>:secrets`).
 */
export function plaintextSecrets(
  config: Readonly<Record<string, unknown>>,
  where: { readonly project: string; readonly stack: string; readonly file: string },
): InputError[] {
  const out: InputError[] = [];
  for (const [rawKey, value] of Object.entries(config)) {
    const key = rawKey.includes(":") ? rawKey : `${where.project}:${rawKey}`;
    if (declaration(key)?.secret !== true) continue;
    for (const leaf of plaintextLeaves(value)) {
      const field = `${key}${leaf}`;
      out.push(
        new InputError(
          where.file,
          field,
          "is a secret written in plaintext (value not shown); nothing is planned or deployed with it",
          `${setCommand(where.stack, field, undefined, true)} (Pulumi prompts for the value and stores it encrypted)`,
        ),
      );
    }
  }
  return out;
}

/**
 * Refuse plaintext secrets in stack files (`Pulumi.<stack>.yaml`); a file that does not exist is not checked.
 * @throws InputError | InputErrors, one per plaintext secret.
 */
export function refusePlaintextSecrets(
  files: readonly { readonly name: string; readonly file: string }[],
): void {
  const errors: InputError[] = [];
  for (const { name: stack, file } of files) {
    if (!existsSync(file)) continue;
    const doc = readYamlFile(file);
    const config = (doc as { config?: unknown } | null)?.config;
    if (typeof config === "object" && config !== null && !Array.isArray(config))
      errors.push(
        ...plaintextSecrets(config as Record<string, unknown>, { project: NAMESPACE, stack, file }),
      );
  }
  throwInputErrors(errors);
}

/** The stack file of `stack` in `dir` (Pulumi names it by the last segment of a qualified stack name). */
export function stackFileIn(dir: string, stack: string): { readonly name: string; readonly file: string } {
  return { name: stack, file: join(dir, `Pulumi.${stack.split("/").pop()}.yaml`) };
}
