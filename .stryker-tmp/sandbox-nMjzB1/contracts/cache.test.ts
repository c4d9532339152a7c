/**
 * The contracts' validators come from the on-disk schema cache (`contracts/schema-cache.ts`): compiled
 * and written on first use, loaded afterwards. Whichever way they were obtained, they must give exactly
 * the verdicts and errors of validators freshly compiled with `createAjv()`.
 */
// @ts-nocheck

import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  ARTIFACT_PATHS,
  CONTRACTS,
  type ContractName,
  createAjv,
  loadSchema,
  setContractCache,
  toContractErrors,
  validateContract,
} from "./index";

const REPO = resolve(__dirname, "..");
const SOURCES = [
  ...[join(REPO, "examples", "taskflow"), join(REPO, "test", "fixtures", "releases", "ledger")].map(
    (root) => (name: ContractName) => join(root, ARTIFACT_PATHS[name]),
  ),
  (name: ContractName) => join(REPO, "test", "fixtures", "documents", `${name}.json`),
];

function fixtures(name: ContractName): unknown[] {
  return SOURCES.map((f) => f(name))
    .filter((file) => existsSync(file))
    .map((file) => JSON.parse(readFileSync(file, "utf8")) as unknown);
}

/** Broken versions of a valid document: each top-level property removed or given a wrong type, extras. */
function broken(doc: unknown): unknown[] {
  const out: unknown[] = [null, "text", 1, [], {}, { unexpected: true }];
  if (doc && typeof doc === "object" && !Array.isArray(doc)) {
    const obj = doc as Record<string, unknown>;
    out.push({ ...obj, unexpected_property: 1 });
    for (const key of Object.keys(obj)) {
      const { [key]: _removed, ...rest } = obj;
      out.push(rest);
      for (const value of [null, 12, "2026-13-45T99:99:99Z", "not a uri", [], { x: 1 }])
        out.push({ ...obj, [key]: value });
    }
  }
  return out;
}

function documents(name: ContractName): unknown[] {
  const valid = fixtures(name);
  return [...valid, ...valid.flatMap(broken)];
}

function freshErrors(name: ContractName): (doc: unknown) => ReturnType<typeof toContractErrors> {
  const fn = createAjv().compile(loadSchema(name));
  return (doc) => (fn(doc) ? [] : toContractErrors(fn.errors));
}

afterAll(() => setContractCache({}));

describe("contract validators from the schema cache", () => {
  test("every contract has fixtures to compare on", () => {
    for (const name of CONTRACTS)
      expect({ name, fixtures: fixtures(name).length > 0 }).toEqual({ name, fixtures: true });
  });

  test("compiled on first use and loaded from the cache afterwards, they agree with fresh ajv exactly", () => {
    const dir = mkdtempSync(join(tmpdir(), "slipway-contracts-cache-"));
    for (const pass of ["compiled", "cached"]) {
      setContractCache({ cacheDir: dir });
      let invalid = 0;
      for (const name of CONTRACTS) {
        const fresh = freshErrors(name);
        for (const doc of documents(name)) {
          const expected = fresh(doc);
          if (expected.length > 0) invalid++;
          expect({ pass, name, doc, errors: validateContract(name, doc) }).toEqual({
            pass,
            name,
            doc,
            errors: expected,
          });
        }
      }
      expect(invalid).toBeGreaterThan(100);
      expect(readdirSync(dir).filter((f) => f.endsWith(".js"))).toHaveLength(CONTRACTS.length);
    }
  });

  test("the cache is what runs, and a corrupted entry is ignored and rebuilt", () => {
    const dir = mkdtempSync(join(tmpdir(), "slipway-contracts-cache-"));
    setContractCache({ cacheDir: dir });
    const name: ContractName = "project-config";
    const [valid] = fixtures(name);
    expect(validateContract(name, valid)).toEqual([]);
    const entries = readdirSync(dir).map((f) => join(dir, f));
    expect(entries).toHaveLength(1);
    const good = readFileSync(entries[0], "utf8");

    // A planted entry (no vouching first line) is not used: the document is still rejected.
    writeFileSync(entries[0], "module.exports = function planted() { return true; };");
    setContractCache({ cacheDir: dir });
    expect(validateContract(name, "not a config")).toEqual(freshErrors(name)("not a config"));
    expect(readFileSync(entries[0], "utf8")).toBe(good);

    // A corrupted entry is rebuilt, with the same results.
    writeFileSync(entries[0], good.slice(0, good.length - 100));
    setContractCache({ cacheDir: dir });
    expect(validateContract(name, {})).toEqual(freshErrors(name)({}));
    expect(validateContract(name, valid)).toEqual([]);
    expect(readFileSync(entries[0], "utf8")).toBe(good);
  });
});
