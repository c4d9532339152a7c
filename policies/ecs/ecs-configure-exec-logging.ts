import type { ResourceValidationPolicy } from "@pulumi/policy";
import { baseline } from "../lib/meta";
import { asRecord, asString } from "../lib/props";
import { ECS_CLUSTER, isOneOf } from "../lib/types";

const FIX =
  'Keep configuration.executeCommandConfiguration.logging at "DEFAULT" or "OVERRIDE" and set its kmsKeyId.';

/** ECS Exec sessions on the cluster are audited and encrypted (advisory: only where ECS Exec is configured). */
export const ecsConfigureExecLogging: ResourceValidationPolicy = {
  name: "ecs-configure-exec-logging",
  description: "ECS Exec sessions are logged and encrypted with a customer managed key.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps: FIX,
  ...baseline(),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, ECS_CLUSTER)) return;
    const p = args.props;
    const exec = asRecord(asRecord(p.configuration)?.executeCommandConfiguration);
    if (!exec) return;
    if (exec.logging === "NONE" || !asString(exec.kmsKeyId))
      report(`ECS cluster '${args.name}' does not log ECS Exec sessions with a customer managed key. ${FIX}`);
  },
};
