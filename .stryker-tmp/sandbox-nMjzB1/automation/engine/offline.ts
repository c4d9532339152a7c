/**
 * The offline engine: runs a Pulumi TypeScript program in this process under Pulumi's mock runtime, for
 * one stack and its config, and captures every resource it registers (type, name, URN, parent, inputs,
 * mocked outputs, dependencies, provider) and the stack outputs. No CLI, no credentials, no network.
 *
 * How: each evaluation gets its own Pulumi runtime store (`withLocalStorage`, as the Automation API's
 * inline programs do), a `MockMonitor` subclass that records the full registration requests, the
 * deterministic values of `createMocks` for the stack's region, the stack's config, and a fresh load of
 * the program's own modules. Evaluations are serialised, so staging and production can be evaluated one
 * after the other in one process.
 */
// @ts-nocheck

import { dirname, join, relative } from "node:path";
import { InputError } from "../../lib/errors";
import { toPlain, SECRET_PLACEHOLDER } from "./capture";
import {
  forgetProgramModules,
  installProgramLoader,
  loadModule,
  resolveFrom,
  withCheapStackTraces,
  withProcessErrorsCaptured,
} from "./loader";
import type * as MocksModule from "./mocks";
import { loadProgramProject, loadStackConfig, type StackConfig } from "./stack-config";
import type { CapturedResource, ConfigValue, EvaluatedStack } from "./types";

/** A message the program or the Pulumi runtime logged during evaluation. */
export interface Diagnostic {
  readonly severity: "debug" | "info" | "warning" | "error";
  readonly message: string;
  readonly urn?: string;
}

/** The result of an offline evaluation, with what the engine saw besides resources. */
export interface OfflineStack extends EvaluatedStack {
  /** Effective stack config (secret values replaced by `[secret]`). */
  readonly config: Record<string, ConfigValue>;
  /** Warnings and info messages logged by the program (errors make the evaluation fail instead). */
  readonly diagnostics: readonly Diagnostic[];
  /** Config keys whose `secure:` values could not be decrypted offline (the program saw a placeholder). */
  readonly undecryptableConfig: readonly string[];
}

export interface EvaluateOptions {
  /** Directory of the Pulumi program (has a `Pulumi.yaml`). */
  readonly programDir: string;
  /** Stack name, e.g. `staging`. */
  readonly stack: string;
  /** Config overrides (namespaced keys, or bare keys in the project's namespace). */
  readonly config?: Record<string, ConfigValue>;
  /** Stack config file. @default `<programDir>/Pulumi.<stack>.yaml` */
  readonly configFile?: string;
  readonly signal?: AbortSignal;
}

/** The program could not be evaluated: its own error, stated plainly (no stack trace). */
export class ProgramError extends Error {
  constructor(
    readonly programDir: string,
    readonly stackName: string,
    readonly detail: string,
  ) {
    super(`program ${programDir} (stack ${stackName}) could not be evaluated: ${detail}`);
    this.name = "ProgramError";
  }
}

/** Evaluation was aborted through the signal. */
export class EvaluationAborted extends Error {
  constructor() {
    super("evaluation aborted");
    this.name = "AbortError";
  }
}

interface GrpcStruct {
  toJavaScript(): Record<string, unknown>;
}
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getRemote(): boolean;
  getProvider(): string;
  getVersion(): string;
  getObject(): GrpcStruct | undefined;
  getDependenciesList(): string[];
  getPropertydependenciesMap(): { forEach(cb: (v: { getUrnsList(): string[] }, k: string) => void): void };
}
interface RegisterResponse {
  getUrn(): string;
  getId(): string;
  getObject(): GrpcStruct | undefined;
}
interface OutputsRequest {
  getUrn(): string;
  getOutputs(): GrpcStruct | undefined;
}
type Callback<T> = (err: unknown, resp?: T) => void;
interface MockMonitorLike {
  registerResource(req: RegisterRequest, cb: Callback<RegisterResponse>): Promise<void>;
  registerResourceOutputs(req: OutputsRequest, cb: Callback<unknown>): void;
}
type MockMonitorClass = new (mocks: unknown) => MockMonitorLike;

