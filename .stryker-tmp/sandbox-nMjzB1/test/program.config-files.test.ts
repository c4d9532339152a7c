/**
 * Pulumi.yaml and the stack files agree with config.ts: declared keys exist and their defaults match
 * what config.ts applies; every stack file resolves to a valid StackConfig of its environment type;
 * no secret is written in a stack file.
 */
// @ts-nocheck

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { CONFIG_KEYS, SECRET_KEYS, defaultsFor, resolveStackConfig } from "../config";

const ROOT = join(__dirname, "..");
/** The one release bundled under examples/. */
const BUNDLED = join(ROOT, "examples", readdirSync(join(ROOT, "examples"))[0]);

interface Declared {
  type: string;
  default?: unknown;
  description?: string;
}

const project = parse(readFileSync(join(ROOT, "Pulumi.yaml"), "utf8")) as {
  name: string;
  runtime: { name: string; options: Record<string, unknown> };
  main: string;
  config: Record<string, Declared>;
};

function stackConfig(stack: string): Record<string, unknown> {
  return (
    parse(readFileSync(join(ROOT, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> }
  ).config;
}

/** What the Pulumi CLI hands the program: declared defaults plus the stack's values, as strings. */
function effective(stack: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, d] of Object.entries(project.config)) out[`slipway:${k}`] = String(d.default);
  for (const [k, v] of Object.entries(stackConfig(stack)))
    out[k] = typeof v === "object" ? JSON.stringify(v) : String(v);
  return out;
}

describe("Pulumi.yaml", () => {
  it("is the slipway nodejs project with index.ts as main", () => {
    expect(project.name).toBe("slipway");
    expect(project.runtime.name).toBe("nodejs");
    expect(project.main).toBe("index.ts");
    expect(project.runtime.options.nodeargs).toContain("tsx");
  });

  it.each(Object.entries(project.config))(
    "declares %s with a type, a default and a description",
    (key, d) => {
      expect(CONFIG_KEYS as readonly string[]).toContain(key);
      expect(["string", "integer", "boolean", "array"]).toContain(d.type);
      expect(d.default).toBeDefined();
      expect((d.description ?? "").length).toBeGreaterThan(20);
      expect(SECRET_KEYS as readonly string[]).not.toContain(key);
    },
  );

  it("declared defaults equal config.ts's defaults for every environment type", () => {
    for (const type of ["staging", "production", "development"] as const) {
      const d = defaultsFor(type);
      expect(project.config.vpcCidr.default).toBe(d.network.vpcCidr);
      expect(project.config.tracing.default).toBe(d.tracing);
      expect(Number(project.config.uptimeSlaTarget.default)).toBe(d.uptimeSlaTarget);
      expect(project.config.dbPerformanceInsightsRetentionDays.default).toBe(
        d.database.performanceInsightsRetentionDays,
      );
    }
  });

  it("declares no artifactsDir default, so SLIPWAY_ARTIFACTS_DIR applies under the Pulumi CLI", () => {
    // The CLI hands every declared default to the program: a default here would always set the key.
    expect(project.config.artifactsDir).toBeUndefined();
    const values = effective("staging");
    const read = (env: Record<string, string>) =>
      resolveStackConfig((k) => values[k], {
        project: "slipway",
        stack: "staging",
        projectDir: ROOT,
        env,
        keys: Object.keys(values),
      }).artifactsDir;
    expect(read({ SLIPWAY_ARTIFACTS_DIR: "/srv/releases/next" })).toBe("/srv/releases/next");
    expect(read({})).toBe(BUNDLED);
  });

  it("documents every config key", () => {
    const text = readFileSync(join(ROOT, "Pulumi.yaml"), "utf8");
    for (const key of CONFIG_KEYS) expect(text).toContain(key);
  });
});

describe.each(["staging", "production"])("Pulumi.%s.yaml", (stack) => {
  const values = effective(stack);
  const config = resolveStackConfig((k) => values[k], {
    project: "slipway",
    stack,
    projectDir: ROOT,
    env: {},
    keys: Object.keys(values),
  });

  it("resolves to a valid config of its environment type, in a region, with a domain", () => {
    expect(config.environmentType).toBe(stack);
    expect(config.region).toMatch(/^[a-z]{2}-[a-z]+-\d$/);
    expect(config.domain?.name).toMatch(/\.example\.com$/);
    expect(config.artifactsDir).toBe(BUNDLED);
  });

  it("holds no secret", () => {
    for (const key of Object.keys(stackConfig(stack))) {
      expect(SECRET_KEYS.map((k) => `slipway:${k}`)).not.toContain(key);
      expect(key).not.toMatch(/password|token|secret|webhook/i);
    }
    expect(readFileSync(join(ROOT, `Pulumi.${stack}.yaml`), "utf8")).not.toMatch(/secure:|https?:\/\//);
  });
});

it("staging and production differ only by config, in the expected direction", () => {
  const s = effective("staging");
  const p = effective("production");
  const cfg = (values: Record<string, string>, stack: string) =>
    resolveStackConfig((k) => values[k], {
      project: "slipway",
      stack,
      projectDir: ROOT,
      env: {},
      keys: Object.keys(values),
    });
  const sc = cfg(s, "staging");
  const pc = cfg(p, "production");
  expect([sc.network.azCount, pc.network.azCount]).toEqual([2, 3]);
  expect([sc.database.multiAz, pc.database.multiAz]).toEqual([false, true]);
  expect([sc.database.backupRetentionDays, pc.database.backupRetentionDays]).toEqual([7, 30]);
  expect(pc.domain!.name.length).toBeLessThan(sc.domain!.name.length);
});
