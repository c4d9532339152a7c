/**
 * The AI components of a release as rows of the deployment report's `infrastructure.resources_provisioned`
 * (the contract has no AI field; these rows carry them unchanged): each Bedrock model with who may invoke
 * it and its alarms, each external provider with its key's secret and egress, the vector store, and
 * models that run inside the services' containers. Pure.
 */
import type { AiSpec } from "../../release/model";
import type { InventoryRow } from "./inventory";

/** Resource types of the AI rows (not Pulumi type tokens: nothing but IAM grants is provisioned for them). */
export const AI_ROW_TYPES = {
  bedrock: "AI model (Amazon Bedrock)",
  external: "AI model provider (external API)",
  vector: "AI vector store (pgvector)",
  inProcess: "AI model (in the services' containers)",
} as const;

export function aiComponentRows(ai: AiSpec | undefined): InventoryRow[] {
  if (!ai) return [];
  const who = ai.users.length ? ai.users.join(", ") : "no service";
  return [
    ...ai.bedrockModels.map((m): InventoryRow => ({
      resource_type: AI_ROW_TYPES.bedrock,
      name: m.id,
      details: `${m.useCase}: bedrock:InvokeModel and InvokeModelWithResponseStream on this ${m.kind === "inference-profile" ? "inference profile and its Regions' foundation model" : "foundation model"} only, for ${who}; alarms on errors, throttles and p95 latency; usage-priced per token`,
    })),
    ...ai.providers.map((p): InventoryRow => ({
      resource_type: AI_ROW_TYPES.external,
      name: p.provider,
      details: `${p.models.join(", ")} for ${who}: API key in Secrets Manager as ${p.keyVar} (set with pulumi config set --secret --path 'slipway:secrets.${p.keyVar}', never generated); egress HTTPS (443) to ${p.host} through the NAT gateway; billed by the provider`,
    })),
    ...(ai.vectorStore
      ? [
          {
            resource_type: AI_ROW_TYPES.vector,
            name: ai.vectorStore.database,
            details: `vectors in the PostgreSQL database ${ai.vectorStore.database} (extension vector, created by a migration)`,
          },
        ]
      : []),
    ...ai.inProcessModels.map((m): InventoryRow => ({
      resource_type: AI_ROW_TYPES.inProcess,
      name: m,
      details: "self-hosted: runs inside the services' containers; nothing provisioned for it",
    })),
  ];
}
