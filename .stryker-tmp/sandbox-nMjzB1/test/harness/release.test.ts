// @ts-nocheck
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { copyRelease } from "../fixtures/mutate";
import { copyExample } from "./release";

/** What `npm run plan` / `npm run deploy` leave in a release root (git-ignored in examples/). */
const OUTPUTS = [
  "deployment-plan.json",
  "deployment-plan.md",
  "ARTIFACTS/system/stage-completion-signal.json",
  "ARTIFACTS/devops-engineer/deployment-report.json",
  "ARTIFACTS/devops-engineer/environments/staging.json",
];

/** A copy of the example with the outputs of an earlier local run in it, as a developer's tree has. */
function exampleAfterLocalRun(): string {
  const root = copyExample();
  for (const file of OUTPUTS) {
    mkdirSync(join(root, file, ".."), { recursive: true });
    writeFileSync(join(root, file), "{}\n");
  }
  return root;
}

describe("release copies for tests leave an earlier run's outputs behind", () => {
  it.each([
    ["copyExample", copyExample],
    ["copyRelease", copyRelease],
  ])("%s copies the inputs only", (_name, copy) => {
    const copied = copy(exampleAfterLocalRun());
    for (const file of OUTPUTS) expect(existsSync(join(copied, file))).toBe(false);
    expect(existsSync(join(copied, "ARTIFACTS/devops-engineer"))).toBe(false);
    expect(existsSync(join(copied, "project-config.json"))).toBe(true);
    expect(existsSync(join(copied, "ARTIFACTS/system/workflow-state.json"))).toBe(true);
    expect(existsSync(join(copied, "ARTIFACTS/qa-engineer/qa-test-report.json"))).toBe(true);
  });
});
