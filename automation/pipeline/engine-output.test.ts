import { commandOutputOf, engineTail, withEngineTail } from "./engine-output";

describe("engine output tail", () => {
  it.each([
    ["nothing", undefined, ""],
    [
      "blank lines and colours dropped",
      "\u001b[31merror:\u001b[0m boom\n\n  \nsecond\n",
      "error: boom\nsecond",
    ],
    [
      "only the last lines",
      Array.from({ length: 40 }, (_, i) => `line ${i}`).join("\n"),
      Array.from({ length: 25 }, (_, i) => `line ${i + 15}`).join("\n"),
    ],
  ])("%s", (_name, input, expected) => {
    expect(engineTail(input)).toBe(expected);
  });

  it("keeps the newest characters when the lines are long", () => {
    const t = engineTail(`${"a".repeat(5000)}\nthe error at the end`, 25, 100);
    expect(t.length).toBe(103);
    expect(t.endsWith("the error at the end")).toBe(true);
    expect(t.startsWith("...")).toBe(true);
  });

  it("a failure names what failed, then the engine's last lines", () => {
    expect(withEngineTail("pulumi up failed", "Updating\nerror: AccessDenied: ecs:CreateService")).toBe(
      "pulumi up failed; the engine's last output:\nUpdating\nerror: AccessDenied: ecs:CreateService",
    );
    expect(withEngineTail("pulumi up failed", "")).toBe("pulumi up failed");
  });

  it("reads the CLI output the Automation API keeps on its CommandError", () => {
    expect(commandOutputOf({ commandResult: { stdout: "out", stderr: "err" } })).toBe("out\nerr");
    expect(commandOutputOf(new Error("x"))).toBeUndefined();
  });
});
