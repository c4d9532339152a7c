/**
 * What `pulumi preview --policy-pack` sends the analyzer for a program, built from an offline
 * evaluation. The mock runtime records only what the program registers; the engine adds to it:
 *
 * - the stack resource (`pulumi:pulumi:Stack`), parent of the program's top-level resources;
 * - a default provider per package (`pulumi:providers:aws::default_7_48_0`) for every custom resource
 *   registered without an explicit provider, whose inputs are the stack config of that package
 *   (`aws:region`, `aws:defaultTags`, ...: strings, objects JSON-encoded, as in `Pulumi.<stack>.yaml`),
 *   so policies reading `provider.props` (e.g. `require-tags` and `aws:defaultTags`) see them;
 * - explicit providers and component resources as the program registered them: a resource with an
 *   explicit provider (its own `provider` option or one inherited from a component's `providers`)
 *   points at that provider resource and never at the stack config; a component is analysed with the
 *   inputs it sent (none for a local component) and its children with their own.
 *
 * Pure: no Pulumi calls.
 */
// @ts-nocheck

import type { HarnessResource } from "../../policies/harness";
import type { CapturedResource, ConfigValue } from "../engine/types";

/** The parts of an evaluated stack the view needs. */
export interface EvaluatedForPolicies {
  readonly project: string;
  readonly stack: string;
  readonly resources: readonly CapturedResource[];
  /** Effective stack config, namespaced keys (`aws:region`). */
  readonly config: Readonly<Record<string, ConfigValue>>;
}

const PROVIDER_PREFIX = "pulumi:providers:";

/** The URN of the stack resource, as the engine names it. */
export function stackUrnOf(stack: Pick<EvaluatedForPolicies, "project" | "stack">): string {
  return `urn:pulumi:${stack.stack}::${stack.project}::pulumi:pulumi:Stack::${stack.project}-${stack.stack}`;
}

/** The engine's name for the default provider of a package version (`default`, `default_7_48_0`). */
export function defaultProviderName(version: string | undefined): string {
  return version ? `default_${version.replace(/[.-]/g, "_")}` : "default";
}

/** The inputs of a package's default provider: the stack config in its namespace, plus `version`. */
export function defaultProviderInputs(
  pkg: string,
  config: Readonly<Record<string, ConfigValue>>,
  version: string | undefined,
): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  const prefix = `${pkg}:`;
  for (const [key, v] of Object.entries(config)) {
    if (key.startsWith(prefix) && !key.slice(prefix.length).includes(":")) {
      inputs[key.slice(prefix.length)] = v.value;
    }
  }
  if (version) inputs.version = version;
  return inputs;
}

/** A captured resource as the analyzer receives it. */
export function toHarnessResource(r: CapturedResource): HarnessResource {
  return {
    type: r.type,
    name: r.name,
    urn: r.urn,
    props: r.inputs,
    outputs: r.id !== undefined && r.outputs.id === undefined ? { ...r.outputs, id: r.id } : r.outputs,
    ...(r.id !== undefined ? { id: r.id } : {}),
    ...(r.parent !== undefined ? { parent: r.parent } : {}),
    dependencies: r.dependencies,
    ...(r.propertyDependencies ? { propertyDependencies: r.propertyDependencies } : {}),
    ...(r.provider !== undefined ? { provider: r.provider } : {}),
  };
}

/**
 * Every resource the analyzer would see for the stack: the stack resource first, the default
 * providers the program's resources use, then the program's resources (parented to the stack where
 * the program gave no parent, on their default provider where it gave no provider).
 */
export function analyzerResources(stack: EvaluatedForPolicies): HarnessResource[] {
  const stackUrn = stackUrnOf(stack);
  const defaults = new Map<string, HarnessResource>();
  const defaultProviderFor = (r: CapturedResource): string => {
    const pkg = r.type.split(":")[0];
    const name = defaultProviderName(r.version);
    const urn = `urn:pulumi:${stack.stack}::${stack.project}::${PROVIDER_PREFIX}${pkg}::${name}`;
    if (!defaults.has(urn)) {
      const inputs = defaultProviderInputs(pkg, stack.config, r.version);
      defaults.set(urn, {
        type: `${PROVIDER_PREFIX}${pkg}`,
        name,
        urn,
        props: inputs,
        id: "default",
        parent: stackUrn,
      });
    }
    return urn;
  };
  const program = stack.resources.map((r): HarnessResource => {
    const base = toHarnessResource(r);
    const usesDefault = r.custom && r.provider === undefined && !r.type.startsWith(PROVIDER_PREFIX);
    return {
      ...base,
      parent: r.parent ?? stackUrn,
      ...(usesDefault ? { provider: defaultProviderFor(r) } : {}),
    };
  });
  const stackResource: HarnessResource = {
    type: "pulumi:pulumi:Stack",
    name: `${stack.project}-${stack.stack}`,
    urn: stackUrn,
    props: {},
  };
  return [stackResource, ...defaults.values(), ...program];
}
