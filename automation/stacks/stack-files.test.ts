import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputError } from "../../lib/errors";
import { taskflowRelease } from "../../test/harness/release";
import { projectFile } from "./init";
import {
  environmentForStack,
  EXAMPLE_RELEASE_DIR,
  listStackNames,
  projectNameFor,
  projectNameOf,
  readStackFile,
  selectStacks,
} from "./stack-files";

const ROOT = join(__dirname, "..", "..");

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "slipway-stacks-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
const typed = (type: string) => `config:\n  aws:region: eu-west-1\n  slipway:environmentType: ${type}\n`;

describe("slipway's own tracked files carry nothing of the example", () => {
  const tracked = execFileSync("git", ["ls-files"], { cwd: ROOT }).toString().split("\n");
  it("no stack file at the root: the example's live beside it", () => {
    expect(tracked.filter((f) => /^Pulumi\.[^/]+\.ya?ml$/.test(f))).toEqual([]);
    expect(listStackNames(join(EXAMPLE_RELEASE_DIR, "stacks"))).toEqual(["production", "staging"]);
  });
  it("the root Pulumi.yaml names neither the example's domain nor its zone", () => {
    const text = readFileSync(join(ROOT, "Pulumi.yaml"), "utf8");
    expect(text).not.toMatch(/taskflow|EXAMPLEZONE/i);
  });
  it("the example's project file is what init writes there", () => {
    const dir = join(EXAMPLE_RELEASE_DIR, "stacks");
    expect(readFileSync(join(dir, "Pulumi.yaml"), "utf8")).toBe(projectFile(dir, "taskflow"));
    expect(projectNameOf(dir)).toBe("taskflow");
  });
});

describe("stack files", () => {
  it("every stack of the directory, in deployment order, its type from the file", () => {
    const dir = dirWith({
      "Pulumi.yaml": "name: shop\n",
      "Pulumi.zz-live.yaml": typed("production"),
      "Pulumi.prod-like-name.yaml": typed("development"),
      "Pulumi.qa.yaml": typed("staging"),
    });
    expect(selectStacks(dir).map((s) => [s.name, s.environmentType])).toEqual([
      ["prod-like-name", "development"],
      ["qa", "staging"],
      ["zz-live", "production"],
    ]);
  });

  it.each([
    ["config:\n  aws:region: eu-west-1\n", "is not set"],
    [typed("prodution"), '"prodution" is not an environment type (did you mean "production"?)'],
    [
      typed("prod"),
      '"prod" is not an environment type. Fix: set it: slipway:environmentType: development | staging | production',
    ],
    [typed("Staging"), '"Staging" is not an environment type'],
    ["config: [1]\n", "must be a mapping"],
    ["config:\n  a: [\n", "is not valid YAML"],
  ])("a stack file %j is bad input: %s", (text, problem) => {
    const dir = dirWith({ "Pulumi.x.yaml": text });
    expect(() => readStackFile(dir, "x")).toThrow(InputError);
    expect(() => readStackFile(dir, "x")).toThrow(problem);
  });

  it("an empty directory says how to create the stacks", () => {
    expect(() => selectStacks(dirWith({}))).toThrow(/npm run init/);
  });

  it("project names: from project_id; a stacks directory without a valid name is bad input", () => {
    expect(projectNameFor("taskflow")).toBe("taskflow");
    expect(projectNameFor("--")).toBe("app");
    expect(() => projectNameOf(dirWith({ "Pulumi.yaml": "name: my app\n" }))).toThrow(
      /is not a Pulumi project name/,
    );
  });

  it("a stack's environment: its file's type, the release's rules; a disagreeing name is bad input", () => {
    const release = taskflowRelease("/r");
    const file = (name: string, environmentType: "staging" | "production") => ({
      name,
      file: `/r/stacks/Pulumi.${name}.yaml`,
      environmentType,
    });
    expect(environmentForStack(release, file("live-eu", "production"))).toMatchObject({
      name: "live-eu",
      type: "production",
      requiresApproval: true,
    });
    expect(() => environmentForStack(release, file("staging", "production"))).toThrow(
      /project-config.json names environment "staging" of type "staging"/,
    );
  });
});
