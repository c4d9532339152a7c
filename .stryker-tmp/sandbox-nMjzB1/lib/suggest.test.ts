// @ts-nocheck
import { closestName, didYouMean, editDistance, foldName } from "./suggest";

describe("suggest", () => {
  it.each([
    ["kitten", "sitting", 3],
    ["", "abc", 3],
    ["abc", "abc", 0],
    ["flaw", "lawn", 2],
  ])("editDistance(%s, %s) = %i", (a, b, d) => expect(editDistance(a, b)).toBe(d));

  it("folds case and separators", () => {
    expect(foldName(" Backend-API ")).toBe("backend_api");
    expect(foldName("message queue")).toBe("message_queue");
  });

  it("finds close names and nothing for distant ones", () => {
    const names = ["backend_api", "backend_worker", "frontend", "database"];
    expect(closestName("backend-api", names)).toBe("backend_api");
    expect(closestName("databse", names)).toBe("database");
    expect(closestName("kubernetes", names)).toBeUndefined();
    expect(didYouMean("database", names)).toBe("");
    expect(didYouMean("fronted", names)).toBe(' (did you mean "frontend"?)');
    expect(closestName("x", [])).toBeUndefined();
  });
});
