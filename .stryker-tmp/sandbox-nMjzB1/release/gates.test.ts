// @ts-nocheck
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
