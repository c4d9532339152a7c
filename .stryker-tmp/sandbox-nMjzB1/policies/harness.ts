/**
 * In-process evaluation of CrossGuard policies, with the semantics of the `@pulumi/policy` analyzer
 * server (node_modules/@pulumi/policy/server.js) but without gRPC or the Pulumi CLI:
 *
 * - every enabled `ResourceValidationPolicy` runs `validateResource` once per resource with the
 *   resource's inputs as `props`, real `isType` / `asType` (type token or `isInstance`), `getConfig`,
 *   `notApplicable`, and the fast path on a validation function's attached `__pulumiType`;
 * - every enabled `StackValidationPolicy` runs `validateStack` once with all resources (their outputs
 *   as `props`, parents and dependencies linked to the resource objects, as the engine does);
 * - enforcement level: per-policy config, else the policy's own, else the pack default (`advisory`,
 *   as in `PolicyPack`); `disabled` skips the policy; `remediate` reports as `mandatory`;
 * - policy config is validated against the policy's `configSchema` with top-level defaults applied
 *   (as the Pulumi CLI does before calling `Configure`); `getConfig` never returns `enforcementLevel`;
 * - reading a value that is unknown (preview sentinels from `@pulumi/policy/proxy`) turns into an
 *   advisory "can't run during preview" violation, as in the real analyzer.
 *
 * Used by the policy tests and by the offline `npm run policy` / `npm run plan` runner.
 */
// @ts-nocheck

import Ajv, { type ValidateFunction } from "ajv";
import type {
  EnforcementLevel,
  Policies,
  PolicyPackConfig,
  PolicyProviderResource,
  PolicyResource,
  PolicyResourceOptions,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";

/** A resource as the harness sees it (what a preview would send to the analyzer). */
export interface HarnessResource {
  /** Type token, e.g. `aws:s3/bucket:Bucket`. */
  readonly type: string;
  /** Logical name. */
  readonly name: string;
  readonly urn: string;
  /** The resource's inputs (secret values already unwrapped). */
  readonly props: Record<string, unknown>;
  /**
   * The resource's outputs as stack policies see them (the engine passes outputs to `validateStack`).
   * @default props (plus `id` when given)
   */
  readonly outputs?: Record<string, unknown>;
  /** Provider-assigned id, when known; added to the stack-policy props as `id` if absent there. */
  readonly id?: string;
  /** URN of the parent resource. */
  readonly parent?: string;
  /** URNs this resource depends on. */
  readonly dependencies?: readonly string[];
  /** URNs each input property depends on. */
  readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
  /** The provider: its URN (reference string, optionally `urn::id`) or a full description. */
  readonly provider?: string | PolicyProviderResource;
  /** Resource options. @default not protected, no ignoreChanges, no aliases */
  readonly opts?: Partial<PolicyResourceOptions>;
}

export interface HarnessOptions {
  /**
   * Policy pack config, keyed by policy name: an enforcement level, or an object with an optional
   * `enforcementLevel` and the policy's config properties. The key `all` sets every policy's level.
   */
  readonly config?: PolicyPackConfig;
  /** The pack's default enforcement level. @default "advisory" (as `PolicyPack`) */
  readonly enforcementLevel?: EnforcementLevel;
  /**
   * Environment type of the stack (`staging`, `production`, `development`): set as the
   * `environmentType` config property of every policy whose config schema declares it, unless the
   * config for that policy sets it explicitly.
   */
  readonly environmentType?: string;
  /** Stack tags. @default none */
  readonly stackTags?: Readonly<Record<string, string>>;
}

/** One reported violation. */
export interface Violation {
  readonly policy: string;
  readonly enforcementLevel: "advisory" | "mandatory";
  /** The message the policy reported (how to fix it). */
  readonly message: string;
  /** The policy's one-line description. */
  readonly description: string;
  /** The resource blamed (always set for resource policies; set by stack policies that name one). */
  readonly urn?: string;
}

export interface NotApplicable {
  readonly policy: string;
  readonly reason?: string;
}

export interface HarnessResult {
  readonly violations: Violation[];
  /** Policies that declared themselves not applicable (per resource for resource policies). */
  readonly notApplicable: NotApplicable[];
}

/** Thrown when a policy's config does not match its schema, or a policy throws. */
export class PolicyEvaluationError extends Error {
  constructor(
    readonly policy: string,
    message: string,
  ) {
    super(`policy '${policy}': ${message}`);
    this.name = "PolicyEvaluationError";
  }
}

class NotApplicableError extends Error {
  constructor(readonly reason?: string) {
    super(reason ?? "Policy does not apply");
  }
}

function throwNotApplicable(reason?: string): never {
  throw new NotApplicableError(reason);
}

type ResourceClass = { new (...rest: never[]): unknown; __pulumiType?: unknown; isInstance?: unknown };

/** The Pulumi type token attached to a resource class or validation function, if any. */
export function pulumiTypeOf(obj: unknown): string | undefined {
  const t = (obj as { __pulumiType?: unknown } | undefined)?.__pulumiType;
  return typeof t === "string" && t.length > 0 ? t : undefined;
}

function isTypeOf(type: string, resourceClass: ResourceClass): boolean {
  const pulumiType = pulumiTypeOf(resourceClass);
  if (pulumiType) return type === pulumiType;
  const isInstance = resourceClass.isInstance;
  return typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
}

function isResourcePolicy(p: Policies[number]): p is ResourceValidationPolicy {
  const v = (p as ResourceValidationPolicy).validateResource;
  return typeof v === "function" || (Array.isArray(v) && v.every((f) => typeof f === "function"));
}

function isStackPolicy(p: Policies[number]): p is StackValidationPolicy {
  return typeof (p as StackValidationPolicy).validateStack === "function";
}

const ajv = new Ajv({ useDefaults: true, allErrors: true, strict: false });
/** Compiled config validators, per schema object. */
const compiled = new WeakMap<object, ValidateFunction>();

type PolicyConfigEntry =
  EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>);

