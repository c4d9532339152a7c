import { checkTwins } from "../twins-check";
import { blamed, res, violationsOf } from "../testing";
import { secretsmanagerEnableRotation } from "./secretsmanager-enable-rotation";

const SECRET = "aws:secretsmanager/secret:Secret";
const ROTATION = "aws:secretsmanager/secretRotation:SecretRotation";
const secret = res(
  SECRET,
  "api-key",
  {},
  { outputs: { arn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:api-key-AbCdEf" } },
);

describe("secretsmanager-enable-rotation (SecretsManager.1, advisory)", () => {
  it("passes with a rotation joined by id, ARN or dependency", async () => {
    const byId = res(ROTATION, "rot", {
      secretId: "api-key-id",
      rotationRules: { automaticallyAfterDays: 30 },
    });
    expect(await violationsOf(secretsmanagerEnableRotation, [secret, byId])).toEqual([]);
    const byArn = res(ROTATION, "rot", {
      secretId: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:api-key-AbCdEf",
      rotationRules: { automaticallyAfterDays: 30 },
    });
    expect(await violationsOf(secretsmanagerEnableRotation, [secret, byArn])).toEqual([]);
    const byDep = res(
      ROTATION,
      "rot",
      { rotationRules: { automaticallyAfterDays: 7 } },
      { propertyDependencies: { secretId: [secret.urn] } },
    );
    expect(await violationsOf(secretsmanagerEnableRotation, [secret, byDep])).toEqual([]);
  });
  it("reports (advisory) a secret without rotation or rotating too rarely", async () => {
    const v = await violationsOf(secretsmanagerEnableRotation, [
      secret,
      res(ROTATION, "rot", { secretId: "other-id" }),
    ]);
    expect(v.map((x) => [x.urn, x.enforcementLevel])).toEqual([[secret.urn, "advisory"]]);
    const slow = res(ROTATION, "rot", {
      secretId: "api-key-id",
      rotationRules: { automaticallyAfterDays: 365 },
    });
    expect(await blamed(secretsmanagerEnableRotation, [secret, slow])).toEqual([secret.urn]);
  });
});

describe("secretsmanager-encrypt-with-cmk (twins)", () => checkTwins("secretsmanager-encrypt-with-cmk"));
describe("secretsmanager-prohibit-public-access (twins)", () =>
  checkTwins("secretsmanager-prohibit-public-access"));
