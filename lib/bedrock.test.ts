import {
  bedrockInvokeArns,
  foundationModelArn,
  INFERENCE_PROFILE_REGIONS,
  metricModelId,
  parseBedrockModelId,
} from "./bedrock";

describe("parseBedrockModelId", () => {
  it.each([
    [
      "anthropic.claude-3-haiku-20240307-v1:0",
      { kind: "foundation-model", modelId: "anthropic.claude-3-haiku-20240307-v1:0" },
    ],
    ["amazon.titan-embed-text-v2:0", { kind: "foundation-model", modelId: "amazon.titan-embed-text-v2:0" }],
    [
      "eu.anthropic.claude-3-haiku-20240307-v1:0",
      {
        kind: "inference-profile",
        profileId: "eu.anthropic.claude-3-haiku-20240307-v1:0",
        geography: "eu",
        modelId: "anthropic.claude-3-haiku-20240307-v1:0",
      },
    ],
  ])("%s", (id, expected) => expect(parseBedrockModelId(id)).toEqual(expected));

  it.each([
    ["claude-3-haiku", /not a Bedrock model ID/],
    ["gpt-4-turbo", /not a Bedrock model ID/],
    ["global.anthropic.claude-sonnet-4-v1:0", /global cross-Region inference profile/],
    ["us.", /not a Bedrock inference profile ID/],
    ["arn:aws:bedrock:eu-west-1::foundation-model/x", /not a Bedrock model ID/],
  ])("refuses %s", (id, reason) => {
    const p = parseBedrockModelId(id);
    expect("error" in p && p.error).toMatch(reason);
  });
});

describe("bedrockInvokeArns", () => {
  it("a foundation model: exactly its ARN in the stack's region", () => {
    const m = parseBedrockModelId("anthropic.claude-3-haiku-20240307-v1:0");
    expect("error" in m ? [] : bedrockInvokeArns(m, "eu-west-1", "123456789012")).toEqual([
      "arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
    ]);
    expect(foundationModelArn("us-gov-west-1", "x.y")).toBe(
      "arn:aws-us-gov:bedrock:us-gov-west-1::foundation-model/x.y",
    );
  });

  it("an inference profile: the profile in the region and the model in each of its Regions, no wildcard", () => {
    const m = parseBedrockModelId("eu.anthropic.claude-3-haiku-20240307-v1:0");
    if ("error" in m) throw new Error(m.error);
    const arns = bedrockInvokeArns(m, "eu-west-1", "123456789012");
    expect(arns[0]).toBe(
      "arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.anthropic.claude-3-haiku-20240307-v1:0",
    );
    expect(arns.slice(1)).toEqual(
      INFERENCE_PROFILE_REGIONS.eu.map(
        (r) => `arn:aws:bedrock:${r}::foundation-model/anthropic.claude-3-haiku-20240307-v1:0`,
      ),
    );
    for (const a of arns) expect(a).not.toContain("*");
    expect(metricModelId(m)).toBe("eu.anthropic.claude-3-haiku-20240307-v1:0");
    expect(() => bedrockInvokeArns(m, "us-east-1", "123456789012")).toThrow(
      /cannot be invoked from us-east-1/,
    );
  });
});
