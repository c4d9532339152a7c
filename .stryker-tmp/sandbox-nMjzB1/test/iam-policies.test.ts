/**
 * The IAM policies users apply (docs/iam/*.json): each is a valid IAM policy document (grammar of the IAM
 * JSON policy reference: Version, Statement, Effect, Action/NotAction, Resource/NotResource or Principal,
 * known condition operators), docs/ci-cd.md names every one, and the preview role can never change anything.
 */
// @ts-nocheck

import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const DIR = join(__dirname, "..", "docs", "iam");
const FILES = readdirSync(DIR).filter((f) => f.endsWith(".json"));
const load = (f: string) => JSON.parse(readFileSync(join(DIR, f), "utf8")) as PolicyDocument;

interface Statement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Principal?: unknown;
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: string | string[];
  readonly NotResource?: string | string[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}
interface PolicyDocument {
  readonly Version: string;
  readonly Statement: Statement[];
}

const OPERATORS =
  /^(ForAnyValue:|ForAllValues:)?(StringEquals|StringNotEquals|StringEqualsIgnoreCase|StringLike|StringNotLike|NumericEquals|NumericLessThan|NumericGreaterThan|DateGreaterThan|DateLessThan|Bool|ArnEquals|ArnLike|IpAddress|NotIpAddress|Null)(IfExists)?$/;
const ACTION = /^([a-z0-9-]+:[A-Za-z0-9*]+|\*)$/;
const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Problems of one document (empty when valid); `trust` documents need a Principal and no Resource. */
export function policyProblems(doc: PolicyDocument, trust: boolean): string[] {
  const problems: string[] = [];
  if (doc.Version !== "2012-10-17") problems.push(`Version must be "2012-10-17"`);
  if (!Array.isArray(doc.Statement) || doc.Statement.length === 0) return [...problems, "Statement is empty"];
  const sids = new Set<string>();
  doc.Statement.forEach((s, i) => {
    const at = `Statement[${i}]`;
    if (s.Effect !== "Allow" && s.Effect !== "Deny") problems.push(`${at}.Effect must be Allow or Deny`);
    if (s.Sid !== undefined) {
      if (!/^[A-Za-z0-9]+$/.test(s.Sid)) problems.push(`${at}.Sid must be alphanumeric`);
      if (sids.has(s.Sid)) problems.push(`${at}.Sid ${s.Sid} is repeated`);
      sids.add(s.Sid);
    }
    if ((s.Action === undefined) === (s.NotAction === undefined))
      problems.push(`${at} needs exactly one of Action, NotAction`);
    for (const a of [...list(s.Action), ...list(s.NotAction)])
      if (!ACTION.test(a)) problems.push(`${at}: "${a}" is not service:Action`);
    if (trust) {
      if (s.Principal === undefined) problems.push(`${at}.Principal is required in a trust policy`);
      if (s.Resource !== undefined) problems.push(`${at}.Resource has no place in a trust policy`);
    } else {
      if (s.Principal !== undefined) problems.push(`${at}.Principal has no place in an identity policy`);
      if ((s.Resource === undefined) === (s.NotResource === undefined))
        problems.push(`${at} needs exactly one of Resource, NotResource`);
      for (const r of [...list(s.Resource), ...list(s.NotResource)])
        if (r !== "*" && !/^arn:aws:[a-z0-9-]+:[^:]*:[^:]*:.+$/.test(r))
          problems.push(`${at}: "${r}" is not an ARN`);
    }
    for (const op of Object.keys(s.Condition ?? {}))
      if (!OPERATORS.test(op)) problems.push(`${at}.Condition: unknown operator ${op}`);
  });
  return problems;
}

