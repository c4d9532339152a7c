/**
 * Deployment strategies and the two-colour rule, shared by the program, the planner and the driver.
 * Imports nothing of the project.
 */
// @ts-nocheck


/** The deployment strategies slipway carries out (the architect packet's `deployment_strategy`). */
export type Strategy = "blue_green" | "canary" | "rolling" | "direct";

/** Every strategy, in the order messages list them. */
export const STRATEGIES: readonly Strategy[] = ["blue_green", "canary", "rolling", "direct"];

/** Colour of an API service when the release strategy runs two of them. */
export type Colour = "blue" | "green";

export const COLOURS: readonly Colour[] = ["blue", "green"];

/** `true` for a value that names a strategy. */
export function isStrategy(value: unknown): value is Strategy {
  return typeof value === "string" && (STRATEGIES as readonly string[]).includes(value);
}

/** `true` for the strategies that run two colours side by side (blue-green and canary). */
export function isTwoColourStrategy(strategy: Strategy): boolean {
  return strategy === "blue_green" || strategy === "canary";
}

/** The other colour. */
export function otherColour(colour: Colour): Colour {
  return colour === "blue" ? "green" : "blue";
}
