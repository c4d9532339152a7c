import type { EnvironmentSpec, GateFacts } from "./model";
import { blockingIssues, evaluateGates, type GateInput } from "./gates";

const staging: EnvironmentSpec = {
  name: "staging",
  type: "staging",
  autoDeploy: true,
  requiresApproval: false,
};
const production: EnvironmentSpec = {
  name: "production",
  type: "production",
  autoDeploy: false,
  requiresApproval: true,
};
const approved: GateFacts = {
  qaRecommendation: "approve_for_deployment",
  qaBlockers: [],
  qaOverrideAllowed: false,
  deploymentApprovalRequired: true,
  deploymentApprovalReceived: true,
};

function input(over: Partial<GateFacts>, rest: Partial<Omit<GateInput, "release">> = {}): GateInput {
  return {
    release: { version: "1.4.0", gates: { ...approved, ...over } },
    environment: staging,
    pulumiCli: true,
    awsCredentials: true,
    ...rest,
  };
}

describe("evaluateGates", () => {
  it.each<[string, GateInput, string[], string[]]>([
    ["all clear to staging", input({}), [], []],
    [
      "all clear to production with staging evidence",
      input({}, { environment: production, stagingEvidence: "this run" }),
      [],
      [],
    ],
    ["QA needs fixes", input({ qaRecommendation: "needs_fixes" }), ["qa"], []],
    ["QA approved but with blockers", input({ qaBlockers: ["BUG-7 data loss"] }), ["qa"], []],
    [
      "override allowed but no reason recorded",
      input({ qaRecommendation: "major_issues", qaOverrideAllowed: true }),
      ["qa"],
      [],
    ],
    [
      "override allowed with a reason",
      input({
        qaRecommendation: "needs_fixes",
        qaOverrideAllowed: true,
        qaOverrideReason: "hotfix for incident 42",
      }),
      [],
      ["qa"],
    ],
    [
      "reason recorded but override not allowed",
      input({ qaRecommendation: "needs_fixes", qaOverrideReason: "please" }),
      ["qa"],
      [],
    ],
    [
      "production without approval",
      input({ deploymentApprovalReceived: false }, { environment: production, stagingEvidence: "x" }),
      ["approval"],
      [],
    ],
    ["staging without approval (not required)", input({ deploymentApprovalReceived: false }), [], []],
    [
      "staging that requires approval, without it",
      input({ deploymentApprovalReceived: false }, { environment: { ...staging, requiresApproval: true } }),
      ["approval"],
      [],
    ],
    ["production without staging", input({}, { environment: production }), ["staging"], []],
    ["no Pulumi CLI", input({}, { pulumiCli: false }), ["tooling"], []],
    [
      "no CLI and no credentials",
      input({}, { pulumiCli: false, awsCredentials: false }),
      ["tooling", "tooling"],
      [],
    ],
    [
      "everything wrong for production",
      input(
        { qaRecommendation: "needs_fixes", deploymentApprovalReceived: false },
        { environment: production, pulumiCli: false, awsCredentials: false },
      ),
      ["qa", "approval", "staging", "tooling", "tooling"],
      [],
    ],
  ])("%s", (_name, gateInput, blocking, warnings) => {
    const issues = evaluateGates(gateInput);
    expect(blockingIssues(issues).map((i) => i.gate)).toEqual(blocking);
    expect(issues.filter((i) => !i.blocking).map((i) => i.gate)).toEqual(warnings);
    for (const i of blockingIssues(issues)) {
      expect(i.severity).toBe("critical");
      expect(i.fix.length).toBeGreaterThan(10);
    }
  });

  it("names the override reason in the warning", () => {
    const [w] = evaluateGates(
      input({
        qaRecommendation: "needs_fixes",
        qaOverrideAllowed: true,
        qaOverrideReason: "hotfix for incident 42",
      }),
    );
    expect(w.description).toContain("hotfix for incident 42");
    expect(w.severity).toBe("high");
  });
});

describe("evaluateGates: the decisions and their words", () => {
  it("production needs a human approval even when project-config says requires_approval: false", () => {
    const issues = evaluateGates(
      input(
        { deploymentApprovalReceived: false },
        { environment: { ...production, requiresApproval: false }, stagingEvidence: "this run" },
      ),
    );
    expect(issues).toEqual([
      {
        gate: "approval",
        description:
          "Deployment to production needs a recorded human approval and workflow-state.json has none",
        severity: "critical",
        blocking: true,
        fix: "Record the approval in workflow-state.json (stages.deployment.human_approval_received: true or an approval interaction for the deployment stage).",
      },
    ]);
  });

  it("a development stack that does not require approval goes ahead without one", () => {
    const dev: EnvironmentSpec = {
      name: "dev",
      type: "development",
      autoDeploy: true,
      requiresApproval: false,
    };
    expect(evaluateGates(input({ deploymentApprovalReceived: false }, { environment: dev }))).toEqual([]);
  });

  it("names every QA problem, the blockers one by one", () => {
    const [qa] = evaluateGates(
      input({ qaRecommendation: "needs_fixes", qaBlockers: ["BUG-7 data loss", "BUG-9 login"] }),
    );
    expect(qa.description).toBe(
      'QA recommendation is "needs_fixes", not "approve_for_deployment"; QA reports 2 deployment blocker(s): BUG-7 data loss; BUG-9 login',
    );
    expect(qa.fix).toBe(
      "Fix the QA findings and get qa-test-report.json to recommend approve_for_deployment with no deployment_blockers (project-config does not allow a QA override).",
    );
  });

  it("an allowed override without a reason says how to record one", () => {
    const [qa] = evaluateGates(input({ qaRecommendation: "major_issues", qaOverrideAllowed: true }));
    expect(qa.fix).toBe(
      "Get QA approval, or record an override decision with its reason in workflow-state.json (human_interactions, interaction_type decision).",
    );
  });

  it("a blank override reason is no reason", () => {
    const [qa] = evaluateGates(
      input({ qaRecommendation: "needs_fixes", qaOverrideAllowed: true, qaOverrideReason: "   " }),
    );
    expect(qa.blocking).toBe(true);
  });

  it("the override warning carries both QA problems, the trimmed reason and a follow-up", () => {
    const [w] = evaluateGates(
      input({
        qaRecommendation: "needs_fixes",
        qaBlockers: ["BUG-7"],
        qaOverrideAllowed: true,
        qaOverrideReason: "  hotfix  ",
      }),
    );
    expect(w).toEqual({
      gate: "qa",
      description:
        'QA recommendation is "needs_fixes", not "approve_for_deployment"; QA reports 1 deployment blocker(s): BUG-7; overridden with recorded reason: hotfix',
      severity: "high",
      blocking: false,
      fix: "Follow up on the QA findings after the deployment.",
    });
  });

  it("says which version has no staging deployment, and what is missing on the machine", () => {
    const issues = evaluateGates(
      input({}, { environment: production, pulumiCli: false, awsCredentials: false }),
    );
    expect(issues.map((i) => i.description)).toEqual([
      "No successful staging deployment of version 1.4.0 in this run or in an earlier report",
      "The Pulumi CLI (pulumi) is not on PATH",
      "No AWS credentials resolve from the default credential chain",
    ]);
  });
});