/** The pieces of one copy of `@pulumi/pulumi`'s runtime the engine drives. */
interface PulumiRuntime {
  MockMonitor: MockMonitorClass;
  debuggable: { debuggablePromise<T>(p: Promise<T>, ctx: unknown): Promise<T> };
  settings: {
    setMockOptions(monitor: unknown, project: string, stack: string, preview: boolean, org?: string): void;
    waitForRPCs(): Promise<void>;
  };
  state: {
    withLocalStorage<T>(cb: () => Promise<T>): Promise<T>;
    getStore(): Record<string, unknown> & { settings: Record<string, unknown>; logErrorCount: number };
  };
  config: { setAllConfig(c: Record<string, string>, secretKeys: string[]): void };
  stack: { runInPulumiStack(init: () => Promise<unknown>): Promise<unknown> };
}

const runtimes = new Map<string, PulumiRuntime>();

function pulumiRuntime(programDir: string): PulumiRuntime {
  const pkgJson = resolveFrom("@pulumi/pulumi/package.json", programDir);
  const root = dirname(pkgJson);
  let rt = runtimes.get(root);
  if (!rt) {
    const load = (p: string) => loadModule(join(root, p)) as never;
    rt = {
      MockMonitor: (load("runtime/mocks.js") as { MockMonitor: MockMonitorClass }).MockMonitor,
      debuggable: load("runtime/debuggable.js"),
      settings: load("runtime/settings.js"),
      state: load("runtime/state.js"),
      config: load("runtime/config.js"),
      stack: load("runtime/stack.js"),
    };
    runtimes.set(root, rt);
  }
  return rt;
}

const SEVERITIES: Record<number, Diagnostic["severity"]> = {
  0: "debug",
  1: "info",
  2: "warning",
  3: "error",
};

/** Strip stack traces and Node's "Require stack" lists from a program error. */
export function describeProgramError(err: unknown, programDir: string): string {
  const e = err as { message?: unknown; name?: unknown; code?: unknown } | null;
  let message = e && typeof e.message === "string" ? e.message : String(err);
  message = message.split(/\nRequire stack:/)[0];
  // esbuild transform errors: keep the location lines, drop the noise.
  message = message.replace(/^Transform failed with \d+ errors?:\n/, "");
  message = message
    .split("\n")
    .filter((line) => !/^\s+at /.test(line))
    .join("\n")
    .trim();
  const base = programDir.endsWith("/") ? programDir : `${programDir}/`;
  return message.split(base).join("");
}

/** Rebuild an InputError thrown by the program (possibly from another copy of the class). */
function asInputError(err: unknown): InputError | undefined {
  const e = err as Partial<InputError> | null;
  if (
    e &&
    typeof e === "object" &&
    e.name === "InputError" &&
    typeof e.file === "string" &&
    typeof e.problem === "string" &&
    typeof e.fix === "string"
  ) {
    return new InputError(e.file, e.field ?? "", e.problem, e.fix);
  }
  // Pulumi wraps errors thrown inside component constructors / applies; look one level in.
  const cause = (err as { cause?: unknown } | null)?.cause;
  return cause && cause !== err ? asInputError(cause) : undefined;
}

/**
 * Run `fn` with the SDK's promise leak tracking off. `debuggablePromise` tags every promise the runtime
 * creates (id, context, a stack trace) and tracks it until it settles, to report leaks when a `pulumi`
 * process exits; offline the evaluation ends with `waitForRPCs` and nothing reads the tags, while the
 * bookkeeping costs about a tenth of the CPU time. The SDK calls it through its module object, so
 * swapping the export for the identity while `fn` runs is enough; it is restored afterwards.
 */
