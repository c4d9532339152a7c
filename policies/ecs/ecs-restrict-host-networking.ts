import type { ResourceValidationPolicy } from "@pulumi/policy";
import { containersOf } from "../ecs/containers";
import { fsbp } from "../lib/meta";
import { ECS_TASK_DEFINITION, isOneOf } from "../lib/types";

const FIX =
  'Use networkMode "awsvpc"; with "host", set each container\'s user to a non-root UID and privileged: false.';

/** FSBP ECS.1: host networking gives containers the host's network stack: never together with root or privileged. */
export const ecsRestrictHostNetworking: ResourceValidationPolicy = {
  name: "ecs-restrict-host-networking",
  description: "ECS task definitions in host network mode run no container as root or privileged.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: FIX,
  ...fsbp("ECS.1"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, ECS_TASK_DEFINITION)) return;
    const p = args.props;
    if (p.networkMode !== "host") return;
    for (const c of containersOf(p.containerDefinitions) ?? []) {
      const raw = c.raw;
      const user = typeof raw.user === "string" ? raw.user : "";
      if (raw.privileged === true || user === "" || /^(root|0)(:|$)/.test(user))
        report(
          `Container '${c.name}' of task definition '${args.name}' uses host networking as root or privileged. ${FIX}`,
        );
    }
  },
};
