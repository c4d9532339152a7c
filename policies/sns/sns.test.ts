import { res, violationsOf } from "../testing";
import { snsEncryptTopics } from "./sns-encrypt-topics";

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
