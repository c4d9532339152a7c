/**
 * `npm run bench`: how fast the offline plan is, on the bundled example release.
 *
 * 1. Floor: wall time of starting Node and loading `@pulumi/aws` (`node -e "require('@pulumi/aws')"`),
 *    and the same with Node's on-disk compile cache on, as the plan has it (both reported).
 * 2. Plan: wall time of `npm run plan` (both stacks, written to a temp dir), and of the same command
 *    without npm (`node --require ./automation/engine/ts-register.ts automation/cli.ts plan`, what the
 *    npm script runs). Target: within 1.5x the floor.
 * 3. Scaling: plan time of releases with 1, 5, 10, 15 and 20 backend services (generated from the
 *    example in temp dirs: the API plus workers and further APIs), in one warm process, and the slope by
 *    least squares. Target: each extra service adds under 50 ms.
 *
 * Wall times depend on the machine's load: each figure is the median of several runs, the CPU time of
 * the measured work is printed next to it, and the load average is printed first.
 * Options: `--runs N` (default 3), `--services 1,5,10,15,20`, `--json` (one JSON document on stdout).
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir, cpus } from "node:os";
import { join, resolve } from "node:path";
import { createPlan } from "../automation/plan/plan";

const ROOT = resolve(__dirname, "..");
const EXAMPLE = join(ROOT, "examples", "taskflow");
const NODE = join(ROOT, "node_modules", ".bin", "node");
/** What `npm run plan` runs, without npm. */
const PLAN_ARGS = ["--require", "./automation/engine/ts-register.ts", "automation/cli.ts", "plan"];
{
  // Measure what users run: the command above must be the npm script.
  const script = (
    JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }
  ).scripts.plan;
  if (script !== `node ${PLAN_ARGS.join(" ")}`)
    throw new Error(`bench: PLAN_ARGS (${PLAN_ARGS.join(" ")}) no longer match the plan script (${script})`);
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const RUNS = Number(arg("runs") ?? 3);
const SERVICE_COUNTS = (arg("services") ?? "1,5,10,15,20").split(",").map(Number);
const JSON_OUT = process.argv.includes("--json");

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * CPU time (ms) of the finished child processes of this process (Linux: `cutime + cstime` of
 * /proc/self/stat, in clock ticks of 10 ms), or NaN where that is not available.
 */
function childrenCpuMs(): number {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return Number.NaN;
  }
}

interface Timing {
  readonly wallMs: number;
  /** CPU of the command and its children (load-independent, unlike wall time). */
  readonly cpuMs: number;
}

