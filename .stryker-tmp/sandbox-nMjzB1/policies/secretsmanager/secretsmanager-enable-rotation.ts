// @ts-nocheck
import type { StackValidationPolicy } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { ofType, referencing } from "../lib/join";
import { fsbp } from "../lib/meta";
import { asRecord } from "../lib/props";
import { SECRET, SECRET_ROTATION } from "../lib/types";

const FIX =
  "Add an aws.secretsmanager.SecretRotation (secretId: secret.id, rotationLambdaArn, rotationRules.automaticallyAfterDays) " +
  "or, for a database password, let RDS manage it (manageMasterUserPassword).";

/**
 * FSBP SecretsManager.1: every secret has automatic rotation (an `aws.secretsmanager.SecretRotation`
 * joined by `secretId`, within `maximumDays`). Advisory: rotating a third-party credential needs a
 * rotation function that only its owner can write.
 */
export const secretsmanagerEnableRotation: StackValidationPolicy = {
  name: "secretsmanager-enable-rotation",
  description: "Secrets Manager secrets have automatic rotation enabled.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("SecretsManager.1"),
  configSchema: {
    properties: {
      maximumDays: {
        type: "integer",
        minimum: 1,
        maximum: 1000,
        default: 90,
        description: "Longest acceptable rotation interval in days.",
      },
    },
  },
  validateStack: (args, report) => {
    const { maximumDays } = configOf<{ maximumDays: number }>(args, secretsmanagerEnableRotation);
    for (const secret of ofType(args.resources, SECRET)) {
      const rotations = referencing(args.resources, SECRET_ROTATION, "secretId", secret, [
        "id",
        "arn",
        "name",
      ]);
      if (rotations.length === 0) {
        report(`Secret '${secret.name}' has no automatic rotation. ${FIX}`, secret.urn);
        continue;
      }
      const days = rotations.map((r) =>
        Number(asRecord(r.props.rotationRules)?.automaticallyAfterDays ?? NaN),
      );
      if (days.every((d) => Number.isFinite(d) && d > maximumDays)) {
        report(
          `Secret '${secret.name}' rotates every ${Math.min(...days)} days (> ${maximumDays}). Set rotationRules.automaticallyAfterDays to at most ${maximumDays}.`,
          secret.urn,
        );
      }
    }
  },
};
