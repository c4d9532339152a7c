/**
 * The TypeScript register of `npm run plan` / `npm run policy`, in a real Node process (the one the
 * scripts use): it compiles `.ts` as tsx would (extensionless relative imports, directory index files,
 * default imports of CommonJS modules, enums), caches the output by content hash, recompiles a changed
 * file, and leaves `.js` to Node's own loader.
 */
// @ts-nocheck

import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "./loader";

const NODE = join(PROJECT_ROOT, "node_modules", ".bin", "node");
const REGISTER = join(PROJECT_ROOT, "automation", "engine", "ts-register.ts");

function run(entry: string, cache: string) {
  const r = spawnSync(NODE, ["--require", REGISTER, entry], {
    encoding: "utf8",
    env: { ...process.env, SLIPWAY_TS_CACHE: cache, NODE_OPTIONS: "" },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout.trim(), stderr: r.stderr };
}

describe("ts-register", () => {
  const dir = mkdtempSync(join(tmpdir(), "slipway-tsreg-"));
  const cache = mkdtempSync(join(tmpdir(), "slipway-tsreg-cache-"));
  const cacheFiles = () => readdirSync(join(cache, "slipway-ts-cache")).filter((f) => f.endsWith(".js"));
  mkdirSync(join(dir, "lib"));
  writeFileSync(join(dir, "lib", "index.ts"), "export enum Color { Red = 'red', Blue = 'blue' }\n");
  writeFileSync(join(dir, "plain.js"), "module.exports = function plain() { return 'cjs-default'; };\n");
  writeFileSync(
    join(dir, "helper.ts"),
    "export const double = (n: number): number => n * 2;\nexport interface Unused { a: string }\n",
  );
  const main = join(dir, "main.ts");
  const source = (n: number) =>
    [
      'import { double } from "./helper";',
      'import { Color } from "./lib";',
      'import plain from "./plain";',
      'import Module from "node:module";',
      "const exts = (Module as unknown as { _extensions: Record<string, Function> })._extensions;",
      `const value: number = double(${n});`,
      "console.log(JSON.stringify({ value, color: Color.Blue, plain: plain(),",
      '  jsHandler: exts[".js"].name, tsHandler: typeof exts[".ts"] }));',
    ].join("\n");

  test("compiles TypeScript like tsx, leaving .js to Node", () => {
    writeFileSync(main, source(21));
    const r = run(main, cache);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ value: 42, color: "blue", plain: "cjs-default", tsHandler: "function" });
    // Node's own .js handler, not a wrapper.
    const nodeJsHandler = spawnSync(
      NODE,
      ["-e", 'console.log(require("node:module")._extensions[".js"].name)'],
      { encoding: "utf8" },
    ).stdout.trim();
    expect(out.jsHandler).toBe(nodeJsHandler);
    expect(cacheFiles()).toHaveLength(3);
  });

  test("an unchanged file is served from the cache; a changed one is recompiled", () => {
    writeFileSync(main, source(21));
    expect(JSON.parse(run(main, cache).stdout)).toMatchObject({ value: 42 });
    expect(cacheFiles()).toHaveLength(3);
    writeFileSync(main, source(50));
    expect(JSON.parse(run(main, cache).stdout)).toMatchObject({ value: 100 });
    expect(cacheFiles()).toHaveLength(4);
  });

  test("a syntax error names the file and fails the process", () => {
    const bad = join(dir, "bad.ts");
    writeFileSync(bad, "const x: number = ;\n");
    const r = run(bad, cache);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("bad.ts");
  });

  test("an unwritable cache directory only costs time", () => {
    const file = join(dir, "not-a-dir");
    writeFileSync(file, "");
    writeFileSync(main, source(1));
    const r = run(main, file);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ value: 2 });
  });

  test("npm run policy's command evaluates a TypeScript program outside the project", () => {
    const script = (
      JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as {
        scripts: Record<string, string>;
      }
    ).scripts.policy;
    const [bin, ...args] = script.split(" ");
    expect(bin).toBe("node");
    const program = mkdtempSync(join(tmpdir(), "slipway-outside-"));
    cpSync(join(PROJECT_ROOT, "automation", "engine", "__fixtures__", "tiny"), program, { recursive: true });
    const pack = join(PROJECT_ROOT, "automation", "policy", "__fixtures__", "pack");
    const r = spawnSync(
      NODE,
      [...args, "--program", program, "--policy-pack", pack, "--stack", "production", "--format", "json"],
      {
        cwd: PROJECT_ROOT,
        encoding: "utf8",
        env: { ...process.env, SLIPWAY_TS_CACHE: cache },
        timeout: 60_000,
      },
    );
    expect(r.stderr).toBe("");
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      stack: "production",
      violations: [expect.objectContaining({ policy: "secret-has-rotation", enforcementLevel: "mandatory" })],
    });
  }, 60_000);
});
