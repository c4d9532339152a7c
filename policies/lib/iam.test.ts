import fc from "fast-check";
import {
  allResources,
  grantsAction,
  grantsAllActions,
  grantsPublicAccess,
  publicPrincipal,
  publicStatements,
  restrictsCallers,
  statementLabel,
  statementsOf,
  wildcardMatch,
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

describe("statementsOf: the spellings Pulumi and AWS documents use", () => {
  test("lower-case keys (aws.iam.getPolicyDocument style) and plural lists", () => {
    const [a, b] = statementsOf({
      statements: [
        {
          sid: "L",
          effect: "Deny",
          actions: ["s3:GetObject"],
          resources: ["arn:aws:s3:::b/*"],
          principal: { AWS: ["arn:aws:iam::1:root", "arn:aws:iam::2:root"] },
          condition: { Bool: { "aws:SecureTransport": "false" } },
        },
        { effect: "Allow", notActions: ["iam:*"], notResources: ["arn:aws:iam::1:role/x"], notPrincipal: {} },
      ],
    })!;
    expect(a).toEqual({
      sid: "L",
      effect: "Deny",
      actions: ["s3:GetObject"],
      notActions: [],
      resources: ["arn:aws:s3:::b/*"],
      notResources: [],
      principals: [
        { kind: "AWS", value: "arn:aws:iam::1:root" },
        { kind: "AWS", value: "arn:aws:iam::2:root" },
      ],
      notPrincipal: false,
      condition: { Bool: { "aws:SecureTransport": "false" } },
    });
    expect(b).toMatchObject({
      notActions: ["iam:*"],
      notResources: ["arn:aws:iam::1:role/x"],
      notPrincipal: true,
    });
    expect(statementsOf({ statement: { action: "a:b", resource: "*" } })![0]).toMatchObject({
      effect: "Allow",
      actions: ["a:b"],
      resources: ["*"],
    });
  });

  test("skips non-object statements, drops empty conditions, non-string sids and values", () => {
    const all = statementsOf({
      Statement: [null, 7, "x", { Sid: 3, Effect: "deny", Action: ["s3:GetObject", 5], Condition: {} }],
    })!;
    expect(all).toEqual([
      {
        effect: "Allow", // only "Deny" exactly denies
        actions: ["s3:GetObject"],
        notActions: [],
        resources: [],
        notResources: [],
        principals: undefined,
        notPrincipal: false,
      },
    ]);
    expect(statementsOf({ Version: "2012-10-17" })).toEqual([]);
    expect(statementsOf([{ Effect: "Allow" }])).toBeUndefined();
    expect(stmt({ Effect: "Allow", Principal: "arn:aws:iam::1:root" }).principals).toEqual([]);
    expect(stmt({ Effect: "Allow", Principal: { Service: ["a.amazonaws.com", 1] } }).principals).toEqual([
      { kind: "Service", value: "a.amazonaws.com" },
    ]);
  });
});

describe("wildcardMatch: IAM wildcards, anchored at both ends", () => {
  test.each([
    ["s3:GetObject", "s3:GetObject", true],
    ["s3:getobject", "S3:GetObject", true],
    ["s3:Get*", "s3:GetObject", true],
    ["s3:Get*", "s3:Get", true],
    ["*", "anything:AtAll", true],
    ["s3:Get?bject", "s3:GetObject", true],
    ["s3:Get?bject", "s3:Getbject", false],
    ["s3:Get", "s3:GetObject", false], // anchored at the end
    ["Get*", "s3:GetObject", false], // anchored at the start
    ["*Object", "s3:GetObjectAcl", false],
    ["s3:Get.bject", "s3:GetObject", false], // "." is literal
    ["s3:(Get)+", "s3:GetGet", false],
    ["s3:(Get)+", "s3:(Get)+", true],
    ["arn:aws:s3:::b[1]", "arn:aws:s3:::b[1]", true],
    ["a$b^c", "a$b^c", true],
    ["a\\b", "a\\b", true],
  ])("%s ~ %s -> %s", (pattern, value, expected) => {
    expect(wildcardMatch(pattern, value)).toBe(expected);
  });

  test("property: an ASCII pattern without wildcards matches exactly itself (any case)", () => {
    fc.assert(
      fc.property(
        fc.string().filter((p) => !/[*?]/.test(p)),
        fc.string(),
        (p, other) => {
          expect(wildcardMatch(p, p)).toBe(true);
          expect(wildcardMatch(p, p.toUpperCase())).toBe(true); // fc.string() is ASCII
          if (other.toLowerCase() !== p.toLowerCase()) expect(wildcardMatch(p, other)).toBe(false);
        },
      ),
    );
  });
});

describe("grantsAction, allResources, publicPrincipal, statementLabel", () => {
  test.each([
    ["a listed action", { Action: "kms:Decrypt" }, "kms:Decrypt", true],
    ["a service wildcard", { Action: "kms:*" }, "kms:Decrypt", true],
    ["another action", { Action: ["kms:Encrypt"] }, "kms:Decrypt", false],
    ["NotAction not listing it grants it", { NotAction: "iam:*" }, "kms:Decrypt", true],
    ["NotAction listing it does not", { NotAction: ["kms:Decrypt"] }, "kms:Decrypt", false],
    ["NotAction by wildcard does not", { NotAction: ["kms:*"] }, "kms:Decrypt", false],
    ["no action at all", {}, "kms:Decrypt", false],
  ])("grantsAction: %s", (_label, extra, action, expected) => {
    expect(grantsAction(stmt({ Effect: "Allow", ...extra }), action)).toBe(expected);
  });

  test.each([
    ["Resource *", { Resource: "*" }, true],
    ["Resource * among others", { Resource: ["arn:aws:s3:::b", "*"] }, true],
    ["NotResource", { NotResource: "arn:aws:s3:::b" }, true],
    ["a concrete resource", { Resource: "arn:aws:s3:::b" }, false],
    ["a resource wildcard is not every resource", { Resource: "arn:aws:s3:::*" }, false],
    ["none", {}, false],
  ])("allResources: %s", (_label, extra, expected) => {
    expect(allResources(stmt({ Effect: "Allow", ...extra }))).toBe(expected);
  });

  test.each([
    ["*", { Principal: "*" }, true],
    ["AWS *", { Principal: { AWS: "*" } }, true],
    ["NotPrincipal", { NotPrincipal: { AWS: "arn:aws:iam::1:root" } }, true],
    ["AWS account", { Principal: { AWS: "111122223333" } }, false],
    ["a service named *", { Principal: { Service: "*" } }, false],
    ["AWS * among accounts", { Principal: { AWS: ["1", "*"] } }, true],
    ["no principal", {}, false],
  ])("publicPrincipal: %s", (_label, extra, expected) => {
    expect(publicPrincipal(stmt({ Effect: "Allow", Action: "s3:GetObject", ...extra }))).toBe(expected);
  });

  test("statementLabel: the Sid, else the 1-based position", () => {
    expect(statementLabel(stmt({ Sid: "Read" }), 4)).toBe("statement 'Read'");
    expect(statementLabel(stmt({}), 0)).toBe("statement 1");
    expect(statementLabel(stmt({}), 2)).toBe("statement 3");
  });
});

describe("restrictsCallers: values and operators at the edges", () => {
  test.each([
    ["ArnLike arn:aws:*", { ArnLike: { "aws:SourceArn": "arn:aws:*" } }, false],
    ["StringLike ?*", { StringLike: { "aws:PrincipalArn": "?*" } }, false],
    ["StringLike with a concrete prefix", { StringLike: { "aws:PrincipalArn": "arn:aws:iam::1:*" } }, true],
    ["StringEquals with a literal *", { StringEquals: { "aws:SourceAccount": "*" } }, true],
    ["StringEquals empty string", { StringEquals: { "aws:SourceAccount": "" } }, false],
    ["StringEquals no values", { StringEquals: { "aws:SourceAccount": [] } }, false],
    ["IpAddress ::/0", { IpAddress: { "aws:SourceIp": "::/0" } }, false],
    ["IpAddress a v6 range", { IpAddress: { "aws:SourceIp": "2001:db8::/32" } }, true],
    ["NotIpAddress", { NotIpAddress: { "aws:SourceIp": "203.0.113.0/24" } }, false],
    ["StringLikeIfExists", { StringLikeIfExists: { "aws:SourceArn": "arn:aws:s3:::b" } }, false],
    ["StringEqualsIgnoreCase", { StringEqualsIgnoreCase: { "aws:SourceAccount": "1" } }, true],
    ["a non-object block", { StringEquals: "aws:SourceAccount" }, false],
    [
      "one restricting block among others",
      { Bool: { "aws:SecureTransport": "true" }, ArnEquals: { "aws:SourceArn": "arn:aws:sns:r:1:t" } },
      true,
    ],
    ["kms:ViaService", { StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } }, true],
    ["kms:CallerAccount", { StringEquals: { "kms:CallerAccount": "111122223333" } }, true],
    ["aws:SourceVpce", { StringEquals: { "aws:SourceVpce": "vpce-1" } }, true],
  ])("%s -> %s", (_label, condition, expected) => {
    expect(restrictsCallers(condition as Record<string, unknown>)).toBe(expected);
  });

  test("only the given keys count when a caller passes its own set", () => {
    const cond = { StringEquals: { "aws:SourceAccount": "1" } };
    expect(restrictsCallers(cond, new Set(["aws:principalorgid"]))).toBe(false);
    expect(restrictsCallers(cond, new Set(["aws:sourceaccount"]))).toBe(true);
  });
});

