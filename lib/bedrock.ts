/**
 * Amazon Bedrock facts: what a model identifier looks like, which ARNs a task role needs to invoke it
 * (foundation models in the stack's region; for a cross-Region inference profile, the profile and the
 * foundation model in each destination Region of its geography), and the CloudWatch metrics Bedrock
 * publishes. Pure; imports nothing of the project.
 */

/** The actions that invoke a model (synchronous and streaming responses). Nothing else is ever granted. */
export const BEDROCK_INVOKE_ACTIONS: readonly string[] = [
  "bedrock:InvokeModel",
  "bedrock:InvokeModelWithResponseStream",
];

/** CloudWatch namespace of Bedrock's runtime metrics; every metric has the dimension `ModelId`. */
export const BEDROCK_NAMESPACE = "AWS/Bedrock";

/**
 * Destination Regions of the geographic cross-Region inference profiles, by the profile ID's prefix
 * (`eu.anthropic.claude-...`). From the Bedrock user guide, "Supported Regions and models for inference
 * profiles" (the union over models, compiled 2026-12): a profile routes only to Regions of its geography,
 * and the caller needs the foundation model's ARN in each. `global.` profiles route to every commercial
 * Region, which no explicit list can cover: they are refused (see {@link parseBedrockModelId}).
 */
export const INFERENCE_PROFILE_REGIONS: Readonly<Record<string, readonly string[]>> = {
  us: ["us-east-1", "us-east-2", "us-west-1", "us-west-2"],
  "us-gov": ["us-gov-east-1", "us-gov-west-1"],
  ca: ["ca-central-1", "ca-west-1"],
  eu: ["eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-3"],
  apac: [
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-4",
  ],
  jp: ["ap-northeast-1", "ap-northeast-3"],
  au: ["ap-southeast-2", "ap-southeast-4"],
};

/** A foundation model ID: `<provider>.<model>[:<version>]`, e.g. `anthropic.claude-3-haiku-20240307-v1:0`. */
const FOUNDATION_MODEL_ID = /^[a-z][a-z0-9-]*\.[a-z0-9][a-z0-9._:-]*$/;

/** A model the report names, as Bedrock identifies it. */
export type BedrockModelId =
  | { readonly kind: "foundation-model"; readonly modelId: string }
  | {
      readonly kind: "inference-profile";
      /** The profile ID as invoked, e.g. `eu.anthropic.claude-3-haiku-20240307-v1:0`. */
      readonly profileId: string;
      /** Its geography prefix, a key of {@link INFERENCE_PROFILE_REGIONS}. */
      readonly geography: string;
      /** The foundation model it routes to. */
      readonly modelId: string;
    };

/**
 * Parse a Bedrock model identifier; a string that is not one gets the reason. A leading geography prefix
 * (`us.`, `eu.`, `apac.`, ...) makes it a cross-Region inference profile; `global.` is refused (its
 * destinations are every commercial Region, so it cannot be granted without a Region wildcard).
 */
export function parseBedrockModelId(id: string): BedrockModelId | { readonly error: string } {
  const text = id.trim();
  const dot = text.indexOf(".");
  const prefix = dot > 0 ? text.slice(0, dot) : "";
  if (prefix === "global")
    return {
      error: `"${text}" is a global cross-Region inference profile: it routes to every commercial Region, which cannot be granted without a Region wildcard`,
    };
  if (INFERENCE_PROFILE_REGIONS[prefix]) {
    const modelId = text.slice(dot + 1);
    if (!FOUNDATION_MODEL_ID.test(modelId))
      return { error: `"${text}" is not a Bedrock inference profile ID (<geography>.<provider>.<model>)` };
    return { kind: "inference-profile", profileId: text, geography: prefix, modelId };
  }
  if (!FOUNDATION_MODEL_ID.test(text))
    return {
      error: `"${text}" is not a Bedrock model ID (<provider>.<model>, e.g. anthropic.claude-3-haiku-20240307-v1:0)`,
    };
  return { kind: "foundation-model", modelId: text };
}

/** The partition of a Region (`aws`, `aws-us-gov`, `aws-cn`). */
export function partitionOf(region: string): string {
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("cn-")) return "aws-cn";
  return "aws";
}

/** `arn:<partition>:bedrock:<region>::foundation-model/<id>`. */
export function foundationModelArn(region: string, modelId: string): string {
  return `arn:${partitionOf(region)}:bedrock:${region}::foundation-model/${modelId}`;
}

/**
 * The ARNs a caller in `region` (account `accountId`) needs to invoke `model`, and no other: the
 * foundation model in the Region; for an inference profile, the profile in the Region and the foundation
 * model in each destination Region of its geography. Throws when the Region is not in the profile's
 * geography (the profile cannot be invoked from there).
 */
export function bedrockInvokeArns(model: BedrockModelId, region: string, accountId: string): string[] {
  if (model.kind === "foundation-model") return [foundationModelArn(region, model.modelId)];
  const regions = INFERENCE_PROFILE_REGIONS[model.geography];
  if (!regions.includes(region))
    throw new Error(
      `the inference profile ${model.profileId} cannot be invoked from ${region} (its Regions: ${regions.join(", ")})`,
    );
  return [
    `arn:${partitionOf(region)}:bedrock:${region}:${accountId}:inference-profile/${model.profileId}`,
    ...regions.map((r) => foundationModelArn(r, model.modelId)),
  ];
}

/** The ModelId dimension value Bedrock publishes metrics under (the ID as invoked). */
export function metricModelId(model: BedrockModelId): string {
  return model.kind === "inference-profile" ? model.profileId : model.modelId;
}
