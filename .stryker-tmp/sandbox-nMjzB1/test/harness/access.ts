/**
 * What each ECS service of an evaluated program can reach and read, read back from the registered
 * resources (never from the program's own bookkeeping): its security groups, the groups that accept
 * connections from them (ingress rules referencing one of its groups), the secrets its containers
 * receive, the secret ARNs its execution role may read, and the actions its task role allows.
 * Whole-program and property tests compare this with the packet's `dependencies`.
 */
// @ts-nocheck

import type { MockRegistration } from "../../automation/engine/mocks";

export interface PolicyStatementDoc {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: string | string[];
}

export interface ServiceAccess {
  /** Logical name of the Service component, e.g. `taskflow-staging-api`. */
  readonly component: string;
  readonly securityGroupIds: readonly string[];
  /** Security groups (by logical name) that accept connections from this service, with the port. */
  readonly acceptedBy: readonly { readonly group: string; readonly port: number }[];
  /** Egress rules to other groups (by logical name), with the port. */
  readonly egressToGroups: readonly { readonly group: string; readonly port: number }[];
  /** Environment variable names the app container gets from Secrets Manager. */
  readonly secretNames: readonly string[];
  /** `secretsmanager:GetSecretValue` resources of the execution role. */
  readonly readableSecrets: readonly string[];
  /** Statements of the task role (what the application may do). */
  readonly taskStatements: readonly PolicyStatementDoc[];
}

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function policyOf(regs: readonly MockRegistration[], roleArn: unknown): PolicyStatementDoc[] {
  const role = regs.find((r) => r.type === "aws:iam/role:Role" && r.outputs.arn === roleArn);
  if (!role) return [];
  return regs
    .filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.inputs.role === role.outputs.name)
    .flatMap((r) => (JSON.parse(String(r.inputs.policy)) as { Statement: PolicyStatementDoc[] }).Statement);
}

/** Access of every ECS service (one entry per Service component; colours share it). */
export function serviceAccess(regs: readonly MockRegistration[]): ServiceAccess[] {
  // The mocks give every resource the id `<name>-id`.
  const groupName = new Map<unknown, string>(
    regs.filter((r) => r.type === "aws:ec2/securityGroup:SecurityGroup").map((r) => [`${r.name}-id`, r.name]),
  );
  const byComponent = new Map<string, ServiceAccess>();
  for (const svc of regs.filter((r) => r.type === "aws:ecs/service:Service")) {
    const component = svc.name.replace(/-(blue|green)$/, "");
    if (byComponent.has(component)) continue;
    const groups = list((svc.inputs.networkConfiguration as { securityGroups?: string[] }).securityGroups);
    const td = regs.find(
      (r) =>
        r.type === "aws:ecs/taskDefinition:TaskDefinition" && r.outputs.arn === svc.inputs.taskDefinition,
    );
    if (!td) throw new Error(`no task definition for ${svc.name}`);
    const defs = JSON.parse(String(td.inputs.containerDefinitions)) as {
      name: string;
      secrets?: { name: string }[];
    }[];
    const app = defs.find((d) => d.name === "app");
    const executionStatements = policyOf(regs, td.inputs.executionRoleArn);
    byComponent.set(component, {
      component,
      securityGroupIds: groups,
      acceptedBy: regs
        .filter(
          (r) =>
            r.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule" &&
            groups.includes(String(r.inputs.referencedSecurityGroupId)),
        )
        .map((r) => ({
          group: String(groupName.get(r.inputs.securityGroupId)),
          port: Number(r.inputs.fromPort),
        })),
      egressToGroups: regs
        .filter(
          (r) =>
            r.type === "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule" &&
            groups.includes(String(r.inputs.securityGroupId)) &&
            r.inputs.referencedSecurityGroupId !== undefined,
        )
        .map((r) => ({
          group: String(groupName.get(r.inputs.referencedSecurityGroupId)),
          port: Number(r.inputs.fromPort),
        })),
      secretNames: (app?.secrets ?? []).map((s) => s.name).sort(),
      readableSecrets: executionStatements
        .filter((s) => list(s.Action).includes("secretsmanager:GetSecretValue"))
        .flatMap((s) => list(s.Resource))
        .sort(),
      taskStatements: policyOf(regs, td.inputs.taskRoleArn),
    });
  }
  return [...byComponent.values()];
}
