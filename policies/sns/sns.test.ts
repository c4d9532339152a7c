import { checkTwins } from "../twins-check";
import { res, violationsOf } from "../testing";
import { snsEncryptTopics } from "./sns-encrypt-topics";
import { snsProhibitPublicAccess } from "./sns-prohibit-public-access";

const TOPIC = "aws:sns/topic:Topic";

describe("sns-encrypt-topics (SNS.1)", () => {
  it("passes with a KMS key, fails without", async () => {
    expect(
      await violationsOf(snsEncryptTopics, [
        res(TOPIC, "alerts", { kmsMasterKeyId: "arn:aws:kms:eu-west-1:123456789012:key/k" }),
      ]),
    ).toEqual([]);
    expect(
      await violationsOf(snsEncryptTopics, [
        res(TOPIC, "alerts", {}),
        res(TOPIC, "b", { kmsMasterKeyId: "" }),
      ]),
    ).toHaveLength(2);
  });
});

describe("sns-prohibit-public-access (SNS.4)", () => {
  const TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy";
  const doc = (s: Record<string, unknown>) =>
    JSON.stringify({
      Statement: [{ Sid: "S", Effect: "Allow", Action: "sns:Publish", Resource: "*", ...s }],
    });
  it("fails for Principal * without a condition, on Topic and TopicPolicy", async () => {
    expect(
      await violationsOf(snsProhibitPublicAccess, [
        res(TOPIC_POLICY, "p", { arn: "t", policy: doc({ Principal: "*" }) }),
        res(TOPIC, "t", { policy: doc({ Principal: { AWS: "*" } }) }),
      ]),
    ).toHaveLength(2);
  });
  it("passes for service principals and conditioned wildcards", async () => {
    const svc = doc({ Principal: { Service: "cloudwatch.amazonaws.com" } });
    const cond = doc({
      Principal: "*",
      Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
    });
    expect(
      await violationsOf(snsProhibitPublicAccess, [
        res(TOPIC_POLICY, "a", { policy: svc }),
        res(TOPIC_POLICY, "b", { policy: cond }),
      ]),
    ).toEqual([]);
  });
});

describe("sns-encrypt-with-cmk (twins)", () => checkTwins("sns-encrypt-with-cmk"));
