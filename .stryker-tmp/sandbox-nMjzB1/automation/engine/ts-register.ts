/**
 * Preloaded by the `plan` and `policy` npm scripts (`node --require ./automation/engine/ts-register.ts
 * automation/cli.ts ...`), loaded by Node's own type stripping, so it has no import syntax. It makes the
 * process able to `require` TypeScript cheaply:
 *
 * - `.ts` files (this project's, a Pulumi program's, the policy pack's) are compiled to CommonJS by
 *   esbuild (the one tsx ships; no type checking, as tsx) and the output is cached on disk under a key
 *   that hashes the source, the file name and the compiler settings, so an unchanged file is read, not
 *   compiled. A changed file gets a new key; a missing or unwritable cache only costs time.
 * - Everything else (`.js` in node_modules: @pulumi/pulumi, @pulumi/aws, the AWS SDK) is left to Node's
 *   own loader. tsx's hooks inspect every required file, which was most of the start-up time.
 * - Node's on-disk compile cache is turned on for the JavaScript itself.
 *
 * The cache lives in `<os tmpdir>/slipway-ts-cache` (`SLIPWAY_TS_CACHE` overrides the directory).
 * Source maps are inlined, so `--enable-source-maps` shows TypeScript positions when debugging.
 */
// @ts-nocheck

{
  const nodeModule = process.getBuiltinModule("node:module");
  const fs = process.getBuiltinModule("node:fs");
  const path = process.getBuiltinModule("node:path");
  const crypto = process.getBuiltinModule("node:crypto");
  const os = process.getBuiltinModule("node:os");

  nodeModule.enableCompileCache?.();

  interface LoadableModule {
    _compile(code: string, filename: string): void;
  }
  interface Esbuild {
    readonly version: string;
    transformSync(
      source: string,
      options: Record<string, unknown>,
    ): { readonly code: string; readonly warnings: readonly unknown[] };
  }
  const extensions = (
    nodeModule as unknown as {
      _extensions: Record<string, (module: LoadableModule, filename: string) => void>;
    }
  )._extensions;

  const here = nodeModule.createRequire(__filename);
  // esbuild as tsx resolves it (tsx is this project's declared TypeScript runner).
  const esbuildRequire = nodeModule.createRequire(here.resolve("tsx/package.json"));
  const esbuildVersion = (esbuildRequire("esbuild/package.json") as { version: string }).version;
  let esbuild: Esbuild | undefined;

  const OPTIONS = {
    loader: "ts",
    format: "cjs",
    target: `node${process.versions.node.split(".")[0]}`,
    sourcemap: "inline",
    // What tsconfig.json says that changes the emitted code.
    tsconfigRaw: { compilerOptions: { esModuleInterop: true, verbatimModuleSyntax: false } },
  } as const;
  const SALT = `${esbuildVersion}\0${JSON.stringify(OPTIONS)}\0`;
  const cacheDir = path.join(process.env.SLIPWAY_TS_CACHE || os.tmpdir(), "slipway-ts-cache");

  const compile = (source: string, filename: string): string => {
    const key = crypto.createHash("sha256").update(SALT).update(filename).update("\0").update(source);
    const cached = path.join(cacheDir, `${key.digest("hex")}.js`);
    try {
      return fs.readFileSync(cached, "utf8");
    } catch {
      // Not cached yet.
    }
    esbuild ??= esbuildRequire("esbuild") as Esbuild;
    const { code } = esbuild.transformSync(source, { ...OPTIONS, sourcefile: filename });
    try {
      fs.mkdirSync(cacheDir, { recursive: true });
      const tmp = `${cached}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, code);
      fs.renameSync(tmp, cached);
    } catch {
      // An unwritable cache only costs time.
    }
    return code;
  };

  extensions[".ts"] = (module, filename) => {
    module._compile(compile(fs.readFileSync(filename, "utf8"), filename), filename);
  };
}
