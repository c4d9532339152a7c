/**
 * What needs the release as well as the config (pure): each service's effective size, overrides and
 * rotations for names the release does not have, and the release state (colours, versions, weights).
 */
import { InputError } from "../lib/errors";
import { type Colour, isTwoColourStrategy, otherColour } from "../lib/strategy";
import type { Strategy } from "../release/model";
import { throwInputErrors } from "../release/program";
import { sizeIssues } from "./checks";
import { NAMESPACE } from "./declarations";
import type { ServiceSize, StackConfig } from "./types";

/** A service's effective settings: kind defaults overlaid with its `slipway:services.<name>` override. */
export interface ResolvedService extends ServiceSize {
  readonly image?: string;
  readonly buildContext?: string;
  readonly dockerfile?: string;
}

/** Problems with one service's effective settings, as InputErrors naming its override keys (pure). */
function serviceSettingsIssues(config: StackConfig, name: string, merged: ServiceSize): InputError[] {
  return sizeIssues(merged, `${NAMESPACE}:services.${name}.`).map(([key, problem, example]) => {
    const field = key.replace(
      /\.(Cpu|Memory|MinCount|MaxCount|DesiredCount)$/,
      (_m, f: string) => `.${f[0].toLowerCase()}${f.slice(1)}`,
    );
    return new InputError(
      config.stackFile,
      field,
      problem,
      `pulumi config set --path '${field}' ${example} --stack ${config.stack}`,
    );
  });
}

function mergedSettings(
  config: StackConfig,
  service: { name: string; kind: "api" | "worker" },
): ResolvedService {
  const base = service.kind === "api" ? config.apiDefaults : config.workerDefaults;
  return { ...base, ...(config.services[service.name] ?? {}) };
}

/**
 * Effective settings of one service (pure). Throws InputError(s) when the merged size is invalid
 * (e.g. an override's memory does not fit the default CPU).
 */
export function serviceSettings(
  config: StackConfig,
  service: { name: string; kind: "api" | "worker" },
): ResolvedService {
  const merged = mergedSettings(config, service);
  throwInputErrors(serviceSettingsIssues(config, service.name, merged));
  return merged;
}

/**
 * Effective settings of every service of the release, by name (pure). Reports every problem at once:
 * invalid merged sizes of any service and overrides for services the release does not have.
 */
export function resolveServiceSettings(
  config: StackConfig,
  services: readonly { name: string; kind: "api" | "worker" }[],
): Map<string, ResolvedService> {
  const settings = new Map(services.map((s) => [s.name, mergedSettings(config, s)]));
  throwInputErrors([
    ...unknownServiceOverrides(
      config,
      services.map((s) => s.name),
    ),
    ...[...settings].flatMap(([name, merged]) => serviceSettingsIssues(config, name, merged)),
  ]);
  return settings;
}

/**
 * Entries of a config map (`slipway:<key>.<name>`) whose name the release does not have (pure): likely
 * typos, each an InputError with the names it does have and the command that removes the entry.
 */
function unknownNames(
  config: StackConfig,
  key: "services" | "secretRotation",
  known: readonly string[],
  what: { missing: (name: string) => string; has: string; renameTo: string },
): InputError[] {
  return Object.keys(config[key])
    .filter((n) => !known.includes(n))
    .map(
      (n) =>
        new InputError(
          config.stackFile,
          `${NAMESPACE}:${key}.${n}`,
          `the release has no ${what.missing(n)} (${what.has} ${known.join(", ") || "none"})`,
          `rename ${what.renameTo} or remove it (pulumi config rm --path '${NAMESPACE}:${key}.${n}' --stack ${config.stack})`,
        ),
    );
}

/** Config overrides for services the release does not have (pure): likely typos. */
export function unknownServiceOverrides(config: StackConfig, serviceNames: readonly string[]): InputError[] {
  return unknownNames(config, "services", serviceNames, {
    missing: (n) => `backend component named "${n}"`,
    has: "it has",
    renameTo: "the override to one of the release's services",
  });
}

/** Rotation config for variables that are not secrets of the release (pure): likely typos. */
export function unknownSecretRotations(config: StackConfig, secretNames: readonly string[]): InputError[] {
  return unknownNames(config, "secretRotation", secretNames, {
    missing: (n) => `secret environment variable "${n}"`,
    has: "its secrets:",
    renameTo: "it to one of the release's secrets",
  });
}

/** The release state for this deployment, with defaults filled in. */
export interface ResolvedReleaseState {
  readonly strategy: Strategy;
  /** Two colours (blue_green, canary) or one (rolling, direct). */
  readonly twoColour: boolean;
  readonly activeColour: Colour;
  readonly idleColour: Colour;
  /** Version per colour (only `blue` for one-colour strategies). */
  readonly versions: Partial<Record<Colour, string>>;
  /** Percent of traffic to the idle colour (0 for one-colour strategies). */
  readonly idleWeight: number;
  /** Version the one-off migration task definition runs (`migrationVersion`, else the idle colour's, else `version`). */
  readonly migrationVersion: string;
}

/**
 * Combine the release (its version and strategy) with `slipway:release` / `slipway:strategy` (pure).
 * One-colour strategies run `blue` only and must not ask for idle traffic.
 */
export function resolveReleaseState(
  config: Pick<StackConfig, "release" | "strategy" | "stackFile" | "stack">,
  release: { version: string; strategy: Strategy },
): ResolvedReleaseState {
  const strategy = config.strategy ?? release.strategy;
  const version = config.release.version ?? release.version;
  const twoColour = isTwoColourStrategy(strategy);
  if (!twoColour) {
    const key = `${NAMESPACE}:release`;
    if (config.release.idleWeight !== 0)
      throw new InputError(
        config.stackFile,
        `${key}.idleWeight`,
        `is ${config.release.idleWeight} but strategy "${strategy}" runs one colour`,
        `pulumi config set --path '${key}.idleWeight' 0 --stack ${config.stack}`,
      );
    if (config.release.activeColour !== "blue")
      throw new InputError(
        config.stackFile,
        `${key}.activeColour`,
        `is "${config.release.activeColour}" but strategy "${strategy}" runs one service (blue)`,
        `pulumi config set --path '${key}.activeColour' blue --stack ${config.stack}`,
      );
    return {
      strategy,
      twoColour,
      activeColour: "blue",
      idleColour: "green",
      versions: { blue: version },
      idleWeight: 0,
      migrationVersion: config.release.migrationVersion ?? version,
    };
  }
  const activeColour = config.release.activeColour;
  const idleColour: Colour = otherColour(activeColour);
  const idleVersion = config.release.idleVersion ?? version;
  return {
    strategy,
    twoColour,
    activeColour,
    idleColour,
    versions: { [activeColour]: version, [idleColour]: idleVersion },
    idleWeight: config.release.idleWeight,
    migrationVersion: config.release.migrationVersion ?? idleVersion,
  };
}
