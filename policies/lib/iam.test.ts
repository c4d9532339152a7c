import fc from "fast-check";
import {
  grantsAllActions,
  grantsPublicAccess,
  publicStatements,
  restrictsCallers,
  statementsOf,
  type Statement,
} from "./iam";

const stmt = (s: Record<string, unknown>): Statement => statementsOf({ Statement: [s] })![0];
const allow = (extra: Record<string, unknown>) =>
  stmt({ Effect: "Allow", Action: "sqs:SendMessage", ...extra });

describe("statementsOf", () => {
  test("parses JSON strings and objects, single values and lists, NotAction/NotResource/NotPrincipal", () => {
    const doc = JSON.stringify({
      Version: "2012-10-17",
      Statement: {
        Sid: "A",
        Effect: "Allow",
        NotAction: "iam:*",
        NotResource: ["arn:aws:s3:::x"],
        NotPrincipal: { AWS: "arn:aws:iam::111122223333:root" },
      },
    });
    expect(statementsOf(doc)).toEqual([
      {
        sid: "A",
        effect: "Allow",
        actions: [],
        notActions: ["iam:*"],
        resources: [],
        notResources: ["arn:aws:s3:::x"],
        // NotPrincipal with Allow: everyone but the listed principal (see grantsPublicAccess).
        principals: undefined,
        notPrincipal: true,
      },
    ]);
    expect(statementsOf("not json")).toBeUndefined();
    expect(statementsOf(undefined)).toBeUndefined();
  });
});

describe("restrictsCallers: conditions that do or do not restrict", () => {
  test.each([
    ["aws:SourceArn with ArnEquals", { ArnEquals: { "aws:SourceArn": "arn:aws:sns:eu-west-1:1:t" } }, true],
    [
      "aws:SourceArn with ArnLike on a concrete ARN",
      { ArnLike: { "aws:SourceArn": "arn:aws:s3:::b/*" } },
      true,
    ],
    ["aws:SourceAccount with StringEquals", { StringEquals: { "aws:SourceAccount": "111122223333" } }, true],
    ["aws:PrincipalOrgID", { StringEquals: { "aws:PrincipalOrgID": "o-abc" } }, true],
    ["case-insensitive operator and key", { stringequals: { "AWS:SOURCEACCOUNT": "1" } }, true],
    [
      "ForAnyValue:StringEquals",
      { "ForAnyValue:StringEquals": { "aws:PrincipalOrgPaths": ["o-a/r-b/"] } },
      true,
    ],
    ["aws:SourceIp to a range", { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } }, true],
    ["aws:SourceIp to anywhere", { IpAddress: { "aws:SourceIp": "0.0.0.0/0" } }, false],
    ["aws:SecureTransport only", { Bool: { "aws:SecureTransport": "true" } }, false],
    ["aws:RequestedRegion only", { StringEquals: { "aws:RequestedRegion": "eu-west-1" } }, false],
    ["negated operator", { StringNotEquals: { "aws:SourceAccount": "111122223333" } }, false],
    [
      "...IfExists passes when the key is absent",
      { StringEqualsIfExists: { "aws:SourceAccount": "1" } },
      false,
    ],
    [
      "ForAllValues passes when the key is absent",
      { "ForAllValues:StringEquals": { "aws:PrincipalOrgID": "o" } },
      false,
    ],
    ["StringLike with only a wildcard", { StringLike: { "aws:PrincipalArn": "*" } }, false],
    ["ArnLike with only a wildcard", { ArnLike: { "aws:SourceArn": "*" } }, false],
    ["a wildcard among concrete values", { StringLike: { "aws:SourceAccount": ["1", "*"] } }, false],
    ["Null check", { Null: { "aws:SourceArn": "false" } }, false],
    ["no condition", undefined, false],
  ])("%s -> %s", (_label, condition, expected) => {
    expect(restrictsCallers(condition as Record<string, unknown> | undefined)).toBe(expected);
  });

  test("property: a condition on keys outside the restricting set never restricts", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("StringEquals", "StringLike", "ArnLike", "IpAddress", "Bool"),
        fc.constantFrom("aws:SecureTransport", "aws:RequestedRegion", "aws:CurrentTime", "s3:prefix"),
        fc.array(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 3 }),
        (operator, key, values) => !restrictsCallers({ [operator]: { [key]: values } }),
      ),
    );
  });
});

describe("grantsPublicAccess", () => {
  test.each([
    ['Principal "*"', allow({ Principal: "*" }), true],
    ['Principal {AWS: "*"}', allow({ Principal: { AWS: "*" } }), true],
    ['Principal {AWS: ["*"]}', allow({ Principal: { AWS: ["*"] } }), true],
    ["NotPrincipal with Allow", allow({ NotPrincipal: { AWS: "arn:aws:iam::1:root" } }), true],
    [
      "public with only aws:SecureTransport",
      allow({ Principal: "*", Condition: { Bool: { "aws:SecureTransport": "true" } } }),
      true,
    ],
    [
      "public with aws:SourceArn",
      allow({ Principal: "*", Condition: { ArnEquals: { "aws:SourceArn": "arn:aws:sns:r:1:t" } } }),
      false,
    ],
    ["a service principal", allow({ Principal: { Service: "events.amazonaws.com" } }), false],
    ["an account principal", allow({ Principal: { AWS: "arn:aws:iam::111122223333:root" } }), false],
    ["Deny with Principal *", stmt({ Effect: "Deny", Principal: "*", Action: "*" }), false],
  ])("%s -> %s", (_label, s, expected) => {
    expect(grantsPublicAccess(s)).toBe(expected);
  });

  test("publicStatements returns only the offending statements, [] for an absent document", () => {
    const doc = {
      Statement: [
        {
          Sid: "Deny",
          Effect: "Deny",
          Principal: "*",
          Action: "*",
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
        { Sid: "Public", Effect: "Allow", Principal: "*", Action: "sqs:SendMessage" },
        { Sid: "Own", Effect: "Allow", Principal: { AWS: "arn:aws:iam::1:root" }, Action: "sqs:*" },
      ],
    };
    expect(publicStatements(doc).map((s) => s.sid)).toEqual(["Public"]);
    expect(publicStatements(undefined)).toEqual([]);
  });
});

describe("grantsAllActions", () => {
  test.each([
    ["*", stmt({ Effect: "Allow", Action: "*" }), "sqs", true],
    ["service wildcard", stmt({ Effect: "Allow", Action: "SQS:*" }), "sqs", true],
    ["NotAction", stmt({ Effect: "Allow", NotAction: "sqs:DeleteQueue" }), "sqs", true],
    ["concrete action", stmt({ Effect: "Allow", Action: ["sqs:SendMessage"] }), "sqs", false],
    ["prefix wildcard is not all", stmt({ Effect: "Allow", Action: "sqs:Get*" }), "sqs", false],
    ["Deny", stmt({ Effect: "Deny", Action: "*" }), "sqs", false],
  ])("%s -> %s", (_label, s, service, expected) => {
    expect(grantsAllActions(s, service)).toBe(expected);
  });
});
