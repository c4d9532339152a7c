import type { ResourceValidationPolicy } from "@pulumi/policy";
import { grantsAction } from "../lib/iam";
import { baseline } from "../lib/meta";
import { statementsOnEveryResource } from "./documents";

/** Actions that change who may do what (privilege escalation, permissions management). */
const PERMISSIONS_MANAGEMENT = [
  "iam:AttachGroupPolicy",
  "iam:AttachRolePolicy",
  "iam:AttachUserPolicy",
  "iam:CreatePolicy",
  "iam:CreatePolicyVersion",
  "iam:DeleteRolePermissionsBoundary",
  "iam:PutGroupPolicy",
  "iam:PutRolePolicy",
  "iam:PutUserPolicy",
  "iam:SetDefaultPolicyVersion",
  "iam:UpdateAssumeRolePolicy",
  "iam:AddUserToGroup",
  "iam:CreateRole",
];
/** Actions that mint or expose credentials. */
const CREDENTIALS_EXPOSURE = [
  "iam:CreateAccessKey",
  "iam:UpdateAccessKey",
  "iam:CreateLoginProfile",
  "iam:UpdateLoginProfile",
  "iam:CreateServiceSpecificCredential",
  "iam:ResetServiceSpecificCredential",
  "iam:UploadSSHPublicKey",
  "ec2:GetPasswordData",
  "rds:GenerateDbAuthToken",
  "redshift:GetClusterCredentials",
  "sts:GetFederationToken",
];
/** Actions that read secrets or data out of the account. */
const DATA_EXFILTRATION = [
  "s3:GetObject",
  "ssm:GetParameter",
  "ssm:GetParameters",
  "ssm:GetParametersByPath",
  "secretsmanager:GetSecretValue",
  "kms:Decrypt",
];

const FAMILIES: [string, readonly string[]][] = [
  ["manage permissions (privilege escalation)", PERMISSIONS_MANAGEMENT],
  ["expose credentials", CREDENTIALS_EXPOSURE],
  ["read data or secrets (exfiltration)", DATA_EXFILTRATION],
];

const FIX =
  "Scope the statement's Resource to the ARNs the principal needs (roles, users, buckets, parameters, secrets).";

/**
 * Sensitive actions are never granted on every resource: permissions management, credentials
 * exposure and data exfiltration actions with `Resource: "*"` (or `NotResource`). Statements granting
 * `*` are iam-forbid-full-admin's.
 */
export const iamRestrictSensitiveActions: ResourceValidationPolicy = {
  name: "iam-restrict-sensitive-actions",
  description:
    "IAM policies do not grant permissions-management, credential or data-read actions on every resource.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: FIX,
  ...baseline(),
  validateResource: (args, report) => {
    for (const { where, statement } of statementsOnEveryResource(args.type, args.name, args.props))
      for (const [family, actions] of FAMILIES) {
        const granted = actions.filter((a) => grantsAction(statement, a));
        if (granted.length > 0)
          report(`${where} lets the holder ${family} on every resource (${granted.join(", ")}). ${FIX}`);
      }
  },
};
