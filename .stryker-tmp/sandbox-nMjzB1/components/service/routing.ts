/**
 * Pure release-topology logic of a service: which colours run which version, how the shared listener's
 * rules route traffic to them (weighted forward + header-routed idle rule), and the validation of those
 * inputs. No Pulumi here: table-tested in `routing.test.ts`.
 */
// @ts-nocheck

import {
  COLOURS,
  isTwoColourStrategy,
  otherColour,
  STRATEGIES,
  type Colour,
  type Strategy,
} from "../../lib/strategy";

export const DEFAULT_IDLE_ROUTE_HEADER = "x-slipway-colour";

/** One running colour of a service. */
export interface ColourSlot {
  readonly colour: Colour;
  readonly version: string;
  /** Percent of the forward rule's traffic (0..100). */
  readonly weight: number;
}

/** The colours a service runs and which one is active. */
export interface ColourPlan {
  /** True when the service runs two colours (API service with a two-colour strategy). */
  readonly twoColour: boolean;
  readonly slots: readonly ColourSlot[];
  readonly activeColour: Colour;
  /** The colour behind the header route (two-colour only). */
  readonly idleColour?: Colour;
  readonly idleWeight: number;
}

export interface ColourPlanInput {
  readonly kind: "api" | "worker";
  readonly strategy: Strategy;
  readonly version: string;
  readonly activeColour?: Colour;
  readonly idleVersion?: string;
  readonly idleWeight?: number;
}

/** Image tags: letters, digits, `_`, `.`, `-`, up to 128 characters, not starting with `.` or `-`. */
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/**
 * Validate the release inputs; returns problems as `path: message` strings (empty when valid). `path` is
 * the prefix of the argument paths, e.g. `args`.
 */
export function validateColourPlanInput(input: ColourPlanInput, path = "args"): string[] {
  const errors: string[] = [];
  if (!STRATEGIES.includes(input.strategy)) {
    errors.push(
      `${path}.strategy: must be one of ${STRATEGIES.join(", ")} (got ${JSON.stringify(input.strategy)})`,
    );
  }
  if (typeof input.version !== "string" || !IMAGE_TAG.test(input.version)) {
    errors.push(
      `${path}.release.version: must be a valid image tag (letters, digits, '_', '.', '-'; got ${JSON.stringify(input.version)})`,
    );
  }
  if (input.idleVersion !== undefined && !IMAGE_TAG.test(input.idleVersion)) {
    errors.push(
      `${path}.release.idleVersion: must be a valid image tag (got ${JSON.stringify(input.idleVersion)})`,
    );
  }
  if (input.activeColour !== undefined && !COLOURS.includes(input.activeColour)) {
    errors.push(
      `${path}.release.activeColour: must be "blue" or "green" (got ${JSON.stringify(input.activeColour)})`,
    );
  }
  const w = input.idleWeight;
  if (w !== undefined && (!Number.isInteger(w) || w < 0 || w > 100)) {
    errors.push(`${path}.release.idleWeight: must be an integer from 0 to 100 (got ${JSON.stringify(w)})`);
  }
  if (
    w !== undefined &&
    w > 0 &&
    STRATEGIES.includes(input.strategy) &&
    !isTwoColourStrategy(input.strategy) &&
    input.kind === "api"
  ) {
    errors.push(
      `${path}.release.idleWeight: only blue_green and canary route traffic to an idle colour; strategy ${input.strategy} needs 0 (got ${w})`,
    );
  }
  return errors;
}

/**
 * The colours a service runs. API services under `blue_green`/`canary` run blue and green: the active
 * colour takes `100 - idleWeight` percent, the idle colour `idleWeight`. Every other case (workers, or
 * `rolling`/`direct`) runs one service, colour `blue`, on `version` with all traffic.
 * Call {@link validateColourPlanInput} first.
 */
