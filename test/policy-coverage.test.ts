/**
 * docs/policy-coverage.md is what `npm run docs` writes from policies/peer-rules.yaml and the
 * pack's list, the data names only policies the pack has, and every peer-baseline policy covers at
 * least one peer rule.
 */
import { readFileSync } from "node:fs";
import { policies } from "../policies/all";
import { isBaselineRule } from "../policies/lib/meta";
import {
  COVERAGE_DATA,
  COVERAGE_PAGE,
  coverageFigures,
  coverageProblems,
  parseCoverageData,
  policyCoveragePage,
  renderPolicyCoverage,
} from "../docs/policy-coverage";

const data = parseCoverageData(readFileSync(COVERAGE_DATA, "utf8"));

it("the page is what `npm run docs` writes today (run it if not)", () => {
  expect(readFileSync(COVERAGE_PAGE, "utf8")).toBe(policyCoveragePage(policies));
});

it("the data names only pack policies, lists each rule once and gives every uncovered rule a reason", () => {
  expect(coverageProblems(data, policies)).toEqual([]);
});

/** Baseline policies no peer rule asks for, and why they are in the pack. */
const WITHOUT_PEER_RULE: Record<string, string> = {
  "secretsmanager-prohibit-public-access":
    "issue 13 lists secret resource policies among those parsed as IAM documents",
};

it("every peer-baseline policy covers at least one peer rule (or says why not)", () => {
  const used = new Set(data.rules.filter((r) => r.kind === "covered").map((r) => r.detail));
  expect(
    policies
      .filter((p) => isBaselineRule(p) && !used.has(p.name) && !WITHOUT_PEER_RULE[p.name])
      .map((p) => p.name),
  ).toEqual([]);
});

describe("the generator", () => {
  const text = [
    "sources: { a: { repo: o/a, commit: c1 } }",
    "rules:",
    "  a:",
    "    - [A-1, s3, versioning, s3-enable-versioning]",
    '    - [A-2, s3, replication, "gap: a disaster-recovery choice"]',
    '    - [A-3, iam, root MFA, "undecidable: registered by people"]',
    '    - [A-4, s3, access points, "n/a: not created by these stacks"]',
  ].join("\n");

  it("parses rows and classifies coverage", () => {
    const d = parseCoverageData(text);
    expect(d.rules.map((r) => [r.id, r.kind, r.detail])).toEqual([
      ["A-1", "covered", "s3-enable-versioning"],
      ["A-2", "gap", "a disaster-recovery choice"],
      ["A-3", "undecidable", "registered by people"],
      ["A-4", "n/a", "not created by these stacks"],
    ]);
    expect(coverageFigures(d.rules)).toEqual({
      rules: 4,
      covered: 1,
      gaps: 1,
      undecidable: 1,
      notApplicable: 1,
      percent: 50,
    });
  });

  it("rejects malformed rows and names unknown policies and duplicates", () => {
    expect(() => parseCoverageData("rules:\n  a:\n    - [A-1, s3, a, b, c]\n")).toThrow(
      /A-1.*is not \[id, service, fact, coverage\]/,
    );
    const d = parseCoverageData(`${text}\n    - [A-1, s3, again, no-such-policy]`);
    expect(coverageProblems(d, policies)).toEqual([
      "a A-1: listed twice",
      "a A-1: no policy named 'no-such-policy'",
    ]);
  });

  it("renders the summary, the level of each covering policy and a row per rule", () => {
    const page = renderPolicyCoverage(parseCoverageData(text), policies);
    expect(page).toContain("| a | 4 | 1 | 1 | 1 | 1 | 50% |");
    expect(page).toContain("| `s3-enable-versioning` | advisory |");
    expect(page).toContain("| A-2 | s3 | replication | gap: a disaster-recovery choice |  |");
  });
});
