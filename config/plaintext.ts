/**
 * Secrets written in plaintext in a stack file (pure): every key `schema.json` marks `secret` must hold
 * Pulumi ciphertext (`{ secure: ... }`), and so must every leaf of a secret object set with `--path`
 * (`slipway:secrets: { NAME: { secure: ... } }`). A plaintext one is bad input naming the file, the key or
 * field and the `pulumi config set --secret` command that encrypts it; its value is never shown.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { InputError } from "../lib/errors";
import { isSecureValue } from "../lib/secure";
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
 * Refuse plaintext secrets in the stack files of `stacks` under `projectDir` (`Pulumi.<stack>.yaml`, the
 * last segment of a fully qualified stack name); a stack without a file is not checked here.
 * @throws InputError | InputErrors, one per plaintext secret.
 */
export function refusePlaintextSecrets(projectDir: string, stacks: readonly string[]): void {
  const errors: InputError[] = [];
  for (const stack of stacks) {
    const file = join(projectDir, `Pulumi.${stack.split("/").pop()}.yaml`);
    if (!existsSync(file)) continue;
    let doc: unknown;
    try {
      doc = parse(readFileSync(file, "utf8"));
    } catch (err) {
      throw new InputError(
        file,
        "",
        `is not valid YAML (${(err as Error).message.split("\n")[0]})`,
        "fix the YAML syntax",
      );
    }
    const config = (doc as { config?: unknown } | null)?.config;
    if (typeof config === "object" && config !== null && !Array.isArray(config))
      errors.push(
        ...plaintextSecrets(config as Record<string, unknown>, { project: NAMESPACE, stack, file }),
      );
  }
  throwInputErrors(errors);
}
