// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { ECS_TASK_DEFINITION, isOneOf } from "../lib/types";
import { containersOf } from "./containers";

const FIX =
  "Remove privileged: true from the container definition (grant specific linuxParameters.capabilities if really needed).";

/** FSBP ECS.4: containers are not privileged. */
export const ecsRunUnprivileged: ResourceValidationPolicy = {
  name: "ecs-run-unprivileged",
  description: "ECS containers do not run in privileged mode.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: FIX,
  ...fsbp("ECS.4"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, ECS_TASK_DEFINITION)) return;
    for (const c of containersOf(args.props.containerDefinitions) ?? []) {
      if (c.raw.privileged === true)
        report(`Container '${c.name}' of task definition '${args.name}' is privileged. ${FIX}`);
    }
  },
};