describe("IAM policies in docs/iam", () => {
  it("are the deploy, preview/drift and DR-drill roles, each with its trust policy", () => {
    expect(FILES.sort()).toEqual([
      "deploy-role-trust.json",
      "deploy-role.json",
      "dr-drill-role-trust.json",
      "dr-drill-role.json",
      "preview-role-trust.json",
      "preview-role.json",
    ]);
  });

  it.each(FILES)("%s is a valid IAM policy document", (f) => {
    expect(policyProblems(load(f), f.endsWith("-trust.json"))).toEqual([]);
  });

  it("the validator does reject broken documents", () => {
    const broken = {
      Version: "2008-10-17",
      Statement: [
        {
          Sid: "a-b",
          Effect: "Permit",
          Action: "ec2 Describe",
          Resource: "vpc-123",
          Condition: { StringEqual: {} },
        },
        { Sid: "x", Effect: "Allow", Action: "s3:GetObject", NotAction: "s3:Put*", Principal: "*" },
      ],
    } as unknown as PolicyDocument;
    expect(policyProblems(broken, false)).toEqual([
      'Version must be "2012-10-17"',
      "Statement[0].Effect must be Allow or Deny",
      "Statement[0].Sid must be alphanumeric",
      'Statement[0]: "ec2 Describe" is not service:Action',
      'Statement[0]: "vpc-123" is not an ARN',
      "Statement[0].Condition: unknown operator StringEqual",
      "Statement[1] needs exactly one of Action, NotAction",
      "Statement[1].Principal has no place in an identity policy",
      "Statement[1] needs exactly one of Resource, NotResource",
    ]);
    expect(policyProblems({ Version: "2012-10-17", Statement: [] }, true)).toEqual(["Statement is empty"]);
  });

  it("each trust policy admits exactly its GitHub environments, never a branch or pull request", () => {
    const subjects = (f: string) =>
      load(f).Statement.flatMap((s) =>
        list(s.Condition?.StringEquals?.["token.actions.githubusercontent.com:sub"] as string | string[]),
      );
    expect(subjects("deploy-role-trust.json")).toEqual([
      "repo:<owner>/<repo>:environment:<stack>",
      "repo:<owner>/<repo>:environment:<stack>-rollback",
    ]);
    expect(subjects("preview-role-trust.json")).toEqual(["repo:<owner>/<repo>:environment:preview-<stack>"]);
    expect(subjects("dr-drill-role-trust.json")).toEqual([
      "repo:<owner>/<repo>:environment:dr-drill-<stack>",
    ]);
  });

  it("the preview/drift role reads only, and denies everything else even if more is attached", () => {
    const doc = load("preview-role.json");
    const readOnly = /^[a-z0-9-]+:(Describe|Get|List)[A-Za-z*]*$/;
    const allowed = doc.Statement.filter((s) => s.Effect === "Allow").flatMap((s) => list(s.Action));
    const writes = allowed.filter(
      (a) => !readOnly.test(a) && !["kms:Decrypt", "sts:GetCallerIdentity"].includes(a),
    );
    expect(writes).toEqual([]);
    // The explicit deny of everything the role does not grant wins over any policy attached later.
    const deny = doc.Statement.find((s) => s.Effect === "Deny" && s.Resource === "*");
    expect(list(deny?.NotAction).sort()).toEqual([...new Set(allowed)].sort());
    // Refreshing a SecretVersion reads its value: only the stack's own secrets.
    const secrets = doc.Statement.find((s) => list(s.Action).includes("secretsmanager:GetSecretValue"));
    expect(secrets?.Resource).toMatch(/:secret:slipway\/\*$/);
  });

  it("the DR-drill role deletes only instances tagged as drills", () => {
    const del = load("dr-drill-role.json").Statement.find((s) =>
      list(s.Action).includes("rds:DeleteDBInstance"),
    );
    expect(del?.Condition?.StringEquals?.["aws:ResourceTag/slipway:purpose"]).toBe("dr-drill");
  });

  it("docs/ci-cd.md names every policy file", () => {
    const doc = readFileSync(join(__dirname, "..", "docs", "ci-cd.md"), "utf8");
    for (const f of FILES) expect({ f, named: doc.includes(`docs/iam/${f}`) }).toEqual({ f, named: true });
  });
});
