// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { ECS_TASK_DEFINITION, isOneOf } from "../lib/types";

const FIX =
  'Remove pidMode: "host" from the task definition (use "task" to share processes between the task\'s containers).';

/** FSBP ECS.3: task definitions do not share the host's process namespace. */
export const ecsIsolateProcessNamespace: ResourceValidationPolicy = {
  name: "ecs-isolate-process-namespace",
  description: "ECS task definitions do not share the host's process namespace.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: FIX,
  ...fsbp("ECS.3"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, ECS_TASK_DEFINITION)) return;
    if (args.props.pidMode === "host")
      report(`Task definition '${args.name}' shares the host process namespace. ${FIX}`);
  },
};
