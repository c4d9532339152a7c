/** ECS task definition container definitions (a JSON string input, or an array in outputs). */
// @ts-nocheck

import { asArray, asRecord, parseJson } from "../lib/props";

export interface ContainerDefinition {
  readonly name: string;
  readonly raw: Record<string, unknown>;
}

/** The container definitions of a task definition, or undefined when they cannot be read. */
export function containersOf(containerDefinitions: unknown): ContainerDefinition[] | undefined {
  const parsed = parseJson(containerDefinitions);
  if (!Array.isArray(parsed)) return undefined;
  return asArray(parsed).flatMap((c, i) => {
    const raw = asRecord(c);
    return raw ? [{ name: typeof raw.name === "string" ? raw.name : `#${i}`, raw }] : [];
  });
}

/** `[{ name, value }]` environment entries of a container. */
export function environmentOf(c: ContainerDefinition): { name: string; value: unknown }[] {
  return asArray(c.raw.environment).flatMap((e) => {
    const r = asRecord(e);
    return r && typeof r.name === "string" ? [{ name: r.name, value: r.value }] : [];
  });
}
