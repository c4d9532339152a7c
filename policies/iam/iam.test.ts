import { checkTwins } from "../twins-check";
import { res, violationsOf } from "../testing";
import { iamForbidFullAdmin } from "./iam-forbid-full-admin";
import { iamForbidServiceWildcardActions } from "./iam-forbid-service-wildcard-actions";

const POLICY = "aws:iam/policy:Policy";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const GROUP_POLICY = "aws:iam/groupPolicy:GroupPolicy";
const ROLE = "aws:iam/role:Role";
const doc = (s: Record<string, unknown>) =>
  JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", ...s }] });

describe("iam-forbid-full-admin (IAM.1)", () => {
  it("fails for * on *, in managed, inline and role inline policies (object or JSON)", async () => {
    const admin = doc({ Action: "*", Resource: "*" });
    expect(await violationsOf(iamForbidFullAdmin, [res(POLICY, "p", { policy: admin })])).toHaveLength(1);
    expect(
      await violationsOf(iamForbidFullAdmin, [res(GROUP_POLICY, "g", { policy: JSON.parse(admin) })]),
    ).toHaveLength(1);
    expect(
      await violationsOf(iamForbidFullAdmin, [
        res(ROLE, "r", {
          inlinePolicies: [{ name: "all", policy: doc({ NotAction: "iam:*", Resource: "*" }) }],
        }),
      ]),
    ).toHaveLength(1);
  });
  it("passes for scoped policies and Deny", async () => {
    expect(
      await violationsOf(iamForbidFullAdmin, [
        res(POLICY, "p", { policy: doc({ Action: "*", Resource: "arn:aws:s3:::b/*" }) }),
        res(ROLE_POLICY, "d", { policy: doc({ Effect: "Deny", Action: "*", Resource: "*" }) }),
      ]),
    ).toEqual([]);
  });
});

describe("iam-forbid-service-wildcard-actions (IAM.21)", () => {
  it("fails for service:* and *", async () => {
    const v = await violationsOf(iamForbidServiceWildcardActions, [
      res(ROLE_POLICY, "p", { policy: doc({ Action: ["logs:*", "s3:GetObject"], Resource: "*" }) }),
    ]);
    expect(v[0].message).toMatch(/allows logs:\*/);
    expect(
      await violationsOf(iamForbidServiceWildcardActions, [
        res(POLICY, "p", { policy: doc({ Action: "*", Resource: "arn:x" }) }),
      ]),
    ).toHaveLength(1);
  });
  it("passes for specific and partially wildcarded actions", async () => {
    expect(
      await violationsOf(iamForbidServiceWildcardActions, [
        res(POLICY, "p", { policy: doc({ Action: ["s3:Get*", "logs:PutLogEvents"], Resource: "*" }) }),
      ]),
    ).toEqual([]);
  });
});

describe("iam-forbid-admin-attachments (twins)", () => checkTwins("iam-forbid-admin-attachments"));
describe("iam-forbid-user-policies (twins)", () => checkTwins("iam-forbid-user-policies"));
describe("iam-require-strong-password-policy (twins)", () =>
  checkTwins("iam-require-strong-password-policy"));
describe("iam-restrict-pass-role (twins)", () => checkTwins("iam-restrict-pass-role"));
describe("iam-restrict-sensitive-actions (twins)", () => checkTwins("iam-restrict-sensitive-actions"));
describe("iam-restrict-trust-policies (twins)", () => checkTwins("iam-restrict-trust-policies"));
