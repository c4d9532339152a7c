/**
 * Conformance: our schemas in `contracts/` accept and reject exactly what the workflow's reference
 * contracts accept and reject. Runs every fixture document and thousands of broken variants (every
 * property removed, every value replaced by values of other types, unknown properties, random
 * mutations) through both, compiled by the same ajv configuration, and compares verdicts and errors.
 *
 * The reference directory comes from `SLIPWAY_REFERENCE_CONTRACTS` (default `../shared/contracts`
 * beside the repository). When it is absent the test fails and says where it looked.
 */
// @ts-nocheck

import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import fc from "fast-check";
import {
  ARTIFACT_PATHS,
  CONTRACTS,
  type ContractName,
  REFERENCE_FILES,
  createAjv,
  loadSchema,
  toContractErrors,
  validateContract,
} from "./index";

const REPO = resolve(__dirname, "..");
const REFERENCE_DIR = resolve(
  REPO,
  process.env.SLIPWAY_REFERENCE_CONTRACTS ?? join("..", "shared", "contracts"),
);

function referenceMissingMessage(): string {
  return (
    `Reference contracts not found: looked for ${REFERENCE_DIR}` +
    (process.env.SLIPWAY_REFERENCE_CONTRACTS
      ? ` (from SLIPWAY_REFERENCE_CONTRACTS=${process.env.SLIPWAY_REFERENCE_CONTRACTS})`
      : " (the default ../shared/contracts beside the repository)") +
    `. Set SLIPWAY_REFERENCE_CONTRACTS to the directory that holds the workflow's *-schema.json files, ` +
    `e.g. SLIPWAY_REFERENCE_CONTRACTS=/path/to/shared/contracts npx jest contracts/`
  );
}

/** Valid documents for every contract: the bundled example, the second release, sample outputs. */
const RELEASE_ROOTS = [
  join(REPO, "examples", "taskflow"),
  join(REPO, "test", "fixtures", "releases", "ledger"),
];
const DOCUMENTS_DIR = join(REPO, "test", "fixtures", "documents");

function fixturesFor(name: ContractName): { source: string; doc: unknown }[] {
  const out: { source: string; doc: unknown }[] = [];
  const candidates = [
    ...RELEASE_ROOTS.map((root) => join(root, ARTIFACT_PATHS[name])),
    join(DOCUMENTS_DIR, `${name}.json`),
  ];
  for (const file of candidates) {
    if (existsSync(file)) out.push({ source: file, doc: JSON.parse(readFileSync(file, "utf8")) });
  }
  return out;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Values of every JSON type plus format-breaking strings, used to replace each value in turn. */
const REPLACEMENTS: Json[] = [
  null,
  true,
  0,
  -1,
  2.5,
  101,
  "",
  "not-an-enum-value",
  "2026-13-45T99:99:99Z",
  "not a uri",
  "2026-11-27",
  "2026-11-27T10:00:00Z",
  "https://example.com/x",
  [],
  ["x"],
  [{}],
  {},
  { unexpected: 1 },
];

function clone<T>(v: T): T {
  return structuredClone(v);
}

/** Every path (array of keys/indices) in a JSON document, including the root. */
function paths(doc: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(doc)) doc.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (doc && typeof doc === "object")
    for (const [k, v] of Object.entries(doc)) out.push(...paths(v, [...prefix, k]));
  return out;
}

function setAt(doc: Json, path: (string | number)[], fn: (parent: Json, key: string | number) => void): Json {
  const copy = clone(doc);
  if (path.length === 0) return copy;
  let node: Json = copy;
  for (const key of path.slice(0, -1)) node = (node as Record<string, Json>)[key as string];
  fn(node, path[path.length - 1]);
  return copy;
}

/** Systematic broken (and some still-valid) variants of a document. */
function variants(doc: Json): Json[] {
  const out: Json[] = [...REPLACEMENTS];
  for (const path of paths(doc)) {
    if (path.length > 0) {
      // Remove the property / array element.
      out.push(
        setAt(doc, path, (parent, key) => {
          if (Array.isArray(parent)) parent.splice(key as number, 1);
          else delete (parent as Record<string, Json>)[key as string];
        }),
      );
      // Replace it with a value of every other type.
      for (const r of REPLACEMENTS)
        out.push(
          setAt(doc, path, (parent, key) => {
            (parent as Record<string, Json>)[key as string] = clone(r);
          }),
        );
    }
    const node = path.reduce<Json>((n, k) => (n as Record<string, Json>)[k as string], doc);
    if (node && typeof node === "object" && !Array.isArray(node)) {
      out.push(
        setAt(doc, [...path, "x_unknown_property"], (parent) => {
          (parent as Record<string, Json>).x_unknown_property = "extra";
        }),
      );
    } else if (Array.isArray(node)) {
      for (const r of [null, 1, "x", {}, []] as Json[])
        out.push(
          setAt(doc, [...path, node.length], (parent) => {
            (parent as Json[]).push(clone(r));
          }),
        );
    }
  }
  return out;
}

