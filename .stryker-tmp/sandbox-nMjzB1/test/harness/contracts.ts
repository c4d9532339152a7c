/**
 * Validation against the workflow's REFERENCE contracts (../shared/contracts, unchanged upstream schemas),
 * for tests: what slipway writes must validate against them as they are.
 */
// @ts-nocheck

import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";

export const REFERENCE_CONTRACTS = resolve(__dirname, "../../../shared/contracts");

const FILES = {
  "deployment-report": "devops-output-schema.json",
  "stage-completion-signal": "stage-completion-signal-schema.json",
} as const;

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const compiled = new Map<string, ReturnType<Ajv["compile"]>>();

/** Errors of `doc` against a reference contract (empty when valid). */
export function referenceErrors(contract: keyof typeof FILES, doc: unknown): string[] {
  let fn = compiled.get(contract);
  if (!fn) {
    fn = ajv.compile(JSON.parse(readFileSync(join(REFERENCE_CONTRACTS, FILES[contract]), "utf8")) as object);
    compiled.set(contract, fn);
  }
  return fn(doc) ? [] : (fn.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`);
}
