import type { ResourceValidationPolicy } from "@pulumi/policy";
import { baseline } from "../lib/meta";
import { asString } from "../lib/props";
import { ECS_TASK_DEFINITION, isOneOf } from "../lib/types";

const FIX =
  "Give the task its own role (what the app calls) separate from the execution role (ECR pull, logs, secrets).";

/** The app's role does not also carry the execution role's rights to every secret and image (advisory: least privilege). */
export const ecsSeparateTaskAndExecutionRoles: ResourceValidationPolicy = {
  name: "ecs-separate-task-and-execution-roles",
  description: "ECS task definitions use different task and execution roles.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps: FIX,
  ...baseline(),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, ECS_TASK_DEFINITION)) return;
    const p = args.props;
    const task = asString(p.taskRoleArn);
    if (task !== undefined && task === asString(p.executionRoleArn))
      report(`Task definition '${args.name}' uses one role for the task and its execution. ${FIX}`);
  },
};