const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/**
 * The effective enforcement level of a policy: its config entry, else the `all` entry, else its own,
 * else the pack default. Throws `PolicyEvaluationError` for a level that does not exist.
 */
export function effectiveEnforcementLevel(
  policy: Policies[number],
  options: HarnessOptions = {},
): EnforcementLevel {
  const entry = options.config?.[policy.name] as PolicyConfigEntry | undefined;
  const all = options.config?.["all"] as PolicyConfigEntry | undefined;
  const fromEntry = typeof entry === "string" ? entry : entry?.enforcementLevel;
  const fromAll = typeof all === "string" ? all : all?.enforcementLevel;
  const level = fromEntry ?? fromAll ?? policy.enforcementLevel ?? options.enforcementLevel ?? "advisory";
  if (!LEVELS.includes(level)) {
    throw new PolicyEvaluationError(
      policy.name,
      `invalid enforcement level '${String(level)}' (use ${LEVELS.join(", ")})`,
    );
  }
  return level;
}

/**
 * The config a policy's `getConfig()` returns: the given properties (minus `enforcementLevel`),
 * `environmentType` from the options where the schema declares it, schema defaults applied, validated.
 */
export function resolvePolicyConfig(
  policy: Policies[number],
  options: HarnessOptions = {},
): Record<string, unknown> {
  const entry = options.config?.[policy.name] as PolicyConfigEntry | undefined;
  const given: Record<string, unknown> = typeof entry === "object" && entry !== null ? { ...entry } : {};
  delete given.enforcementLevel;
  const schema = policy.configSchema;
  if (!schema) return given;
  if (
    options.environmentType !== undefined &&
    schema.properties.environmentType !== undefined &&
    given.environmentType === undefined
  ) {
    given.environmentType = options.environmentType;
  }
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile({ type: "object", ...schema });
    compiled.set(schema, validate);
  }
  const config = clonePlain(given) as Record<string, unknown>;
  if (!validate(config)) {
    const problems = (validate.errors ?? [])
      .map((e) => `${e.instancePath || "(config)"} ${e.message ?? "is invalid"}`)
      .join("; ");
    throw new PolicyEvaluationError(policy.name, `invalid config: ${problems}`);
  }
  return config;
}

const defaultOpts: PolicyResourceOptions = {
  protect: false,
  ignoreChanges: [],
  aliases: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  additionalSecretOutputs: [],
};