/** Wall and CPU time of a command, which must succeed (exit 0) or end with an allowed code. */
function timeCommand(cmd: string, args: string[], allowed: number[] = [0]): Timing {
  const cpu0 = childrenCpuMs();
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status === null || !allowed.includes(r.status)) {
    throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}: ${(r.stderr || r.stdout).slice(-2000)}`);
  }
  return { wallMs, cpuMs: childrenCpuMs() - cpu0 };
}

/** Median wall and CPU of `n` runs. */
function measure(n: number, f: () => Timing): Timing {
  const runs = Array.from({ length: n }, f);
  return { wallMs: median(runs.map((r) => r.wallMs)), cpuMs: median(runs.map((r) => r.cpuMs)) };
}

const fmt = (t: Timing) => `${t.wallMs.toFixed(0)} ms wall, ${t.cpuMs.toFixed(0)} ms CPU`;

/** A copy of the example release with `n` backend services (odd ones APIs, even ones workers). */
export function releaseWithServices(n: number): string {
  const dir = mkdtempSync(join(tmpdir(), `slipway-bench-${n}-`));
  cpSync(EXAMPLE, dir, {
    recursive: true,
    filter: (src) => !/deployment-plan\.|devops-engineer|stage-completion/.test(src),
  });
  const file = join(dir, "ARTIFACTS", "system-architect", "architecture-handover-packet.json");
  const packet = JSON.parse(readFileSync(file, "utf8")) as {
    system_components: {
      name: string;
      type: string;
      purpose: string;
      responsibilities?: string[];
      dependencies?: string[];
    }[];
  };
  const others = packet.system_components.filter((c) => !c.type.startsWith("backend_"));
  const services = Array.from({ length: n }, (_, i) => ({
    name: i === 0 ? "api" : `svc${i + 1}`,
    type: i % 2 === 0 ? "backend_api" : "backend_worker",
    purpose: i === 0 ? "REST API" : `Generated service ${i + 1}`,
    responsibilities: ["Serve the benchmark"],
    dependencies: ["db"],
  }));
  packet.system_components = [...others, ...services];
  writeFileSync(file, JSON.stringify(packet, null, 2));
  return dir;
}

/** Least-squares slope of y over x. */
export function slope(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const num = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

async function main(): Promise<void> {
  const log = (line: string) => {
    if (!JSON_OUT) console.log(line);
  };
  const load = loadavg().map((l) => l.toFixed(2));
  log(
    `slipway plan benchmark: ${cpus().length} CPU(s), load average ${load.join(" ")}, ${RUNS} run(s) per figure, median`,
  );

  const out = mkdtempSync(join(tmpdir(), "slipway-bench-out-"));
  try {
    // Warm the OS file cache and tsx's transform cache once, unmeasured.
    timeCommand(NODE, [...PLAN_ARGS, "--out", out], [0, 1]);

    const floor = measure(RUNS, () => timeCommand(NODE, ["-e", "require('@pulumi/aws')"]));
    log(`floor (node + require @pulumi/aws):             ${fmt(floor)}`);
    // The plan turns on Node's on-disk compile cache (automation/engine/ts-register.ts); the same floor
    // with it on (same default cache directory, warmed by the runs above) is the like-for-like one.
    const cachedFloor = measure(RUNS, () =>
      timeCommand(NODE, ["-e", "require('node:module').enableCompileCache(); require('@pulumi/aws')"]),
    );
    log(`floor with Node's compile cache (as the plan):  ${fmt(cachedFloor)}`);
    const npmPlan = measure(RUNS, () =>
      timeCommand("npm", ["run", "--silent", "plan", "--", "--out", out], [0, 1]),
    );
    const ratio = npmPlan.wallMs / floor.wallMs;
    const cpuRatio = npmPlan.cpuMs / floor.cpuMs;
    log(
      `npm run plan (staging + production):            ${fmt(npmPlan)} = ${ratio.toFixed(2)}x floor wall, ` +
        `${cpuRatio.toFixed(2)}x floor CPU (target <= 1.5x); against the compile-cached floor ` +
        `${(npmPlan.wallMs / cachedFloor.wallMs).toFixed(2)}x wall, ${(npmPlan.cpuMs / cachedFloor.cpuMs).toFixed(2)}x CPU`,
    );
    const nodePlan = measure(RUNS, () => timeCommand(NODE, [...PLAN_ARGS, "--out", out], [0, 1]));
    log(
      `the same without npm (node ... cli.ts plan):    ${fmt(nodePlan)} = ${(nodePlan.wallMs / floor.wallMs).toFixed(2)}x floor wall, ` +
        `${(nodePlan.cpuMs / floor.cpuMs).toFixed(2)}x floor CPU`,
    );

    // Scaling, in one warm process: the marginal cost of a service.
    log("");
    log("services  resources(staging+production)  wall ms  cpu ms");
    const releases = SERVICE_COUNTS.map((n) => ({ n, dir: releaseWithServices(n) }));
    await createPlan({ artifactsDir: releases[0].dir, write: false }); // warm-up
    const rows: { services: number; resources: number; wallMs: number; cpuMs: number }[] = [];
    for (const { n, dir } of releases) {
      const walls: number[] = [];
      const cpusMs: number[] = [];
      let resources = 0;
      for (let i = 0; i < RUNS; i++) {
        const c0 = process.cpuUsage();
        const t0 = process.hrtime.bigint();
        const { plan } = await createPlan({ artifactsDir: dir, write: false });
        walls.push(Number(process.hrtime.bigint() - t0) / 1e6);
        const c = process.cpuUsage(c0);
        cpusMs.push((c.user + c.system) / 1000);
        resources = plan.stacks.reduce((s, x) => s + x.resourceCount, 0);
      }
      const row = { services: n, resources, wallMs: median(walls), cpuMs: median(cpusMs) };
      rows.push(row);
      log(
        `${String(n).padStart(8)}  ${String(resources).padStart(29)}  ${row.wallMs.toFixed(0).padStart(7)}  ${row.cpuMs.toFixed(0).padStart(6)}`,
      );
    }
    for (const { dir } of releases) rmSync(dir, { recursive: true, force: true });
    const perServiceWall = slope(rows.map((r) => ({ x: r.services, y: r.wallMs })));
    const perServiceCpu = slope(rows.map((r) => ({ x: r.services, y: r.cpuMs })));
    const perServiceResources = slope(rows.map((r) => ({ x: r.services, y: r.resources })));
    log(
      `each extra service: +${perServiceWall.toFixed(1)} ms wall, +${perServiceCpu.toFixed(1)} ms CPU, ` +
        `+${perServiceResources.toFixed(1)} resources (both stacks) (target < 50 ms)`,
    );
    log("");
    log(
      `plan within 1.5x floor: ${ratio <= 1.5 ? "yes" : "NO"} (wall), ${cpuRatio <= 1.5 ? "yes" : "NO"} (CPU); ` +
        `extra service under 50 ms: ${perServiceWall < 50 ? "yes" : "NO"} (wall), ${perServiceCpu < 50 ? "yes" : "NO"} (CPU)`,
    );
    if (JSON_OUT) {
      console.log(
        JSON.stringify(
          {
            cpus: cpus().length,
            loadAverage: loadavg(),
            runs: RUNS,
            floor,
            cachedFloor,
            npmPlan,
            nodePlan,
            ratio,
            cpuRatio,
            scaling: rows,
            perServiceWallMs: perServiceWall,
            perServiceCpuMs: perServiceCpu,
          },
          null,
          2,
        ),
      );
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  });
}
