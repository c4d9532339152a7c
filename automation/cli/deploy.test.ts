import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { Command } from "commander";
import { PassThrough } from "node:stream";
import {
  abortAtDeadline,
  awsRegion,
  confirmOnTty,
  liveLine,
  progressPrinter,
  register as registerDeploy,
  runDeploy,
} from "./deploy";
import { register as registerRollback, runRollback } from "./rollback";
import { copyExample } from "../../test/harness/release";
import { readStackFile } from "../stacks/stack-files";
import { pipelineFixture, type PipelineFixture } from "../../test/harness/pipeline";
import { referenceErrors } from "../../test/harness/contracts";

const run = promisify(execFile);
const ROOT = resolve(__dirname, "../..");

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

let fx: PipelineFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

describe("deploy command", () => {
  it("prints progress lines with step durations and what comes next after staging, exit 0", async () => {
    fx = await pipelineFixture();
    const f = fx;
    const c = capture();
    const code = await runDeploy(
      { artifacts: f.root, stack: "staging", bake: "2", yes: true },
      c.io,
      async (signal) => {
        const { artifactsDir: _a, ...seams } = f.options({ signal });
        return seams;
      },
    );
    expect(code).toBe(0);
    expect(c.out).toContain("[staging] preview with policy packs: ok (0.0 s)");
    expect(c.out.some((l) => /^\[staging\] bake 2 min \(watch alarms\): ok \(120\.0 s\)$/.test(l))).toBe(
      true,
    );
    expect(c.out).toContain("staging: success");
    // Staging is not the end of the release: what comes next, not the role's handoff to the product manager.
    expect(c.out.at(-1)).toBe(
      "\nDeployment of 1.4.0 to staging complete and verified (smoke tests, bake). Production is next: npm run deploy -- --stack production.",
    );
    expect(c.out.join("\n")).not.toContain("All services healthy");
  });

  it.each(["SIGINT", "SIGTERM"] as const)(
    "%s mid-update aborts the library's run: the update is stopped by SIGINT, the failed report and signal are written, exit 1",
    async (sig) => {
      fx = await pipelineFixture();
      const f = fx;
      f.engine.fail({ method: "up", stack: "staging", nth: 2, hang: true });
      const listenersBefore = process.listenerCount(sig);
      const c = capture();
      const io = {
        out: (l: string) => {
          c.io.out(l);
          if (/^\[staging\] switch all traffic .* \.\.\.$/.test(l))
            setTimeout(() => process.emit(sig, sig), 20);
        },
        err: c.io.err,
      };
      const code = await runDeploy({ artifacts: f.root, yes: true }, io, async (signal) => {
        const { artifactsDir: _a, ...seams } = f.options({ signal });
        return seams;
      });
      expect(code).toBe(1);
      expect(c.err).toContain(
        `${sig}: cancelling the running update; the report and signal will still be written`,
      );
      // SIGINT reaches the CLI through the abort signal; never `pulumi cancel`.
      expect(f.engine.calls.map((x) => `${x.method} ${x.stack}`).slice(-2)).toEqual([
        "setConfig staging",
        "up staging",
      ]);
      expect(f.engine.calls.some((x) => x.method === "cancel")).toBe(false);
      expect(f.engine.calls.filter((x) => x.stack === "production")).toEqual([]);
      const { report, signal } = f.written();
      expect(report).toMatchObject({ deployment_summary: { environment: "staging", status: "failed" } });
      expect(signal.status).toBe("failed");
      expect((signal.blocking_issues as { description: string }[])[0].description).toMatch(/\(cancelled\)/);
      expect(c.out.filter((l) => l.startsWith("staging:"))).toEqual([
        "staging: failed (cancelled by signal during the rollout (up on staging was cancelled))",
      ]);
      // The handlers are gone once the command returns.
      expect(process.listenerCount(sig)).toBe(listenersBefore);
    },
  );

  it("bad --bake is bad input (exit 2)", async () => {
    const c = capture();
    expect(await runDeploy({ bake: "soon" }, c.io, async () => Promise.reject(new Error("unused")))).toBe(2);
    expect(c.err[0]).toMatch(/--bake/);
  });

  it("a bad --image is bad input naming the flag and the service (exit 2), before any tool is looked for", async () => {
    const c = capture();
    const never = async () => Promise.reject(new Error("unused"));
    expect(await runDeploy({ image: ["api=registry.example/api:1.4.0"] }, c.io, never)).toBe(2);
    expect(c.err[0]).toMatch(/--image: api: .*not pinned by digest/);
  });

  it("a service without an image stops the deploy before any update with the fix (exit 2); --image is stored with the stack", async () => {
    fx = await pipelineFixture();
    const f = fx;
    const c = capture();
    const seams = async (signal: AbortSignal) => {
      const { artifactsDir: _a, images: _i, ...rest } = f.options({ signal });
      return rest;
    };
    const api = `123456789012.dkr.ecr.eu-west-1.amazonaws.com/taskflow/api@sha256:${"a".repeat(64)}`;
    const worker = `123456789012.dkr.ecr.eu-west-1.amazonaws.com/taskflow/worker@sha256:${"b".repeat(64)}`;
    expect(
      await runDeploy({ artifacts: f.root, stack: "staging", yes: true, image: [`api=${api}`] }, c.io, seams),
    ).toBe(2);
    expect(c.err.join("\n")).toMatch(
      /--image: worker: has no image for release 1\.4\.0 \(image needed before deploy; nothing was deployed\)\. Fix: .*--image worker=/,
    );
    expect(f.engine.calls.filter((x) => x.method === "up" || x.method === "preview")).toEqual([]);

    const ok = capture();
    const code = await runDeploy(
      {
        artifacts: f.root,
        stack: "staging",
        bake: "1",
        yes: true,
        image: [`api=${api}`, `worker=${worker}`],
      },
      ok.io,
      seams,
    );
    expect(code).toBe(0);
    const stored = JSON.parse(f.engine.deployedConfig("staging")!["slipway:images"]!.value) as Record<
      string,
      Record<string, string>
    >;
    expect(stored["1.4.0"]).toEqual({ api, worker });
  });

  it("rollback without a running stack is bad input (exit 2)", async () => {
    fx = await pipelineFixture({ previous: null });
    const f = fx;
    const c = capture();
    const code = await runRollback({ artifacts: f.root, stack: "production" }, c.io, async (signal) => {
      const { artifactsDir: _a, ...seams } = f.options({ signal });
      return seams;
    });
    expect(code).toBe(2);
    expect(c.err[0]).toMatch(/never been deployed/);
  });

  it("rollback blocked by the tooling gate: exit 3, the issues and fixes printed, the last signal untouched", async () => {
    fx = await pipelineFixture();
    const f = fx;
    const signalPath = join(f.root, "ARTIFACTS/system/stage-completion-signal.json");
    const completed = `${JSON.stringify({ status: "completed", notes: "the good deployment" }, null, 2)}\n`;
    mkdirSync(dirname(signalPath), { recursive: true });
    writeFileSync(signalPath, completed);
    const c = capture();
    const code = await runRollback({ artifacts: f.root, stack: "production" }, c.io, async (signal) => {
      const { artifactsDir: _a, ...seams } = f.options({
        signal,
        facts: { pulumiCli: false, awsCredentials: false },
      });
      return seams;
    });
    expect(code).toBe(3);
    expect(c.err[0]).toBe("blocked: nothing was rolled back");
    expect(c.err.slice(1)).toEqual([
      expect.stringMatching(/^ {2}- \[critical\] The Pulumi CLI \(pulumi\) is not on PATH.*\. Fix: \S/),
      expect.stringMatching(/^ {2}- \[critical\] .*AWS credentials.*\. Fix: \S/),
    ]);
    expect(c.err.join("\n")).not.toContain("deployed");
    expect(c.out).toEqual(["signal: not written (the last stage-completion signal is unchanged)"]);
    expect(readFileSync(signalPath, "utf8")).toBe(completed);
    expect(f.engine.calls).toEqual([]);
  });

  it("the real CLI on this machine (no Pulumi CLI, no AWS credentials) stops at the gate: exit 3, blocked signal", async () => {
    const root = copyExample();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${join(ROOT, "node_modules/.bin")}:/usr/bin:/bin`,
      AWS_EC2_METADATA_DISABLED: "true",
      PULUMI_HOME: join(root, ".no-pulumi"),
      HOME: root,
    };
    delete env.AWS_ACCESS_KEY_ID;
    delete env.AWS_PROFILE;
    const result = await run(
      join(ROOT, "node_modules/.bin/tsx"),
      [
        "automation/cli.ts",
        "deploy",
        "--artifacts",
        root,
        "--yes",
        ...["api", "worker"].flatMap((n) => [
          "--image",
          `123456789012.dkr.ecr.eu-west-1.amazonaws.com/taskflow/${n}@sha256:${"c".repeat(64)}`.replace(
            /^/,
            `${n}=`,
          ),
        ]),
      ],
      { cwd: ROOT, env },
    ).then(
      () => ({ code: 0, stderr: "" }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("blocked: nothing was deployed");
    expect(result.stderr).toMatch(/ {2}- \[critical\] The Pulumi CLI \(pulumi\) is not on PATH\. Fix: \S/);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const signal = JSON.parse(
      readFileSync(join(root, "ARTIFACTS/system/stage-completion-signal.json"), "utf8"),
    ) as Record<string, unknown>;
    expect(referenceErrors("stage-completion-signal", signal)).toEqual([]);
    expect(signal.status).toBe("blocked");
    expect(existsSync(join(root, "ARTIFACTS/devops-engineer/deployment-report.json"))).toBe(false);
  }, 60_000);
});

describe("bad flags are bad input: exit 2, a clear message, nothing written", () => {
  class Exited extends Error {
    constructor(readonly code: number) {
      super(`exit ${code}`);
    }
  }
  async function parse(argv: string[]): Promise<{ code: number; err: string }> {
    const err: string[] = [];
    const program = new Command("slipway").configureOutput({
      writeErr: (s) => err.push(s),
      writeOut: () => undefined,
    });
    const exit = (code: number): never => {
      throw new Exited(code);
    };
    registerDeploy(program, exit);
    registerRollback(program, exit);
    const code = await program.parseAsync(["node", "slipway", ...argv]).then(
      () => -1,
      (e: unknown) => (e instanceof Exited ? e.code : -2),
    );
    return { code, err: err.join("") };
  }

  it.each([
    [["deploy", "--strategy", "nonsense"], /argument 'nonsense' is invalid\. Allowed choices are blue_green/],
    [["deploy", "--stack"], /option '--stack <name>' argument missing/],
    [["deploy", "--colour", "green"], /unknown option '--colour'/],
    [["rollback"], /required option '--stack <name>' not specified/],
    [
      ["rollback", "--stack", "production", "--to-version"],
      /option '--to-version <version>' argument missing/,
    ],
  ])("%j: commander's message, exit 2", async (argv, message) => {
    const r = await parse(argv);
    expect(r).toEqual({ code: 2, err: expect.stringMatching(message) as string });
  });

  it("--help still exits 0", async () => {
    expect((await parse(["deploy", "--help"])).code).toBe(0);
  });

  it.each([
    [["--strategy", "nonsense"], /argument 'nonsense' is invalid/],
    [
      ["--stack", "nope"],
      /--stack: "nope" has no stack file \(.*\). Fix: use one of the stacks in .*: production, staging/,
    ],
    [["--stack", "stagin"], /--stack: "stagin" has no stack file \(.*\) \(did you mean "staging"\?\)/],
    [["--bake", "-1"], /--bake: "-1" is not a number of minutes/],
    [["--artifacts", "/nonexistent"], /\/nonexistent: release root not found/],
  ])(
    "the real CLI: deploy %j exits 2 and writes nothing",
    async (flags, message) => {
      const root = copyExample();
      const before = listFiles(root);
      const env: NodeJS.ProcessEnv = { ...process.env, AWS_EC2_METADATA_DISABLED: "true", HOME: root };
      const args = flags.includes("--artifacts") ? flags : ["--artifacts", root, ...flags];
      const result = await run(
        join(ROOT, "node_modules/.bin/tsx"),
        ["automation/cli.ts", "deploy", ...args],
        {
          cwd: ROOT,
          env,
        },
      ).then(
        () => ({ code: 0, stderr: "" }),
        (e: { code: number; stderr: string }) => e,
      );
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(listFiles(root)).toEqual(before);
    },
    60_000,
  );
});

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).sort();
}

describe("confirmation on a terminal", () => {
  function tty() {
    const input = Object.assign(new PassThrough(), { isTTY: true });
    const output = new PassThrough();
    output.resume(); // discard the prompt and its echo
    return { input, output };
  }
  const question = "Deploy TaskFlow 1.4.0 to staging then production (blue_green)?";

  it.each([
    ["y\r", true],
    ["yes\r", true],
    ["\r", false],
    ["no\r", false],
  ])("answer %j: %s", async (typed, expected) => {
    const c = capture();
    const t = tty();
    const answer = confirmOnTty(question, c.io, t);
    t.input.write(typed);
    expect(await answer).toBe(expected);
  });

  it("Ctrl-C at the prompt answers no instead of leaving a paused prompt hanging", async () => {
    const c = capture();
    const t = tty();
    const answer = confirmOnTty(question, c.io, t);
    t.input.write("\x03");
    expect(await answer).toBe(false);
    expect(c.err).toEqual(["Not confirmed: interrupted at the prompt."]);
  });

  it("an abort of the run (SIGTERM) while the question is open answers no", async () => {
    const c = capture();
    const t = tty();
    const ac = new AbortController();
    const answer = confirmOnTty(question, c.io, { ...t, signal: ac.signal });
    setTimeout(() => ac.abort(), 10);
    expect(await answer).toBe(false);
  });

  it("not a terminal: never confirmed, says to pass --yes", async () => {
    const c = capture();
    const input = Object.assign(new PassThrough(), { isTTY: false });
    expect(await confirmOnTty(question, c.io, { input })).toBe(false);
    expect(c.err[0]).toMatch(/pass --yes to deploy non-interactively/);
  });
});

describe("SLIPWAY_DEADLINE_MINUTES: the run stops itself before the CI job's timeout", () => {
  function fakeTimers() {
    const pending: { fn: () => void; ms: number; cleared: boolean }[] = [];
    return {
      pending,
      timers: {
        set: (fn: () => void, ms: number) => {
          const t = { fn, ms, cleared: false };
          pending.push(t);
          return t;
        },
        clear: (h: unknown) => {
          (h as { cleared: boolean }).cleared = true;
        },
      },
    };
  }

  it("aborts the run's signal (as SIGINT does) when the deadline passes, and says why", () => {
    const c = capture();
    const ac = new AbortController();
    const t = fakeTimers();
    const dispose = abortAtDeadline(ac, c.io, { SLIPWAY_DEADLINE_MINUTES: "80" }, t.timers);
    expect(t.pending.map((p) => p.ms)).toEqual([80 * 60_000]);
    expect(ac.signal.aborted).toBe(false);
    t.pending[0].fn();
    expect(ac.signal.aborted).toBe(true);
    expect(c.err[0]).toMatch(
      /^deadline: 80 min \(SLIPWAY_DEADLINE_MINUTES\) reached; stopping the running update/,
    );
    dispose();
    expect(t.pending[0].cleared).toBe(true);
  });

  it("unset: no timer; not a positive number: bad input naming the variable", () => {
    const c = capture();
    const t = fakeTimers();
    abortAtDeadline(new AbortController(), c.io, {}, t.timers)();
    expect(t.pending).toEqual([]);
    for (const bad of ["0", "-5", "soon"]) {
      expect(() =>
        abortAtDeadline(new AbortController(), c.io, { SLIPWAY_DEADLINE_MINUTES: bad }, t.timers),
      ).toThrow(/SLIPWAY_DEADLINE_MINUTES.*is not a positive number of minutes/);
    }
  });
});

describe("AWS SDK clients run in the stack's region", () => {
  it("the stack file's aws:region wins over the workflow's AWS_REGION; without one, the environment's", () => {
    const dir = mkdtempSync(join(tmpdir(), "region-"));
    writeFileSync(
      join(dir, "Pulumi.production.yaml"),
      "config:\n  aws:region: eu-central-1\n  slipway:environmentType: production\n",
    );
    writeFileSync(join(dir, "Pulumi.staging.yaml"), "config:\n  slipway:environmentType: staging\n");
    const production = readStackFile(dir, "production");
    const staging = readStackFile(dir, "staging");
    expect(awsRegion(production, { AWS_REGION: "us-west-2" })).toBe("eu-central-1");
    expect(awsRegion(staging, { AWS_REGION: "us-west-2" })).toBe("us-west-2");
    expect(awsRegion(staging, { AWS_DEFAULT_REGION: "ap-south-1" })).toBe("ap-south-1");
    expect(awsRegion(undefined, {})).toBe("us-east-1");
  });
});

describe("progress on a terminal and in CI", () => {
  const entries = [
    { level: "info" as const, stack: "production", message: "bake ... " },
    {
      level: "info" as const,
      stack: "production",
      message: "bake 1 min of 1 h (1 %): alarms 3 OK",
      progress: true,
    },
    {
      level: "info" as const,
      stack: "production",
      message: "bake 2 min of 1 h (3 %): alarms 3 OK",
      progress: true,
    },
    { level: "warn" as const, stack: "production", message: "warning alarm fired" },
  ];

  it("a terminal rewrites one live line for progress and ends it before any other line", () => {
    const out: string[] = [];
    const live: string[] = [];
    const print = progressPrinter({ out: (l) => out.push(l), err: (l) => out.push(`ERR ${l}`) }, false, (t) =>
      live.push(t),
    );
    for (const e of entries) print(e);
    expect(out).toEqual(["[production] bake ... ", "ERR [production] warning: warning alarm fired"]);
    expect(live).toEqual([
      "\r\x1b[2K[production] bake 1 min of 1 h (1 %): alarms 3 OK",
      "\r\x1b[2K[production] bake 2 min of 1 h (3 %): alarms 3 OK",
      "\r\x1b[2K",
    ]);
  });

  it("CI (or a pipe) gets every progress line as a plain line", () => {
    const out: string[] = [];
    const print = progressPrinter({ out: (l) => out.push(l), err: (l) => out.push(l) }, false, undefined);
    for (const e of entries) print(e);
    expect(out).toHaveLength(4);
    expect(out[2]).toBe("[production] bake 2 min of 1 h (3 %): alarms 3 OK");
  });

  it("a live line only on an interactive terminal outside CI", () => {
    const tty = { isTTY: true, write: () => true };
    expect(liveLine({}, tty)).toBeInstanceOf(Function);
    expect(liveLine({ CI: "true" }, tty)).toBeUndefined();
    expect(liveLine({ GITHUB_ACTIONS: "true" }, tty)).toBeUndefined();
    expect(liveLine({}, { isTTY: false, write: () => true })).toBeUndefined();
  });
});