function optionsOf(r: HarnessResource): PolicyResourceOptions {
  const opts: PolicyResourceOptions = { ...defaultOpts, ...r.opts };
  if (r.parent !== undefined && opts.parent === undefined) opts.parent = r.parent;
  return opts;
}

function providerOf(
  r: HarnessResource,
  byUrn: ReadonlyMap<string, HarnessResource>,
): PolicyProviderResource | undefined {
  if (r.provider === undefined) return undefined;
  if (typeof r.provider !== "string") return r.provider;
  // A provider reference is `urn::id`; the URN itself contains `::`, the id is the last segment.
  const ref = r.provider;
  const urn = byUrn.has(ref) ? ref : ref.slice(0, ref.lastIndexOf("::"));
  const p = byUrn.get(urn);
  const fallbackName = urn.slice(urn.lastIndexOf("::") + 2);
  const typeMatch = /::([^:]*:[^:]*:[^:]*)::[^:]*$/.exec(urn);
  return {
    type: p?.type ?? typeMatch?.[1]?.split("$").pop() ?? "",
    name: p?.name ?? fallbackName,
    urn,
    props: (unknownCheckingProxy(p?.props ?? {}) as Record<string, unknown>) ?? {},
  };
}

/**
 * A deep copy of plain data (arrays and plain objects are copied; other values are shared). Not
 * `structuredClone`: its objects come from the outer realm under jest and would escape the proxy.
 */
function clonePlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clonePlain);
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clonePlain(v)]));
  }
  return value;
}

/** A plain object from any realm (not an asset, archive or other class instance). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
  return proto === null || (proto.constructor?.name === "Object" && Object.getPrototypeOf(proto) === null);
}

function cloneProps(props: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(props)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, clonePlain(v)]),
  );
}

function describeError(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Evaluate `policies` against `resources` and return every violation, in policy order (resource
 * policies first, as the engine reports them during registration, then stack policies).
 */
