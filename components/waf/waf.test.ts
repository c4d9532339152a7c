import * as pulumi from "@pulumi/pulumi";
import { createMocks } from "../../automation/engine/mocks";
import { inspect } from "../../test/harness/pulumi";

const { mocks, registrations } = createMocks({ region: "eu-west-1" });
pulumi.runtime.setMocks(mocks, "slipway", "production", false);

import { MANAGED_RULE_GROUPS, RATE_RULE, WebAcl, webAclRules } from "./waf";

const { registered } = inspect(registrations);

test("regional ACL: managed groups (no override), a blocking per-IP rate rule, allow by default, association", async () => {
  new WebAcl("api-waf", { scope: "REGIONAL", associateWith: "arn:alb", rateLimitPer5Minutes: 500 });
  const acl = await registered("aws:wafv2/webAcl:WebAcl", "api-waf-acl");
  expect(acl.inputs).toMatchObject({ scope: "REGIONAL", defaultAction: { allow: {} } });
  const rules = acl.inputs.rules as Record<string, unknown>[];
  expect(rules.map((r) => [r.name, r.priority])).toEqual([
    [MANAGED_RULE_GROUPS[0], 10],
    [MANAGED_RULE_GROUPS[1], 20],
    [MANAGED_RULE_GROUPS[2], 30],
    [RATE_RULE, 40],
  ]);
  expect(rules[3]).toMatchObject({
    action: { block: {} },
    statement: { rateBasedStatement: { limit: 500, aggregateKeyType: "IP" } },
  });
  const association = await registered(
    "aws:wafv2/webAclAssociation:WebAclAssociation",
    "api-waf-association",
  );
  expect(association.inputs).toMatchObject({ resourceArn: "arn:alb" });
});

test("metric names stay within WAF's 128 characters", () => {
  for (const r of webAclRules("x".repeat(200), 2000))
    expect((r.visibilityConfig as { metricName: string }).metricName.length).toBeLessThanOrEqual(128);
});

test("bad arguments name the argument", () => {
  expect(() => new WebAcl("a", { scope: "REGIONAL", rateLimitPer5Minutes: 5 })).toThrow(
    /args.rateLimitPer5Minutes: must be a whole number from 10/,
  );
  expect(() => new WebAcl("b", { scope: "CLOUDFRONT", associateWith: "arn" })).toThrow(/args.associateWith/);
});