async function withoutPromiseTracking<T>(rt: PulumiRuntime, fn: () => Promise<T>): Promise<T> {
  const original = rt.debuggable.debuggablePromise;
  rt.debuggable.debuggablePromise = <P>(p: Promise<P>) => p;
  try {
    return await fn();
  } finally {
    rt.debuggable.debuggablePromise = original;
  }
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Evaluate a Pulumi program for one stack offline. Rejects with `InputError` (bad project/config/release
 * input, including one the program threw), `ProgramError` (the program failed: TypeScript syntax, missing
 * module, exception) or `EvaluationAborted`.
 */
export function evaluateProgram(options: EvaluateOptions): Promise<OfflineStack> {
  if (options.signal?.aborted) return Promise.reject(new EvaluationAborted());
  // The queue waits for each evaluation itself (not the caller's abort), so runs never overlap.
  const evaluation = queue.then(() => {
    if (options.signal?.aborted) throw new EvaluationAborted();
    return evaluateNow(options);
  });
  queue = evaluation.catch(() => undefined);
  const signal = options.signal;
  if (!signal) return evaluation;
  return new Promise<OfflineStack>((resolvePromise, reject) => {
    const onAbort = () => reject(new EvaluationAborted());
    signal.addEventListener("abort", onAbort, { once: true });
    evaluation.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolvePromise(v);
      },
      (e: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}

function evaluateNow(options: EvaluateOptions): Promise<OfflineStack> {
  const project = loadProgramProject(options.programDir);
  const config = loadStackConfig({
    project,
    stack: options.stack,
    configFile: options.configFile,
    overrides: options.config,
  });
  installProgramLoader();
  return runIsolated(pulumiRuntime(project.dir), project.dir, project.entry, config);
}

interface Captured {
  type: string;
  name: string;
  urn: string;
  parent: string;
  custom: boolean;
  remote: boolean;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  secretPaths: string[];
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
  id: string;
  provider?: string;
  version: string;
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, o[k]]),
  );
}

function providerUrn(ref: string): string | undefined {
  if (!ref) return undefined;
  const i = ref.lastIndexOf("::");
  return i > 0 ? ref.slice(0, i) : ref;
}

