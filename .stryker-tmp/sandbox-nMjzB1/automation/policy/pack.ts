/**
 * Loading a CrossGuard policy pack (a directory with `PulumiPolicy.yaml` and an entry that constructs a
 * `PolicyPack`) without serving it: `new PolicyPack(...)` normally starts the analyzer's gRPC server for
 * the Pulumi CLI; here the constructor is swapped, for the time of the load, for one that records the
 * pack's name, policies, default enforcement level and initial config. The same policy code therefore
 * runs offline and under `pulumi preview --policy-pack`.
 */
// @ts-nocheck

import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { EnforcementLevel, Policies, PolicyPackArgs, PolicyPackConfig } from "@pulumi/policy";
import { InputError } from "../../lib/errors";
import { forgetProgramModules, installProgramLoader, loadModule, resolveFrom } from "../engine/loader";

/** A policy pack as loaded. */
export interface LoadedPolicyPack {
  readonly dir: string;
  readonly name: string;
  readonly policies: Policies;
  /** The pack's default enforcement level. @default "advisory" */
  readonly enforcementLevel: EnforcementLevel;
  /** Config passed as the pack's third constructor argument, if any. */
  readonly initialConfig?: PolicyPackConfig;
}

const packs = new Map<string, LoadedPolicyPack>();

/** Load (once per process) the policy pack in `dir`. Throws `InputError` when there is none. */
export function loadPolicyPack(dir: string): LoadedPolicyPack {
  const root = resolve(dir);
  const cached = packs.get(root);
  if (cached) return cached;
  if (!existsSync(join(root, "PulumiPolicy.yaml"))) {
    throw new InputError(
      join(root, "PulumiPolicy.yaml"),
      "",
      "not found",
      "pass the directory of a CrossGuard policy pack (it has a PulumiPolicy.yaml)",
    );
  }
  const entry = ["index.ts", "index.js"].map((f) => join(root, f)).find((f) => existsSync(f));
  if (!entry) throw new InputError(join(root, "index.ts"), "", "not found", "add the pack's entry file");

  installProgramLoader();
  const policyModule = loadModule(resolveFrom("@pulumi/policy/policy", root)) as {
    PolicyPack: new (name: string, args: PolicyPackArgs, initialConfig?: PolicyPackConfig) => unknown;
  };
  const original = policyModule.PolicyPack;
  const constructed: LoadedPolicyPack[] = [];
  policyModule.PolicyPack = class RecordingPolicyPack {
    constructor(name: string, args: PolicyPackArgs, initialConfig?: PolicyPackConfig) {
      constructed.push({
        dir: root,
        name,
        policies: args.policies,
        enforcementLevel: args.enforcementLevel ?? "advisory",
        ...(initialConfig ? { initialConfig } : {}),
      });
    }
  };
  try {
    forgetProgramModules(root);
    loadModule(entry);
  } catch (err) {
    const message = (err as { message?: unknown } | null)?.message;
    throw new InputError(
      entry,
      "",
      `the policy pack failed to load: ${String(message ?? err).split("\nRequire stack:")[0]}`,
      "fix the policy pack",
    );
  } finally {
    policyModule.PolicyPack = original;
  }
  if (constructed.length !== 1) {
    throw new InputError(
      entry,
      "",
      `constructs ${constructed.length} policy packs`,
      "construct exactly one PolicyPack in the entry",
    );
  }
  packs.set(root, constructed[0]);
  return constructed[0];
}
