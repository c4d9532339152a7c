import { checkTwins } from "../twins-check";
import { res, violationsOf } from "../testing";
import { kmsEnableKeyRotation } from "./kms-enable-key-rotation";
import { kmsProhibitPublicAccess } from "./kms-prohibit-public-access";
import { kmsRestrictDecryptInInlinePolicies } from "./kms-restrict-decrypt-in-inline-policies";
import { kmsRestrictDecryptInManagedPolicies } from "./kms-restrict-decrypt-in-managed-policies";

const POLICY = "aws:iam/policy:Policy";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const USER_POLICY = "aws:iam/userPolicy:UserPolicy";
const ROLE = "aws:iam/role:Role";
const KEY = "aws:kms/key:Key";
const KEY_POLICY = "aws:kms/keyPolicy:KeyPolicy";

const doc = (statement: Record<string, unknown>) =>
  JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "S", Effect: "Allow", ...statement }] });
const decryptAll = doc({ Action: ["kms:Decrypt"], Resource: "*" });
const decryptOne = doc({ Action: "kms:Decrypt", Resource: "arn:aws:kms:eu-west-1:123456789012:key/abc" });

describe("kms-restrict-decrypt-in-managed-policies (KMS.1)", () => {
  it("fails for kms:Decrypt, kms:* or * on all keys in an aws.iam.Policy", async () => {
    expect(
      await violationsOf(kmsRestrictDecryptInManagedPolicies, [res(POLICY, "p", { policy: decryptAll })]),
    ).toHaveLength(1);
    expect(
      await violationsOf(kmsRestrictDecryptInManagedPolicies, [
        res(POLICY, "p", { policy: doc({ Action: "kms:*", Resource: ["*"] }) }),
      ]),
    ).toHaveLength(1);
    expect(
      await violationsOf(kmsRestrictDecryptInManagedPolicies, [
        res(POLICY, "p", { policy: JSON.parse(doc({ Action: "*", Resource: "*" })) }),
      ]),
    ).toHaveLength(1);
  });
  it("passes for scoped keys, denies, and inline policies (KMS.2's job)", async () => {
    expect(
      await violationsOf(kmsRestrictDecryptInManagedPolicies, [res(POLICY, "p", { policy: decryptOne })]),
    ).toEqual([]);
    expect(
      await violationsOf(kmsRestrictDecryptInManagedPolicies, [
        res(POLICY, "p", { policy: decryptAll.replace("Allow", "Deny") }),
      ]),
    ).toEqual([]);
    expect(
      await violationsOf(kmsRestrictDecryptInManagedPolicies, [
        res(ROLE_POLICY, "p", { policy: decryptAll }),
      ]),
    ).toEqual([]);
  });
});

describe("kms-restrict-decrypt-in-inline-policies (KMS.2)", () => {
  it("fails for RolePolicy, UserPolicy and role inlinePolicies on all keys", async () => {
    expect(
      await violationsOf(kmsRestrictDecryptInInlinePolicies, [
        res(ROLE_POLICY, "p", { policy: decryptAll }),
        res(USER_POLICY, "u", { policy: doc({ Action: "kms:ReEncryptFrom", Resource: "*" }) }),
      ]),
    ).toHaveLength(2);
    const role = res(ROLE, "task", { inlinePolicies: [{ name: "kms", policy: decryptAll }] });
    expect((await violationsOf(kmsRestrictDecryptInInlinePolicies, [role]))[0].message).toMatch(
      /role 'task' inline policy 'kms'/,
    );
  });
  it("passes for scoped inline policies", async () => {
    expect(
      await violationsOf(kmsRestrictDecryptInInlinePolicies, [
        res(ROLE_POLICY, "p", { policy: decryptOne }),
        res(ROLE, "r", { inlinePolicies: [] }),
      ]),
    ).toEqual([]);
  });
});

describe("kms-prohibit-public-access (KMS.5)", () => {
  it("fails for Principal * without conditions, on Key and KeyPolicy", async () => {
    expect(
      await violationsOf(kmsProhibitPublicAccess, [
        res(KEY, "k", { policy: doc({ Principal: "*", Action: "kms:*", Resource: "*" }) }),
      ]),
    ).toHaveLength(1);
    expect(
      await violationsOf(kmsProhibitPublicAccess, [
        res(KEY_POLICY, "kp", {
          keyId: "k",
          policy: doc({ Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*" }),
        }),
      ]),
    ).toHaveLength(1);
  });
  it("passes for the account root and for conditioned wildcards", async () => {
    const root = doc({
      Principal: { AWS: "arn:aws:iam::123456789012:root" },
      Action: "kms:*",
      Resource: "*",
    });
    const conditioned = doc({
      Principal: "*",
      Action: "kms:Decrypt",
      Resource: "*",
      Condition: { StringEquals: { "kms:CallerAccount": "123456789012" } },
    });
    expect(
      await violationsOf(kmsProhibitPublicAccess, [
        res(KEY, "k", { policy: root }),
        res(KEY_POLICY, "kp", { policy: conditioned }),
      ]),
    ).toEqual([]);
  });
});

describe("kms-enable-key-rotation (KMS.4)", () => {
  it("fails for symmetric keys without rotation, ignores asymmetric keys", async () => {
    expect(await violationsOf(kmsEnableKeyRotation, [res(KEY, "k", {})])).toHaveLength(1);
    expect(
      await violationsOf(kmsEnableKeyRotation, [
        res(KEY, "k", { enableKeyRotation: true }),
        res(KEY, "rsa", { customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" }),
      ]),
    ).toEqual([]);
  });
});

describe("kms-configure-key-policy (twins)", () => checkTwins("kms-configure-key-policy"));
describe("kms-enable-keys (twins)", () => checkTwins("kms-enable-keys"));
describe("kms-forbid-policy-lockout-bypass (twins)", () => checkTwins("kms-forbid-policy-lockout-bypass"));
