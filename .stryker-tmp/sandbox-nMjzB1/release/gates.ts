/**
 * Deployment gates as a pure function of facts: which issues stop a deployment to one environment.
 * The facts come from the Release model (QA verdict, human approval, project-config policy) plus what the
 * pipeline knows (a successful staging deployment of the same version) and the machine (Pulumi CLI, AWS
 * credentials). No I/O here.
 */
// @ts-nocheck
function stryNS_9fa48() {
  var g = typeof globalThis === 'object' && globalThis && globalThis.Math === Math && globalThis || new Function("return this")();
  var ns = g.__stryker__ || (g.__stryker__ = {});
  if (ns.activeMutant === undefined && g.process && g.process.env && g.process.env.__STRYKER_ACTIVE_MUTANT__) {
    ns.activeMutant = g.process.env.__STRYKER_ACTIVE_MUTANT__;
  }
  function retrieveNS() {
    return ns;
  }
  stryNS_9fa48 = retrieveNS;
  return retrieveNS();
}
stryNS_9fa48();
function stryCov_9fa48() {
  var ns = stryNS_9fa48();
  var cov = ns.mutantCoverage || (ns.mutantCoverage = {
    static: {},
    perTest: {}
  });
  function cover() {
    var c = cov.static;
    if (ns.currentTestId) {
      c = cov.perTest[ns.currentTestId] = cov.perTest[ns.currentTestId] || {};
    }
    var a = arguments;
    for (var i = 0; i < a.length; i++) {
      c[a[i]] = (c[a[i]] || 0) + 1;
    }
  }
  stryCov_9fa48 = cover;
  cover.apply(null, arguments);
}
function stryMutAct_9fa48(id) {
  var ns = stryNS_9fa48();
  function isActive(id) {
    if (ns.activeMutant === id) {
      if (ns.hitCount !== void 0 && ++ns.hitCount > ns.hitLimit) {
        throw new Error('Stryker: Hit count limit reached (' + ns.hitCount + ')');
      }
      return true;
    }
    return false;
  }
  stryMutAct_9fa48 = isActive;
  return isActive(id);
}
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
  if (stryMutAct_9fa48("0")) {
    {}
  } else {
    stryCov_9fa48("0");
    const {
      gates,
      version
    } = input.release;
    const env = input.environment;
    const issues: GateIssue[] = stryMutAct_9fa48("1") ? ["Stryker was here"] : (stryCov_9fa48("1"), []);
    const qaProblems: string[] = stryMutAct_9fa48("2") ? ["Stryker was here"] : (stryCov_9fa48("2"), []);
    if (stryMutAct_9fa48("5") ? gates.qaRecommendation === "approve_for_deployment" : stryMutAct_9fa48("4") ? false : stryMutAct_9fa48("3") ? true : (stryCov_9fa48("3", "4", "5"), gates.qaRecommendation !== (stryMutAct_9fa48("6") ? "" : (stryCov_9fa48("6"), "approve_for_deployment")))) {
      if (stryMutAct_9fa48("7")) {
        {}
      } else {
        stryCov_9fa48("7");
        qaProblems.push(stryMutAct_9fa48("9") ? `` : (stryCov_9fa48("9"), `QA recommendation is "${gates.qaRecommendation}", not "approve_for_deployment"`));
      }
    }
    if (stryMutAct_9fa48("13") ? gates.qaBlockers.length <= 0 : stryMutAct_9fa48("12") ? gates.qaBlockers.length >= 0 : stryMutAct_9fa48("11") ? false : stryMutAct_9fa48("10") ? true : (stryCov_9fa48("10", "11", "12", "13"), gates.qaBlockers.length > 0)) {
      if (stryMutAct_9fa48("14")) {
        {}
      } else {
        stryCov_9fa48("14");
        qaProblems.push(stryMutAct_9fa48("16") ? `` : (stryCov_9fa48("16"), `QA reports ${gates.qaBlockers.length} deployment blocker(s): ${gates.qaBlockers.join(stryMutAct_9fa48("17") ? "" : (stryCov_9fa48("17"), "; "))}`));
      }
    }
    if (stryMutAct_9fa48("21") ? qaProblems.length <= 0 : stryMutAct_9fa48("20") ? qaProblems.length >= 0 : stryMutAct_9fa48("19") ? false : stryMutAct_9fa48("18") ? true : (stryCov_9fa48("18", "19", "20", "21"), qaProblems.length > 0)) {
      if (stryMutAct_9fa48("22")) {
        {}
      } else {
        stryCov_9fa48("22");
        const reason = stryMutAct_9fa48("24") ? gates.qaOverrideReason.trim() : stryMutAct_9fa48("23") ? gates.qaOverrideReason : (stryCov_9fa48("23", "24"), gates.qaOverrideReason?.trim());
        if (stryMutAct_9fa48("27") ? gates.qaOverrideAllowed || reason : stryMutAct_9fa48("26") ? false : stryMutAct_9fa48("25") ? true : (stryCov_9fa48("25", "26", "27"), gates.qaOverrideAllowed && reason)) {
          if (stryMutAct_9fa48("28")) {
            {}
          } else {
            stryCov_9fa48("28");
            issues.push(stryMutAct_9fa48("30") ? {} : (stryCov_9fa48("30"), {
              gate: stryMutAct_9fa48("31") ? "" : (stryCov_9fa48("31"), "qa"),
              description: stryMutAct_9fa48("32") ? `` : (stryCov_9fa48("32"), `${qaProblems.join(stryMutAct_9fa48("33") ? "" : (stryCov_9fa48("33"), "; "))}; overridden with recorded reason: ${reason}`),
              severity: stryMutAct_9fa48("34") ? "" : (stryCov_9fa48("34"), "high"),
              blocking: stryMutAct_9fa48("35") ? true : (stryCov_9fa48("35"), false),
              fix: stryMutAct_9fa48("36") ? "" : (stryCov_9fa48("36"), "Follow up on the QA findings after the deployment.")
            }));
          }
        } else {
          if (stryMutAct_9fa48("37")) {
            {}
          } else {
            stryCov_9fa48("37");
            issues.push(stryMutAct_9fa48("39") ? {} : (stryCov_9fa48("39"), {
              gate: stryMutAct_9fa48("40") ? "" : (stryCov_9fa48("40"), "qa"),
              description: qaProblems.join(stryMutAct_9fa48("41") ? "" : (stryCov_9fa48("41"), "; ")),
              severity: stryMutAct_9fa48("42") ? "" : (stryCov_9fa48("42"), "critical"),
              blocking: stryMutAct_9fa48("43") ? false : (stryCov_9fa48("43"), true),
              fix: gates.qaOverrideAllowed ? stryMutAct_9fa48("44") ? "" : (stryCov_9fa48("44"), "Get QA approval, or record an override decision with its reason in workflow-state.json (human_interactions, interaction_type decision).") : stryMutAct_9fa48("45") ? "" : (stryCov_9fa48("45"), "Fix the QA findings and get qa-test-report.json to recommend approve_for_deployment with no deployment_blockers (project-config does not allow a QA override).")
            }));
          }
        }
      }
    }
    const approvalNeeded = stryMutAct_9fa48("48") ? env.type === "production" && env.requiresApproval : stryMutAct_9fa48("47") ? false : stryMutAct_9fa48("46") ? true : (stryCov_9fa48("46", "47", "48"), (stryMutAct_9fa48("50") ? env.type !== "production" : stryMutAct_9fa48("49") ? false : (stryCov_9fa48("49", "50"), env.type === (stryMutAct_9fa48("51") ? "" : (stryCov_9fa48("51"), "production")))) || env.requiresApproval);
    if (stryMutAct_9fa48("54") ? approvalNeeded || !gates.deploymentApprovalReceived : stryMutAct_9fa48("53") ? false : stryMutAct_9fa48("52") ? true : (stryCov_9fa48("52", "53", "54"), approvalNeeded && (stryMutAct_9fa48("55") ? gates.deploymentApprovalReceived : (stryCov_9fa48("55"), !gates.deploymentApprovalReceived)))) {
      if (stryMutAct_9fa48("56")) {
        {}
      } else {
        stryCov_9fa48("56");
        issues.push(stryMutAct_9fa48("58") ? {} : (stryCov_9fa48("58"), {
          gate: stryMutAct_9fa48("59") ? "" : (stryCov_9fa48("59"), "approval"),
          description: stryMutAct_9fa48("60") ? `` : (stryCov_9fa48("60"), `Deployment to ${env.name} needs a recorded human approval and workflow-state.json has none`),
          severity: stryMutAct_9fa48("61") ? "" : (stryCov_9fa48("61"), "critical"),
          blocking: stryMutAct_9fa48("62") ? false : (stryCov_9fa48("62"), true),
          fix: stryMutAct_9fa48("63") ? "" : (stryCov_9fa48("63"), "Record the approval in workflow-state.json (stages.deployment.human_approval_received: true or an approval interaction for the deployment stage).")
        }));
      }
    }
    if (stryMutAct_9fa48("66") ? env.type === "production" || !input.stagingEvidence : stryMutAct_9fa48("65") ? false : stryMutAct_9fa48("64") ? true : (stryCov_9fa48("64", "65", "66"), (stryMutAct_9fa48("68") ? env.type !== "production" : stryMutAct_9fa48("67") ? true : (stryCov_9fa48("67", "68"), env.type === (stryMutAct_9fa48("69") ? "" : (stryCov_9fa48("69"), "production")))) && (stryMutAct_9fa48("70") ? input.stagingEvidence : (stryCov_9fa48("70"), !input.stagingEvidence)))) {
      if (stryMutAct_9fa48("71")) {
        {}
      } else {
        stryCov_9fa48("71");
        issues.push(stryMutAct_9fa48("73") ? {} : (stryCov_9fa48("73"), {
          gate: stryMutAct_9fa48("74") ? "" : (stryCov_9fa48("74"), "staging"),
          description: stryMutAct_9fa48("75") ? `` : (stryCov_9fa48("75"), `No successful staging deployment of version ${version} in this run or in an earlier report`),
          severity: stryMutAct_9fa48("76") ? "" : (stryCov_9fa48("76"), "critical"),
          blocking: stryMutAct_9fa48("77") ? false : (stryCov_9fa48("77"), true),
          fix: stryMutAct_9fa48("78") ? "" : (stryCov_9fa48("78"), "Deploy to staging first (--stack staging or --stack all) and let it pass smoke tests and bake.")
        }));
      }
    }
    if (stryMutAct_9fa48("81") ? false : stryMutAct_9fa48("80") ? true : stryMutAct_9fa48("79") ? input.pulumiCli : (stryCov_9fa48("79", "80", "81"), !input.pulumiCli)) {
      if (stryMutAct_9fa48("82")) {
        {}
      } else {
        stryCov_9fa48("82");
        issues.push(stryMutAct_9fa48("84") ? {} : (stryCov_9fa48("84"), {
          gate: stryMutAct_9fa48("85") ? "" : (stryCov_9fa48("85"), "tooling"),
          description: stryMutAct_9fa48("86") ? "" : (stryCov_9fa48("86"), "The Pulumi CLI (pulumi) is not on PATH"),
          severity: stryMutAct_9fa48("87") ? "" : (stryCov_9fa48("87"), "critical"),
          blocking: stryMutAct_9fa48("88") ? false : (stryCov_9fa48("88"), true),
          fix: stryMutAct_9fa48("89") ? "" : (stryCov_9fa48("89"), "Install the Pulumi CLI (https://www.pulumi.com/docs/install/) and make sure `pulumi version` runs.")
        }));
      }
    }
    if (stryMutAct_9fa48("92") ? false : stryMutAct_9fa48("91") ? true : stryMutAct_9fa48("90") ? input.awsCredentials : (stryCov_9fa48("90", "91", "92"), !input.awsCredentials)) {
      if (stryMutAct_9fa48("93")) {
        {}
      } else {
        stryCov_9fa48("93");
        issues.push(stryMutAct_9fa48("95") ? {} : (stryCov_9fa48("95"), {
          gate: stryMutAct_9fa48("96") ? "" : (stryCov_9fa48("96"), "tooling"),
          description: stryMutAct_9fa48("97") ? "" : (stryCov_9fa48("97"), "No AWS credentials resolve from the default credential chain"),
          severity: stryMutAct_9fa48("98") ? "" : (stryCov_9fa48("98"), "critical"),
          blocking: stryMutAct_9fa48("99") ? false : (stryCov_9fa48("99"), true),
          fix: stryMutAct_9fa48("100") ? "" : (stryCov_9fa48("100"), "Provide credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or OIDC role in CI).")
        }));
      }
    }
    return issues;
  }
}

/** The issues that stop the deployment. */
export function blockingIssues(issues: readonly GateIssue[]): GateIssue[] {
  if (stryMutAct_9fa48("101")) {
    {}
  } else {
    stryCov_9fa48("101");
    return stryMutAct_9fa48("102") ? issues : (stryCov_9fa48("102"), issues.filter(stryMutAct_9fa48("103") ? () => undefined : (stryCov_9fa48("103"), i => i.blocking)));
  }
}