describe("grantsPublicAccess and grantsAllActions at the edges", () => {
  test("a Deny with NotPrincipal is never a public grant; a JSON string document is read", () => {
    expect(grantsPublicAccess(stmt({ Effect: "Deny", NotPrincipal: { AWS: "1" }, Action: "*" }))).toBe(false);
    const doc = JSON.stringify({
      Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sns:Publish" }],
    });
    expect(publicStatements(doc)).toHaveLength(1);
  });

  test.each([
    ["* without a service", stmt({ Effect: "Allow", Action: "*" }), undefined, true],
    ["service wildcard without a service", stmt({ Effect: "Allow", Action: "sqs:*" }), undefined, false],
    ["another service's wildcard", stmt({ Effect: "Allow", Action: "sns:*" }), "sqs", false],
    ["NotAction under Deny", stmt({ Effect: "Deny", NotAction: "sqs:*" }), "sqs", false],
    ["a longer action with the service prefix", stmt({ Effect: "Allow", Action: "sqs:**" }), "sqs", false],
  ])("grantsAllActions: %s", (_label, s, service, expected) => {
    expect(grantsAllActions(s, service)).toBe(expected);
  });
});

test.each([
  "aws:SourceOwner",
  "aws:SourceOrgID",
  "aws:SourceOrgPaths",
  "aws:PrincipalAccount",
  "aws:PrincipalArn",
  "aws:userid",
  "aws:username",
  "aws:SourceVpc",
  "aws:CalledVia",
])("restrictsCallers: %s with StringEquals to a concrete value restricts", (key) => {
  expect(restrictsCallers({ StringEquals: { [key]: "x-1" } })).toBe(true);
});
