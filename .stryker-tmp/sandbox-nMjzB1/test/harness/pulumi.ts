/**
 * Helpers for tests under Pulumi's mock runtime (`pulumi.runtime.setMocks` with
 * `automation/engine/mocks`): await an Output's value, wait until registration stops, and pick
 * registrations by type and name. They never assert inside an `apply`: tests `await` real values.
 */
// @ts-nocheck

import type * as pulumi from "@pulumi/pulumi";
import type { MockRegistration } from "../../automation/engine/mocks";
import type { HarnessResource } from "../../policies/harness";

/** The value of an Output, once known (the mock runtime resolves every Output). */
export function value<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply(resolve));
}

/**
 * Wait until the mock runtime stops registering resources: `registrations` did not grow for one
 * `intervalMs` interval.
 */
export async function settle(registrations: readonly MockRegistration[], intervalMs = 25): Promise<void> {
  let last = -1;
  while (last !== registrations.length) {
    last = registrations.length;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Registrations of `type` whose logical name starts with `${prefix}-` (a component's children). */
export function ofType(
  registrations: readonly MockRegistration[],
  type: string,
  prefix: string,
): MockRegistration[] {
  return registrations.filter((r) => r.type === type && r.name.startsWith(`${prefix}-`));
}

/**
 * The one registration named `name` (of `type` when given); throws when there is none or more than
 * one (a component and its child may share a name, so pass the type then).
 */
export function named(
  registrations: readonly MockRegistration[],
  name: string,
  type?: string,
): MockRegistration {
  const found = registrations.filter((r) => r.name === name && (type === undefined || r.type === type));
  if (found.length !== 1)
    throw new Error(`expected one resource named ${name}${type ? ` of ${type}` : ""}, found ${found.length}`);
  return found[0];
}

/**
 * The one registration of `type` named `name`, waiting (polling every 5 ms, up to `timeoutMs`) until the
 * mock runtime has registered it; throws on a timeout or a duplicate.
 */
export async function registered(
  registrations: readonly MockRegistration[],
  type: string,
  name: string,
  timeoutMs = 2000,
): Promise<MockRegistration> {
  for (let waited = 0; waited <= timeoutMs; waited += 5) {
    const found = registrations.filter((r) => r.type === type && r.name === name);
    if (found.length > 1) throw new Error(`${type} ${name} registered ${found.length} times`);
    if (found.length === 1) return found[0];
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`expected ${type} ${name} to be registered within ${timeoutMs} ms`);
}

/** The helpers above bound to one `registrations` array (from `createMocks`). */
export function inspect(registrations: readonly MockRegistration[]) {
  return {
    settle: (intervalMs?: number) => settle(registrations, intervalMs),
    ofType: (prefix: string, type: string) => ofType(registrations, type, prefix),
    named: (name: string, type?: string) => named(registrations, name, type),
    registered: (type: string, name: string, timeoutMs?: number) =>
      registered(registrations, type, name, timeoutMs),
  };
}

/**
 * Registrations as the policy analyzer sees them (`policies/harness` resources): URN in `stack`, inputs
 * as props, outputs with an `id`, and (for custom resources) `provider`, e.g. the stack's aws provider
 * with its default tags.
 */
export function asAnalyzed(
  registrations: readonly MockRegistration[],
  provider?: HarnessResource["provider"],
  stack = "production",
): HarnessResource[] {
  return registrations.map((r) => ({
    type: r.type,
    name: r.name,
    urn: `urn:pulumi:${stack}::slipway::${r.type}::${r.name}`,
    props: r.inputs,
    outputs: { ...r.outputs, id: `${r.name}-id` },
    id: `${r.name}-id`,
    ...(provider !== undefined && r.custom ? { provider } : {}),
  }));
}
