// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { ECS_TASK_DEFINITION, isOneOf } from "../lib/types";
import { containersOf } from "./containers";

const FIX =
  "Set readonlyRootFilesystem: true on the container definition; give the app a writable volume " +
  "(e.g. a task `volume` mounted at /tmp) where it must write.";

/** FSBP ECS.5: every container has a read-only root filesystem. */
export const ecsRequireReadOnlyRootFilesystem: ResourceValidationPolicy = {
  name: "ecs-require-read-only-root-filesystem",
  description: "ECS containers run with a read-only root filesystem.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: FIX,
  ...fsbp("ECS.5"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, ECS_TASK_DEFINITION)) return;
    const containers = containersOf(args.props.containerDefinitions);
    if (containers === undefined) {
      report(`Task definition '${args.name}' has unreadable containerDefinitions (not a JSON array).`);
      return;
    }
    for (const c of containers) {
      if (c.raw.readonlyRootFilesystem !== true) {
        report(
          `Container '${c.name}' of task definition '${args.name}' has a writable root filesystem. ${FIX}`,
        );
      }
    }
  },
};