export function colourPlan(input: ColourPlanInput): ColourPlan {
  if (input.kind === "api" && isTwoColourStrategy(input.strategy)) {
    const active = input.activeColour ?? "blue";
    const idle = otherColour(active);
    const idleWeight = input.idleWeight ?? 0;
    const versions: Record<Colour, string> = {
      [active]: input.version,
      [idle]: input.idleVersion ?? input.version,
    } as Record<Colour, string>;
    const weights: Record<Colour, number> = { [active]: 100 - idleWeight, [idle]: idleWeight } as Record<
      Colour,
      number
    >;
    return {
      twoColour: true,
      slots: COLOURS.map((colour) => ({ colour, version: versions[colour], weight: weights[colour] })),
      activeColour: active,
      idleColour: idle,
      idleWeight,
    };
  }
  return {
    twoColour: false,
    slots: [{ colour: "blue", version: input.version, weight: 100 }],
    activeColour: "blue",
    idleWeight: 0,
  };
}

/** A listener rule condition in the shape of `aws.lb.ListenerRule`'s `conditions`. */
export type RuleCondition =
  | { readonly pathPattern: { readonly values: string[] } }
  | { readonly httpHeader: { readonly httpHeaderName: string; readonly values: string[] } };

/** A listener rule, with target groups named by colour (the component maps them to ARNs). */
export interface RuleSpec {
  /** Logical role, used in the resource name: `idle-route` or `forward`. */
  readonly role: "idle-route" | "forward";
  readonly priority: number;
  readonly conditions: readonly RuleCondition[];
  /** Forward targets with weights (a single target has weight 100). */
  readonly targets: readonly { readonly colour: Colour; readonly weight: number }[];
}

export interface ListenerRulesInput {
  readonly plan: ColourPlan;
  readonly pathPatterns: readonly string[];
  readonly priority: number;
  readonly header: string;
}

/** ALB listener rule priorities are 1..50000; a service uses `priority` and `priority + 1`. */
export const MAX_LISTENER_PRIORITY = 49999;

/**
 * Listener rules of an API service. Two colours: a header rule at `priority` (header == idle colour ->
 * idle target group only) and a weighted forward rule at `priority + 1`. One colour: the forward rule only,
 * still at `priority + 1` so a strategy change does not renumber it.
 */
export function listenerRules(input: ListenerRulesInput): RuleSpec[] {
  const path: RuleCondition = { pathPattern: { values: [...input.pathPatterns] } };
  const rules: RuleSpec[] = [];
  if (input.plan.twoColour && input.plan.idleColour) {
    rules.push({
      role: "idle-route",
      priority: input.priority,
      conditions: [path, { httpHeader: { httpHeaderName: input.header, values: [input.plan.idleColour] } }],
      targets: [{ colour: input.plan.idleColour, weight: 100 }],
    });
  }
  rules.push({
    role: "forward",
    priority: input.priority + 1,
    conditions: [path],
    targets: input.plan.slots.map((s) => ({ colour: s.colour, weight: s.weight })),
  });
  return rules;
}

/** Validate the routing arguments of an API service (`path` is the argument prefix). */
export function validateRouting(
  input: { readonly pathPatterns: readonly string[]; readonly priority: number; readonly header: string },
  path = "args",
): string[] {
  const errors: string[] = [];
  // An ALB rule allows 5 condition values; the idle-route rule adds the header value to the paths.
  if (input.pathPatterns.length < 1 || input.pathPatterns.length > 4) {
    errors.push(
      `${path}.pathPatterns: needs 1 to 4 patterns (an ALB rule takes 5 condition values, one is the colour header; got ${input.pathPatterns.length})`,
    );
  }
  input.pathPatterns.forEach((p, i) => {
    if (typeof p !== "string" || !p.startsWith("/") || p.length > 128) {
      errors.push(
        `${path}.pathPatterns[${i}]: must start with "/" and be at most 128 characters (got ${JSON.stringify(p)})`,
      );
    }
  });
  if (!Number.isInteger(input.priority) || input.priority < 1 || input.priority > MAX_LISTENER_PRIORITY) {
    errors.push(
      `${path}.listenerPriority: must be an integer from 1 to ${MAX_LISTENER_PRIORITY} (the forward rule uses priority + 1; got ${JSON.stringify(input.priority)})`,
    );
  }
  if (!/^[A-Za-z0-9-]{1,40}$/.test(input.header)) {
    errors.push(
      `${path}.idleRouteHeader: must be 1-40 letters, digits or '-' (got ${JSON.stringify(input.header)})`,
    );
  }
  return errors;
}
