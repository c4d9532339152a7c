// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { fsbp } from "../lib/meta";
import { isReplicaOrRestore, rdsKind, what } from "./rds";

/** FSBP RDS.25 (instances) and RDS.24 (clusters): the master username is not an engine default. */
export const rdsUseCustomAdminUsername: ResourceValidationPolicy = {
  name: "rds-use-custom-admin-username",
  description: "RDS databases use a custom administrator username, not the engine default.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: "Set username (masterUsername for clusters) to a custom name such as `app_admin`.",
  ...fsbp("RDS.25", "RDS.24"),
  configSchema: {
    properties: {
      defaultUsernames: {
        type: "array",
        items: { type: "string" },
        default: ["admin", "postgres"],
        description: "Usernames treated as engine defaults.",
      },
    },
  },
  validateResource: (args, report) => {
    const kind = rdsKind(args.type);
    if (kind !== "instance" && kind !== "cluster") return;
    if (isReplicaOrRestore(args)) return;
    const { defaultUsernames } = configOf<{ defaultUsernames: string[] }>(args, rdsUseCustomAdminUsername);
    const user = kind === "cluster" ? args.props.masterUsername : args.props.username;
    if (
      typeof user === "string" &&
      defaultUsernames.map((u) => u.toLowerCase()).includes(user.toLowerCase())
    ) {
      report(
        `${what(args)} uses the default administrator username '${user}'. Set it to a custom name such as \`app_admin\`.`,
      );
    }
  },
};
