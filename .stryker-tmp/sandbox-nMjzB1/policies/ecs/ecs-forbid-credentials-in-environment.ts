// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { ECS_TASK_DEFINITION, isOneOf } from "../lib/types";
import { containersOf, environmentOf } from "./containers";

/** The variable names FSBP ECS.8 looks for. */
export const CREDENTIAL_VARIABLES = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "ECS_ENGINE_AUTH_DATA"];

const FIX =
  "Remove the variable from `environment`: give the task a task role instead of AWS keys, and pass other " +
  "credentials through `secrets` (valueFrom a Secrets Manager or SSM SecureString ARN).";

/** FSBP ECS.8: no AWS credentials or registry auth data in container environment variables. */
export const ecsForbidCredentialsInEnvironment: ResourceValidationPolicy = {
  name: "ecs-forbid-credentials-in-environment",
  description: "ECS container environment variables do not carry AWS credentials or registry auth data.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: FIX,
  ...fsbp("ECS.8"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, ECS_TASK_DEFINITION)) return;
    for (const c of containersOf(args.props.containerDefinitions) ?? []) {
      for (const e of environmentOf(c)) {
        if (CREDENTIAL_VARIABLES.includes(e.name.toUpperCase())) {
          report(
            `Container '${c.name}' of task definition '${args.name}' sets ${e.name} in environment. ${FIX}`,
          );
        }
      }
    }
  },
};
