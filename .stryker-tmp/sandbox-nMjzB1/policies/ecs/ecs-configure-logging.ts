// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { asRecord } from "../lib/props";
import { ECS_TASK_DEFINITION, isOneOf } from "../lib/types";
import { containersOf } from "./containers";

const FIX =
  'Add logConfiguration { logDriver: "awslogs", options: { "awslogs-group", "awslogs-region", ' +
  '"awslogs-stream-prefix" } } to the container definition.';

/** FSBP ECS.9: every container definition has a log driver. */
export const ecsConfigureLogging: ResourceValidationPolicy = {
  name: "ecs-configure-logging",
  description: "ECS task definitions configure logging for every container.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: FIX,
  ...fsbp("ECS.9"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, ECS_TASK_DEFINITION)) return;
    for (const c of containersOf(args.props.containerDefinitions) ?? []) {
      if (!asRecord(c.raw.logConfiguration)?.logDriver) {
        report(`Container '${c.name}' of task definition '${args.name}' has no logConfiguration. ${FIX}`);
      }
    }
  },
};