export async function evaluatePolicies(
  policies: Policies,
  resources: readonly HarnessResource[],
  options: HarnessOptions = {},
): Promise<HarnessResult> {
  const violations: Violation[] = [];
  const notApplicable: NotApplicable[] = [];
  const stackTags: ReadonlyMap<string, string> = new Map(Object.entries(options.stackTags ?? {}));
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const providers = new Map(resources.map((r) => [r.urn, providerOf(r, byUrn)]));

  const seen = new Set<string>();
  for (const p of policies) {
    if (p.name === "all") throw new PolicyEvaluationError(p.name, `"all" is a reserved policy name`);
    if (seen.has(p.name)) throw new PolicyEvaluationError(p.name, "duplicate policy name");
    seen.add(p.name);
  }

  const active = policies
    .map((p) => ({ p, level: effectiveEnforcementLevel(p, options) }))
    .filter(({ level }) => level !== "disabled")
    .map(({ p, level }) => ({
      p,
      level: (level === "remediate" ? "mandatory" : level) as "advisory" | "mandatory",
      config: resolvePolicyConfig(p, options),
    }));

  const reporter =
    (p: Policies[number], level: "advisory" | "mandatory", fixedUrn?: string): ReportViolation =>
    (message: string, urn?: string) => {
      violations.push({
        policy: p.name,
        enforcementLevel: level,
        message,
        description: p.description,
        ...((fixedUrn ?? urn) !== undefined ? { urn: fixedUrn ?? urn } : {}),
      });
    };

  const handle = (p: Policies[number], e: unknown, urn?: string): void => {
    if (e instanceof NotApplicableError) {
      notApplicable.push({ policy: p.name, ...(e.reason !== undefined ? { reason: e.reason } : {}) });
    } else if (e instanceof UnknownValueError) {
      violations.push({
        policy: p.name,
        enforcementLevel: "advisory",
        message: `can't run policy '${p.name}' during preview: ${describeError(e)}`,
        description: p.description,
        ...(urn !== undefined ? { urn } : {}),
      });
    } else {
      throw new PolicyEvaluationError(p.name, `error validating ${urn ?? "the stack"}: ${describeError(e)}`);
    }
  };

  // Resource policies, one resource at a time (inputs).
  for (const { p, level, config } of active) {
    if (!isResourcePolicy(p)) continue;
    const validations = Array.isArray(p.validateResource) ? p.validateResource : [p.validateResource!];
    const fastType = validations.length === 1 ? pulumiTypeOf(validations[0]) : undefined;
    for (const r of resources) {
      if (fastType !== undefined && r.type !== fastType) {
        notApplicable.push({
          policy: p.name,
          reason: `Policy only applies to resources of type '${fastType}'`,
        });
        continue;
      }
      const report = reporter(p, level, r.urn);
      for (const validation of validations) {
        try {
          // Each validation gets its own copy of the inputs (as each analyzer call deserialises its
          // own), made lazily: most policies look at the type and return.
          let props: Record<string, unknown> | undefined;
          const propsOf = () =>
            (props ??= unknownCheckingProxy(cloneProps(r.props)) as Record<string, unknown>);
          const provider = providers.get(r.urn);
          const args: ResourceValidationArgs = {
            type: r.type,
            get props() {
              return propsOf();
            },
            urn: r.urn,
            name: r.name,
            opts: optionsOf(r),
            stackTags,
            isType: (cls) => isTypeOf(r.type, cls as ResourceClass),
            asType: ((cls: ResourceClass) =>
              isTypeOf(r.type, cls) ? propsOf() : undefined) as ResourceValidationArgs["asType"],
            getConfig: <T extends object>() => clonePlain(config) as T,
            notApplicable: throwNotApplicable,
            ...(provider !== undefined ? { provider } : {}),
          };
          const result = validation(args, report);
          if (result !== undefined) await result;
        } catch (e) {
          handle(p, e, r.urn);
        }
      }
    }
  }

  // Stack policies, once, over all resources (outputs), with parents and dependencies linked.
  for (const { p, level, config } of active) {
    if (!isStackPolicy(p)) continue;
    const fastType = pulumiTypeOf(p.validateStack);
    if (fastType !== undefined && !resources.some((r) => r.type === fastType)) {
      notApplicable.push({
        policy: p.name,
        reason: `Policy only applies to resources of type '${fastType}'`,
      });
      continue;
    }
    try {
      const nodes = new Map<string, PolicyResource>();
      for (const r of resources) {
        // A fresh copy of the outputs per policy (as the analyzer deserialises per call), made lazily:
        // stack policies mostly read the few resource types they join.
        let props: Record<string, unknown> | undefined;
        const propsOf = () => {
          if (props === undefined) {
            const raw = { ...cloneProps(r.outputs ?? r.props) };
            if (r.id !== undefined && raw.id === undefined) raw.id = r.id;
            props = unknownCheckingProxy(raw) as Record<string, unknown>;
          }
          return props;
        };
        const provider = providers.get(r.urn);
        const node: PolicyResource = {
          type: r.type,
          get props() {
            return propsOf();
          },
          urn: r.urn,
          name: r.name,
          opts: optionsOf(r),
          dependencies: [],
          propertyDependencies: {},
          isType: (cls) => isTypeOf(r.type, cls as ResourceClass),
          asType: ((cls: ResourceClass) =>
            isTypeOf(r.type, cls) ? propsOf() : undefined) as PolicyResource["asType"],
          ...(provider !== undefined ? { provider } : {}),
        };
        nodes.set(r.urn, node);
      }
      for (const r of resources) {
        const node = nodes.get(r.urn)!;
        if (r.parent !== undefined && nodes.has(r.parent)) node.parent = nodes.get(r.parent);
        node.dependencies = (r.dependencies ?? []).flatMap((d) => (nodes.has(d) ? [nodes.get(d)!] : []));
        for (const [k, urns] of Object.entries(r.propertyDependencies ?? {})) {
          node.propertyDependencies[k] = urns.flatMap((d) => (nodes.has(d) ? [nodes.get(d)!] : []));
        }
      }
      const args: StackValidationArgs = {
        resources: [...nodes.values()],
        stackTags,
        getConfig: <T extends object>() => clonePlain(config) as T,
        notApplicable: throwNotApplicable,
      };
      await Promise.resolve(p.validateStack(args, reporter(p, level)));
    } catch (e) {
      handle(p, e);
    }
  }

  return { violations, notApplicable };
}

/** The mandatory violations of a result. */
export function mandatoryViolations(result: HarnessResult): Violation[] {
  return result.violations.filter((v) => v.enforcementLevel === "mandatory");
}
