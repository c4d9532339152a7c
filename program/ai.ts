/**
 * The AI components' share of the program (pure): which Bedrock models the AI report's users may
 * invoke, with the ARNs in the stack's region (checked before anything is registered), and the Bedrock
 * invocation alarms (errors, throttles, latency; namespace AWS/Bedrock, dimension ModelId) handed to the
 * Monitoring component as `additionalAlarms`.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { AdditionalAlarm } from "../components/monitoring";
import {
  BEDROCK_NAMESPACE,
  type BedrockModelId,
  INFERENCE_PROFILE_REGIONS,
  bedrockInvokeArns,
  parseBedrockModelId,
} from "../lib/bedrock";
import { InputError, InputErrors } from "../lib/errors";
import { FILES } from "../release/derive";
import type { BedrockModelSpec, Release } from "../release/model";

/** What the AI report's users may invoke: the models and the ARNs each needs. */
export interface BedrockGrant {
  /** The models with their ARNs, for the caller's account (only inference profiles use it). */
  readonly models: (accountId: string) => { readonly id: string; readonly arns: string[] }[];
  /** The account, when an inference profile needs it. */
  readonly accountId?: pulumi.Output<string>;
}

function parsed(m: BedrockModelSpec): BedrockModelId {
  const p = parseBedrockModelId(m.id);
  if ("error" in p) throw new Error(`release/ai.ts accepted a model ID it cannot parse: ${p.error}`);
  return p;
}

/**
 * The Bedrock grant of the release in `region`, or undefined when the AI report names no Bedrock model.
 * @throws InputError when an inference profile cannot be invoked from `region` (naming the report field)
 */
export function bedrockGrant(
  release: Pick<Release, "ai">,
  region: string,
  accountId: () => pulumi.Output<string>,
): BedrockGrant | undefined {
  const models = release.ai?.bedrockModels ?? [];
  if (!models.length) return undefined;
  const errors: InputError[] = [];
  for (const m of models) {
    const p = parsed(m);
    if (p.kind === "inference-profile" && !INFERENCE_PROFILE_REGIONS[p.geography].includes(region))
      errors.push(
        new InputError(
          FILES.ai,
          m.field,
          `the inference profile ${m.id} cannot be invoked from the stack's region ${region} (its Regions: ${INFERENCE_PROFILE_REGIONS[p.geography].join(", ")})`,
          `name the profile of ${region}'s geography, or the foundation model ${p.modelId}, or deploy the stack in one of its Regions`,
        ),
      );
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length) throw new InputErrors(errors);
  const needsAccount = models.some((m) => m.kind === "inference-profile");
  return {
    models: (account) =>
      models.map((m) => ({ id: m.id, arns: bedrockInvokeArns(parsed(m), region, account) })),
    ...(needsAccount ? { accountId: accountId() } : {}),
  };
}

/** Default p95 latency alarm threshold when the AI report gives no p95 (ms). */
export const DEFAULT_BEDROCK_LATENCY_MS = 15000;

/** `anthropic.claude-3-haiku-20240307-v1:0` -> `anthropic-claude-3-haiku-20240307-v1-0`. */
function slug(id: string): string {
  return id
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/**
 * Per Bedrock model: error rate (server + client errors / invocations > 5 % in 3 of 5 minutes,
 * critical), throttling (throttles / invocations > 5 % in 3 of 5 minutes, warning) and p95 latency (>
 * twice the AI report's p95, else 15 s, for 5 of 5 minutes, warning). No traffic is not an alarm.
 */
export function bedrockAlarms(release: Pick<Release, "ai">): AdditionalAlarm[] {
  const ai = release.ai;
  if (!ai || !ai.users.length) return [];
  const latencyMs =
    ai.latencyP95Ms !== undefined ? Math.round(ai.latencyP95Ms * 2) : DEFAULT_BEDROCK_LATENCY_MS;
  const latencyBasis =
    ai.latencyP95Ms !== undefined
      ? `twice the AI report's p95 of ${ai.latencyP95Ms} ms`
      : `default ${DEFAULT_BEDROCK_LATENCY_MS} ms (the AI report has no latency_p95_ms)`;
  return ai.bedrockModels.flatMap((m): AdditionalAlarm[] => {
    const dims = { ModelId: m.id };
    const metric = (id: string, metricName: string, stat = "Sum") => ({
      id,
      returnData: false,
      metric: { namespace: BEDROCK_NAMESPACE, metricName, dimensions: dims, stat, period: 60 },
    });
    const key = `bedrock-${slug(m.id)}`;
    return [
      {
        key: `${key}-errors`,
        severity: "critical",
        condition: `Bedrock ${m.id}: (server + client errors) / invocations > 5 % in 3 of 5 one-minute periods`,
        description: `Calls to ${m.id} (${m.useCase}) are failing. Check the services' logs for the Bedrock error (access denied: the task role's model list; validation: the request body); server errors: AWS Health for Bedrock.`,
        comparisonOperator: "GreaterThanThreshold",
        threshold: 5,
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        treatMissingData: "notBreaching",
        queries: [
          metric("invocations", "Invocations"),
          metric("server", "InvocationServerErrors"),
          metric("client", "InvocationClientErrors"),
          {
            id: "error_rate",
            label: "Bedrock error rate %",
            returnData: true,
            expression: "IF(invocations > 0, 100 * (server + client) / invocations, 0)",
            period: 60,
          },
        ],
      },
      {
        key: `${key}-throttles`,
        severity: "warning",
        condition: `Bedrock ${m.id}: throttles / invocations > 5 % in 3 of 5 one-minute periods`,
        description: `Calls to ${m.id} are throttled: the account's tokens- or requests-per-minute quota for the model is reached. Request a quota increase, use a cross-Region inference profile, or back off and cache.`,
        comparisonOperator: "GreaterThanThreshold",
        threshold: 5,
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        treatMissingData: "notBreaching",
        queries: [
          metric("invocations", "Invocations"),
          metric("throttles", "InvocationThrottles"),
          {
            id: "throttle_rate",
            label: "Bedrock throttle rate %",
            returnData: true,
            expression: "IF(invocations > 0, 100 * throttles / invocations, 0)",
            period: 60,
          },
        ],
      },
      {
        key: `${key}-latency`,
        severity: "warning",
        condition: `Bedrock ${m.id}: p95 InvocationLatency > ${latencyMs} ms (${latencyBasis}) for 5 of 5 one-minute periods`,
        description: `Calls to ${m.id} are slow. Check the prompt and output token counts (InputTokenCount, OutputTokenCount) and the max_tokens of the requests; consider streaming.`,
        comparisonOperator: "GreaterThanThreshold",
        threshold: latencyMs,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
        treatMissingData: "notBreaching",
        queries: [{ ...metric("latency", "InvocationLatency", "p95"), returnData: true }],
      },
    ];
  });
}
