// @ts-nocheck
import { parseJson } from "./props";

describe("parseJson", () => {
  test("parses a JSON string once and shares the result, deeply frozen", () => {
    const doc = JSON.stringify({ Statement: [{ Effect: "Allow", Action: ["s3:GetObject"] }] });
    const a = parseJson(doc) as { Statement: { Action: string[] }[] };
    expect(a).toEqual({ Statement: [{ Effect: "Allow", Action: ["s3:GetObject"] }] });
    expect(parseJson(doc)).toBe(a);
    expect(Object.isFrozen(a.Statement[0].Action)).toBe(true);
    expect(() => a.Statement[0].Action.push("s3:*")).toThrow(TypeError);
    expect(parseJson(doc)).toEqual({ Statement: [{ Effect: "Allow", Action: ["s3:GetObject"] }] });
  });

  test("non-strings pass through; invalid JSON is undefined", () => {
    const o = { a: 1 };
    expect(parseJson(o)).toBe(o);
    expect(parseJson("{not json")).toBeUndefined();
    expect(parseJson("{not json")).toBeUndefined();
    expect(parseJson("3")).toBe(3);
  });
});
