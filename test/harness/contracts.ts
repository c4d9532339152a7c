/**
 * Validation against the workflow's REFERENCE contracts (the pinned, unchanged upstream copy in
 * `contracts/reference/`), for tests: what slipway writes must validate against them as they are.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { type ContractName, REFERENCE_DIR, REFERENCE_FILES } from "../../contracts";

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const compiled = new Map<string, ReturnType<Ajv["compile"]>>();

/** Errors of `doc` against a reference contract (empty when valid). */
export function referenceErrors(contract: ContractName, doc: unknown): string[] {
  let fn = compiled.get(contract);
  if (!fn) {
    fn = ajv.compile(
      JSON.parse(readFileSync(join(REFERENCE_DIR, REFERENCE_FILES[contract]), "utf8")) as object,
    );
    compiled.set(contract, fn);
  }
  return fn(doc) ? [] : (fn.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`);
}