const referenceAvailable = existsSync(REFERENCE_DIR);

describe("contracts conform to the reference contracts", () => {
  const refAjv = createAjv();
  const reference = new Map<ContractName, ReturnType<typeof refAjv.compile>>();

  beforeAll(() => {
    if (!referenceAvailable) throw new Error(referenceMissingMessage());
    for (const name of CONTRACTS) {
      const file = join(REFERENCE_DIR, REFERENCE_FILES[name]);
      if (!existsSync(file)) throw new Error(`${referenceMissingMessage()} (missing ${file})`);
      reference.set(name, refAjv.compile(JSON.parse(readFileSync(file, "utf8"))));
    }
  });

  function refErrors(name: ContractName, doc: unknown) {
    const fn = reference.get(name)!;
    return fn(doc) ? [] : toContractErrors(fn.errors);
  }

  it("finds the reference directory", () => {
    expect(existsSync(REFERENCE_DIR)).toBe(true);
  });

  it.each(CONTRACTS.map((n) => [n]))("%s: has an $id and keeps the draft-07 dialect", (name) => {
    const schema = loadSchema(name);
    expect(schema.$id).toBe(`https://slipway.dev/contracts/${name}.schema.json`);
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
  });

  it.each(CONTRACTS.map((n) => [n]))("%s: every fixture is valid under both", (name) => {
    const fixtures = fixturesFor(name);
    expect(fixtures.length).toBeGreaterThan(0);
    for (const { source, doc } of fixtures) {
      expect({ source, errors: validateContract(name, doc) }).toEqual({ source, errors: [] });
      expect({ source, errors: refErrors(name, doc) }).toEqual({ source, errors: [] });
    }
  });

  it.each(CONTRACTS.map((n) => [n]))("%s: systematic variants get identical verdicts and errors", (name) => {
    let rejected = 0;
    let accepted = 0;
    for (const { doc } of fixturesFor(name)) {
      for (const variant of variants(doc as Json)) {
        const ours = validateContract(name, variant);
        const theirs = refErrors(name, variant);
        expect(ours).toEqual(theirs);
        if (ours.length) rejected++;
        else accepted++;
      }
    }
    // The variants must exercise both verdicts, or this test proves nothing.
    expect(rejected).toBeGreaterThan(50);
    expect(accepted).toBeGreaterThan(5);
  });

  it.each(CONTRACTS.map((n) => [n]))("%s: random mutations get identical verdicts", (name) => {
    const bases = fixturesFor(name).map((f) => f.doc as Json);
    const mutation = fc.record({
      base: fc.constantFrom(...bases),
      pick: fc.nat(),
      value: fc.jsonValue() as fc.Arbitrary<Json>,
    });
    fc.assert(
      fc.property(mutation, ({ base, pick, value }) => {
        const all = paths(base).filter((p) => p.length > 0);
        const path = all[pick % all.length];
        const variant = setAt(base, path, (parent, key) => {
          (parent as Record<string, Json>)[key as string] = value;
        });
        expect(validateContract(name, variant).length === 0).toBe(refErrors(name, variant).length === 0);
      }),
      { numRuns: 300, seed: 20261128 },
    );
  });

  it("reports errors as JSON pointers to the offending field", () => {
    const doc = clone(fixturesFor("project-config")[0].doc) as Record<string, Record<string, unknown>>;
    doc.deployment.deployment_strategy = "big_bang";
    delete (doc as Record<string, unknown>).project_type;
    const errors = validateContract("project-config", doc);
    expect(errors).toEqual(
      expect.arrayContaining([
        {
          path: "/deployment/deployment_strategy",
          message: "must be one of: blue_green, canary, rolling, direct",
        },
        { path: "/project_type", message: "is required" },
      ]),
    );
  });
});
