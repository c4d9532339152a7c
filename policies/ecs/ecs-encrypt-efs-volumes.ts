import type { ResourceValidationPolicy } from "@pulumi/policy";
import { baseline } from "../lib/meta";
import { asArray, asRecord } from "../lib/props";
import { ECS_TASK_DEFINITION, isOneOf } from "../lib/types";

const FIX = 'Set efsVolumeConfiguration.transitEncryption: "ENABLED" on every EFS volume.';

/** EFS volumes mounted by tasks use TLS in transit. */
export const ecsEncryptEfsVolumes: ResourceValidationPolicy = {
  name: "ecs-encrypt-efs-volumes",
  description: "ECS task definitions encrypt EFS volume traffic in transit.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: FIX,
  ...baseline(),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, ECS_TASK_DEFINITION)) return;
    const p = args.props;
    for (const v of asArray(p.volumes)) {
      const efs = asRecord(asRecord(v)?.efsVolumeConfiguration);
      if (efs && efs.transitEncryption !== "ENABLED")
        report(
          `EFS volume '${String(asRecord(v)?.name)}' of task definition '${args.name}' is not encrypted in transit. ${FIX}`,
        );
    }
  },
};
