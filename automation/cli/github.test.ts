import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deploy } from "../pipeline/deploy";
import { createRedactor } from "../../lib/redact";
import { pipelineFixture, type PipelineFixture } from "../../test/harness/pipeline";
import { errorAnnotations, reportToGitHub, stepSummary } from "./github";

let fx: PipelineFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

describe("GitHub Actions step summary and annotations", () => {
  it("a failed staging update: the summary shows the steps, the engine's last lines and the rollback", async () => {
    fx = await pipelineFixture();
    fx.engine.fail({ method: "up", stack: "staging", nth: 1, failedResult: true });
    const r = await deploy(fx.options({}));
    const md = stepSummary(r, "deploy");
    expect(md).toMatch(/^## deploy staging: rolled_back\n/);
    expect(md).toMatch(/\| preview with policy packs \| ok \| \d+\.\d s \|/);
    expect(md).toContain("**Failure:** ");
    expect(md).toContain("```text\nerror: update failed\n```");
    expect(md).toMatch(/\*\*Rollback\*\* \(\w+\) to 1\.3\.0: succeeded/);
    expect(errorAnnotations(r, "deploy")).toEqual([
      expect.stringMatching(
        /^::error title=deploy staging rolled_back::.*pulumi up failed.*%0Aerror: update failed/,
      ),
    ]);
  });

  it("a successful deploy has no annotation; a blocked one lists each gate and its fix", async () => {
    fx = await pipelineFixture();
    const ok = await deploy(fx.options({ stack: "staging", bakeMinutes: 1 }));
    expect(ok.status).toBe("success");
    expect(errorAnnotations(ok, "deploy")).toEqual([]);
    const blocked = await deploy(fx.options({ facts: { pulumiCli: false, awsCredentials: true } }));
    expect(blocked.status).toBe("blocked");
    expect(stepSummary(blocked, "deploy")).toMatch(
      /^## deploy: blocked, nothing was deployed\n\n- \*\*tooling\*\* .*Fix: /,
    );
  });

  it("writes only inside GitHub Actions, and redacts what it writes", async () => {
    fx = await pipelineFixture();
    fx.engine.fail({ method: "up", stack: "staging", nth: 1, failedResult: true });
    const r = await deploy(fx.options({ stack: "staging" }));
    const file = join(mkdtempSync(join(tmpdir(), "summary-")), "summary.md");
    const printed: string[] = [];
    const appended: string[] = [];
    const redact = createRedactor(["update failed"]);
    const append = (path: string, text: string) => {
      expect(path).toBe(file);
      appended.push(text);
    };
    reportToGitHub(r, "deploy", { GITHUB_STEP_SUMMARY: file }, (l) => printed.push(l), redact, append);
    expect([printed, appended]).toEqual([[], []]);
    reportToGitHub(
      r,
      "deploy",
      { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: file },
      (l) => printed.push(l),
      redact,
    );
    expect(printed).toHaveLength(1);
    expect(printed[0]).not.toContain("update failed");
    const written = readFileSync(file, "utf8");
    expect(written).toContain("## deploy staging");
    expect(written).not.toContain("update failed");
  });
});
