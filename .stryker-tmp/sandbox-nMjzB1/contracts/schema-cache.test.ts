// @ts-nocheck
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { cachedValidator, schemaCacheKey } from "./schema-cache";

const SCHEMA = {
  $schema: "http://json-schema.org/draft-07/schema#",
  type: "object",
  required: ["name", "at"],
  additionalProperties: false,
  properties: {
    name: { type: "string", minLength: 1 },
    at: { type: "string", format: "date-time" },
    size: { enum: ["s", "m"] },
  },
};
const DOCS: unknown[] = [
  { name: "a", at: "2026-01-01T00:00:00Z" },
  { name: "", at: "yesterday", size: "xl", extra: 1 },
  { at: "2026-01-01T00:00:00Z" },
  "not an object",
];

function fresh() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(SCHEMA);
}

describe("cachedValidator", () => {
  test("validates exactly as a freshly compiled ajv validator, compiled or from the cache", () => {
    const dir = mkdtempSync(join(tmpdir(), "slipway-schema-"));
    const reference = fresh();
    const compiled = cachedValidator(SCHEMA, { cacheDir: dir });
    expect(readdirSync(dir)).toEqual([`${schemaCacheKey(SCHEMA, { allErrors: true, strict: false })}.js`]);
    const cached = cachedValidator(SCHEMA, { cacheDir: dir });
    for (const doc of DOCS) {
      const expected = reference(doc);
      for (const v of [compiled, cached]) {
        expect(v(doc)).toBe(expected);
        expect(v.errors ?? null).toEqual(reference.errors ?? null);
      }
    }
    // allErrors and formats survive the round trip.
    expect(cached(DOCS[1])).toBe(false);
    expect(cached.errors?.map((e) => e.keyword).sort()).toEqual([
      "additionalProperties",
      "enum",
      "format",
      "minLength",
    ]);
  });

  test("the cached code is what runs: a second call reads the file", () => {
    const dir = mkdtempSync(join(tmpdir(), "slipway-schema-"));
    cachedValidator(SCHEMA, { cacheDir: dir });
    const file = join(dir, `${schemaCacheKey(SCHEMA, { allErrors: true, strict: false })}.js`);
    // A planted validator that accepts everything, with a first line that vouches for it, proves the
    // file is used.
    const planted = "module.exports = function planted() { return true; };";
    const key = schemaCacheKey(SCHEMA, { allErrors: true, strict: false });
    const sha = createHash("sha256").update(planted).digest("hex");
    writeFileSync(file, `// slipway-schema-cache ${key} ${sha}\n${planted}`);
    expect(cachedValidator(SCHEMA, { cacheDir: dir })("not an object")).toBe(true);
  });

  test("an entry whose first line does not vouch for it (stale, truncated, tampered) is ignored and rebuilt", () => {
    const dir = mkdtempSync(join(tmpdir(), "slipway-schema-"));
    const key = schemaCacheKey(SCHEMA, { allErrors: true, strict: false });
    const file = join(dir, `${key}.js`);
    cachedValidator(SCHEMA, { cacheDir: dir });
    const good = readFileSync(file, "utf8");
    const planted = "module.exports = function planted() { return true; };";
    const sha = createHash("sha256").update(planted).digest("hex");
    const bad = [
      planted, // no first line (an entry from before the check)
      `// slipway-schema-cache ${key} ${"0".repeat(64)}\n${planted}`, // code changed after writing
      `// slipway-schema-cache ${"f".repeat(64)} ${sha}\n${planted}`, // written for another key
      good.slice(0, Math.floor(good.length / 2)), // truncated
      good.replace("return", "return true;"), // corrupted
    ];
    for (const entry of bad) {
      writeFileSync(file, entry);
      const v = cachedValidator(SCHEMA, { cacheDir: dir });
      expect(v("not an object")).toBe(false);
      expect(v(DOCS[0])).toBe(true);
      expect(readFileSync(file, "utf8")).toBe(good);
    }
  });

  test("a changed schema gets a new key; a corrupt or unwritable cache only costs time", () => {
    const dir = mkdtempSync(join(tmpdir(), "slipway-schema-"));
    const changed = { ...SCHEMA, required: ["name"] };
    expect(schemaCacheKey(changed, {})).not.toBe(schemaCacheKey(SCHEMA, {}));
    const file = join(dir, `${schemaCacheKey(SCHEMA, { allErrors: true, strict: false })}.js`);
    writeFileSync(file, "this is not javascript {");
    expect(cachedValidator(SCHEMA, { cacheDir: dir })(DOCS[0])).toBe(true);
    expect(cachedValidator(SCHEMA, { cacheDir: dir })(DOCS[2])).toBe(false);
    const notADir = join(dir, "file");
    writeFileSync(notADir, "");
    expect(cachedValidator(SCHEMA, { cacheDir: notADir })(DOCS[3])).toBe(false);
    expect(existsSync(join(notADir, "x"))).toBe(false);
  });
});
