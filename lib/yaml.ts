/**
 * Reading a YAML file people write (stack files, Pulumi.yaml): unreadable or invalid YAML is bad input
 * naming the file. Imports nothing of the project outside lib/.
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { InputError } from "./errors";

/** The parsed document of a YAML file (`{}` for an empty one). @throws InputError naming the file. */
export function readYamlFile(file: string): unknown {
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
