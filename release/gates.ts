/**
 * Deployment gates as a pure function of facts: which issues stop a deployment to one environment.
 * The facts come from the Release model (QA verdict, human approval, project-config policy) plus what the
 * pipeline knows (a successful staging deployment of the same version) and the machine (Pulumi CLI, AWS
 * credentials). No I/O here.
 */
import type { EnvironmentSpec, Release, Severity } from "./model";

/** Which gate raised an issue. */
export type GateName = "qa" | "approval" | "staging" | "tooling";

export interface GateIssue {
  readonly gate: GateName;
  readonly description: string;
  readonly severity: Severity;
  /** True when the issue stops the deployment; false for a recorded warning (e.g. an allowed QA override). */
  readonly blocking: boolean;
  /** How to clear the issue. */
  readonly fix: string;
}

export interface GateInput {
  readonly release: Pick<Release, "gates" | "version">;
  /** The environment about to be deployed. */
  readonly environment: EnvironmentSpec;
  /**
   * Evidence of a successful staging deployment of `release.version` (this run or an earlier report), or
   * undefined when there is none. Only consulted for production environments.
   */
  readonly stagingEvidence?: string;
  /** A `pulumi` binary is on PATH. */
  readonly pulumiCli: boolean;
  /** AWS credentials resolve from the default chain. */
  readonly awsCredentials: boolean;
}

/** Evaluate every gate for one environment; the deployment may go ahead when no issue is blocking. */
export function evaluateGates(input: GateInput): GateIssue[] {
  const { gates, version } = input.release;
  const env = input.environment;
  const issues: GateIssue[] = [];

  const qaProblems: string[] = [];
  if (gates.qaRecommendation !== "approve_for_deployment") {
    qaProblems.push(`QA recommendation is "${gates.qaRecommendation}", not "approve_for_deployment"`);
  }
  if (gates.qaBlockers.length > 0) {
    qaProblems.push(
      `QA reports ${gates.qaBlockers.length} deployment blocker(s): ${gates.qaBlockers.join("; ")}`,
    );
  }
  if (qaProblems.length > 0) {
    const reason = gates.qaOverrideReason?.trim();
    if (gates.qaOverrideAllowed && reason) {
      issues.push({
        gate: "qa",
        description: `${qaProblems.join("; ")}; overridden with recorded reason: ${reason}`,
        severity: "high",
        blocking: false,
        fix: "Follow up on the QA findings after the deployment.",
      });
    } else {
      issues.push({
        gate: "qa",
        description: qaProblems.join("; "),
        severity: "critical",
        blocking: true,
        fix: gates.qaOverrideAllowed
          ? "Get QA approval, or record an override decision with its reason in workflow-state.json (human_interactions, interaction_type decision)."
          : "Fix the QA findings and get qa-test-report.json to recommend approve_for_deployment with no deployment_blockers (project-config does not allow a QA override).",
      });
    }
  }

  const approvalNeeded = env.type === "production" || env.requiresApproval;
  if (approvalNeeded && !gates.deploymentApprovalReceived) {
    issues.push({
      gate: "approval",
      description: `Deployment to ${env.name} needs a recorded human approval and workflow-state.json has none`,
      severity: "critical",
      blocking: true,
      fix: "Record the approval in workflow-state.json (stages.deployment.human_approval_received: true or an approval interaction for the deployment stage).",
    });
  }

  if (env.type === "production" && !input.stagingEvidence) {
    issues.push({
      gate: "staging",
      description: `No successful staging deployment of version ${version} in this run or in an earlier report`,
      severity: "critical",
      blocking: true,
      fix: "Deploy to a staging-type stack first (npm run deploy -- --stack <staging stack>, or without --stack to deploy every stack in order) and let it pass smoke tests and bake.",
    });
  }

  if (!input.pulumiCli) {
    issues.push({
      gate: "tooling",
      description: "The Pulumi CLI (pulumi) is not on PATH",
      severity: "critical",
      blocking: true,
      fix: "Install the Pulumi CLI (https://www.pulumi.com/docs/install/) and make sure `pulumi version` runs.",
    });
  }
  if (!input.awsCredentials) {
    issues.push({
      gate: "tooling",
      description: "No AWS credentials resolve from the default credential chain",
      severity: "critical",
      blocking: true,
      fix: "Provide credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or OIDC role in CI).",
    });
  }
  return issues;
}

/** The issues that stop the deployment. */
export function blockingIssues(issues: readonly GateIssue[]): GateIssue[] {
  return issues.filter((i) => i.blocking);
}