async function runIsolated(
  rt: PulumiRuntime,
  programDir: string,
  entry: string,
  config: StackConfig,
): Promise<OfflineStack> {
  const captured = new Map<string, Captured>();
  const diagnostics: Diagnostic[] = [];
  const errors: unknown[] = [];
  let stackUrn = "";
  let stackOutputs: Record<string, unknown> = {};
  // The mocks run in the program's realm (see loader.ts): values they return (arrays of availability
  // zones, objects) must be that realm's, or the SDK's `instanceof Array` checks fail under a test runner.
  const { createMocks } = loadModule(join(__dirname, "mocks")) as typeof MocksModule;
  const { mocks } = createMocks({ region: config.region });

  class CapturingMonitor extends rt.MockMonitor {
    override async registerResource(req: RegisterRequest, cb: Callback<RegisterResponse>): Promise<void> {
      return super.registerResource(req, (err, resp) => {
        if (!err && resp) {
          try {
            record(req, resp);
          } catch (e) {
            errors.push(e);
          }
        }
        cb(err, resp);
      });
    }
    override registerResourceOutputs(req: OutputsRequest, cb: Callback<unknown>): void {
      try {
        const urn = req.getUrn();
        const wire = req.getOutputs()?.toJavaScript() ?? {};
        if (urn === stackUrn) {
          stackOutputs = toPlain(wire, { redact: true }).value as Record<string, unknown>;
        } else {
          const c = captured.get(urn);
          if (c) {
            const plain = toPlain(wire);
            c.outputs = plain.value as Record<string, unknown>;
            c.secretPaths = [
              ...new Set([...c.secretPaths, ...plain.secretPaths.map((p) => `outputs.${p}`)]),
            ].sort();
          }
        }
      } catch (e) {
        errors.push(e);
      }
      super.registerResourceOutputs(req, cb);
    }
  }

  function record(req: RegisterRequest, resp: RegisterResponse): void {
    const urn = resp.getUrn();
    const type = req.getType();
    if (type === "pulumi:pulumi:Stack") {
      stackUrn = urn;
      return;
    }
    const inputs = toPlain(req.getObject()?.toJavaScript() ?? {});
    const outputs = toPlain(resp.getObject()?.toJavaScript() ?? {});
    const deps = new Set(req.getDependenciesList());
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((v, k) => {
      const urns = [...new Set(v.getUrnsList())].sort();
      urns.forEach((u) => deps.add(u));
      if (urns.length > 0) propertyDependencies[k] = urns;
    });
    captured.set(urn, {
      type,
      name: req.getName(),
      urn,
      parent: req.getParent(),
      custom: req.getCustom(),
      remote: req.getRemote(),
      inputs: inputs.value as Record<string, unknown>,
      outputs: outputs.value as Record<string, unknown>,
      secretPaths: inputs.secretPaths,
      dependencies: [...deps],
      propertyDependencies,
      id: req.getCustom() ? resp.getId() : "",
      provider: providerUrn(req.getProvider()),
      version: req.getVersion(),
    });
  }

  await rt.state.withLocalStorage(async () => {
    const monitor = new CapturingMonitor(mocks);
    rt.settings.setMockOptions(monitor, config.project, config.stack, false);
    const store = rt.state.getStore();
    Object.assign(store, {
      supportsSecrets: true,
      supportsResourceReferences: true,
      supportsOutputValues: false,
      supportsDeletedWith: true,
      supportsReplaceWith: true,
      supportsAliasSpecs: true,
      supportsTransforms: true,
      supportsInvokeTransforms: true,
      supportsParameterization: true,
      supportsResourceHooks: true,
      supportsErrorHooks: true,
      supportsInvokeDependsOn: false,
    });
    // Route the runtime's log messages to us instead of the console.
    store.settings.engine = {
      log(req: { getSeverity(): number; getMessage(): string; getUrn(): string }, done: () => void) {
        const urn = req.getUrn();
        diagnostics.push({
          severity: SEVERITIES[req.getSeverity()] ?? "info",
          message: req.getMessage(),
          ...(urn ? { urn } : {}),
        });
        done();
      },
      setRootResource(_req: unknown, done: (err: unknown, resp?: unknown) => void) {
        done(null, {});
      },
      requirePulumiVersion(_req: unknown, done: (err: unknown, resp?: unknown) => void) {
        done(null, {});
      },
    };
    const values: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [k, v] of Object.entries(config.values)) {
      values[k] = v.value;
      if (v.secret) secretKeys.push(k);
    }
    rt.config.setAllConfig(values, secretKeys);

    forgetProgramModules(programDir);
    try {
      await withProcessErrorsCaptured(
        (err) => errors.push(err),
        () =>
          withCheapStackTraces(() =>
            withoutPromiseTracking(rt, async () => {
              await rt.stack.runInPulumiStack(async () => {
                let exported = loadModule(entry) as unknown;
                if (typeof exported === "function") exported = await (exported as () => unknown)();
                const mod = exported as Record<string, unknown> | undefined;
                if (
                  mod &&
                  typeof mod.default === "function" &&
                  Object.keys(mod).filter((k) => k !== "__esModule").length === 1
                ) {
                  exported = await (mod.default as () => unknown)();
                }
                return exported;
              });
              await rt.settings.waitForRPCs();
            }),
          ),
      );
    } catch (err) {
      errors.unshift(err);
      await rt.settings.waitForRPCs().catch(() => undefined);
    } finally {
      forgetProgramModules(programDir);
    }
  });

  const logged = diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0 || logged.length > 0) {
    for (const err of errors) {
      const input = asInputError(err);
      if (input) throw input;
    }
    const details = [
      ...new Set([
        ...errors.map((e) => describeProgramError(e, programDir)),
        ...logged.map((d) => describeProgramError({ message: d.message }, programDir)),
      ]),
    ];
    throw new ProgramError(relative(process.cwd(), programDir) || ".", config.stack, details.join("\n"));
  }

  const parentOf = (urn: string) => (urn && urn !== stackUrn ? urn : undefined);
  const resources: CapturedResource[] = [...captured.values()]
    .sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0))
    .map((c) => ({
      type: c.type,
      name: c.name,
      urn: c.urn,
      ...(parentOf(c.parent) ? { parent: c.parent } : {}),
      custom: c.custom,
      ...(c.remote ? { remote: true } : {}),
      inputs: c.inputs,
      outputs: c.outputs,
      secretPaths: c.secretPaths,
      dependencies: c.dependencies.filter((d) => d !== stackUrn && d !== "").sort(),
      ...(Object.keys(c.propertyDependencies).length > 0
        ? { propertyDependencies: sortKeys(c.propertyDependencies) }
        : {}),
      ...(c.id ? { id: c.id } : {}),
      ...(c.provider ? { provider: c.provider } : {}),
      ...(c.version ? { version: c.version } : {}),
    }));

  const shownConfig: Record<string, ConfigValue> = {};
  for (const key of Object.keys(config.values).sort()) {
    const v = config.values[key];
    shownConfig[key] = v.secret ? { value: SECRET_PLACEHOLDER, secret: true } : v;
  }
  return {
    project: config.project,
    stack: config.stack,
    region: config.region,
    resources,
    outputs: stackOutputs,
    config: shownConfig,
    diagnostics: diagnostics.filter((d) => d.severity !== "debug"),
    undecryptableConfig: config.undecryptable,
  };
}
