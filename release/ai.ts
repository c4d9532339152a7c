/**
 * The AI components of a release, from `ARTIFACTS/ai-engineer/ai-implementation-report.json` (pure).
 *
 * Who calls the models (the report does not say; this is slipway's rule, in this order):
 * 1. the packet has AI components (`type` ai, ai_service, llm, ...; see `components.ts`): exactly the
 *    backend services whose `dependencies` name one of them;
 * 2. otherwise the backend services whose packet purpose or responsibilities say they use AI (a model,
 *    LLM, prompt, embedding, generation, ... or a word of a model's `use_case`);
 * 3. otherwise every backend service (the backend report is shared, as for settings tied to no
 *    dependency), with a warning saying how to narrow it (rule 1).
 *
 * What each provider gets:
 * - AWS Bedrock: `bedrock:InvokeModel` and `bedrock:InvokeModelWithResponseStream` on exactly the named
 *   models' ARNs (program/access.ts); the ID must be a Bedrock model or inference profile ID;
 * - an external API (OpenAI, Anthropic, ...): one Secrets Manager secret per provider key, its value set
 *   before deploy with `pulumi config set --secret --path 'slipway:secrets.<KEY>'` (never generated), and
 *   HTTPS egress to the provider's host through the NAT gateway;
 * - self-hosted or local models: they run inside the services' own containers (a library, weights in
 *   the image); nothing is provisioned or granted, and the report says so (slipway runs no separate
 *   model servers and no GPU capacity).
 *
 * The vector database (`context_strategy.vector_database.provider`): pgvector runs on the release's
 * PostgreSQL (RDS PostgreSQL supports the `vector` extension; a migration must `CREATE EXTENSION
 * vector`); anything else is refused, naming the field.
 */
import { parseBedrockModelId } from "../lib/bedrock";
import { componentRole, envName } from "./components";
import type { Issue, PacketDoc } from "./derive";
import { FILES } from "./derive";
import type { AiSpec, BedrockModelSpec, ExternalProviderSpec } from "./model";

/** The subset of the AI report slipway reads (the schema guarantees the types of what is present). */
export interface AiReportDoc {
  readonly models_used: readonly {
    readonly model: string;
    readonly provider: string;
    readonly use_case: string;
  }[];
  readonly context_strategy: {
    readonly type: string;
    readonly vector_database?: { readonly provider?: string; readonly embedding_model?: string };
  };
  readonly evaluation_results?: { readonly evaluation_metrics?: { readonly latency_p95_ms?: number } };
}

/** External model APIs slipway knows: the key's variable and the host the services call. */
const EXTERNAL_PROVIDERS: readonly {
  readonly match: RegExp;
  readonly keyVar: string;
  readonly host: string;
}[] = [
  { match: /azure/i, keyVar: "AZURE_OPENAI_API_KEY", host: "<resource>.openai.azure.com" },
  { match: /openai/i, keyVar: "OPENAI_API_KEY", host: "api.openai.com" },
  { match: /anthropic/i, keyVar: "ANTHROPIC_API_KEY", host: "api.anthropic.com" },
  { match: /google|gemini|vertex/i, keyVar: "GEMINI_API_KEY", host: "generativelanguage.googleapis.com" },
  { match: /mistral/i, keyVar: "MISTRAL_API_KEY", host: "api.mistral.ai" },
  { match: /cohere/i, keyVar: "COHERE_API_KEY", host: "api.cohere.com" },
  { match: /groq/i, keyVar: "GROQ_API_KEY", host: "api.groq.com" },
  { match: /together/i, keyVar: "TOGETHER_API_KEY", host: "api.together.xyz" },
];

/** `provider` values that mean Amazon Bedrock. */
export function isBedrock(provider: string): boolean {
  return /bedrock|^\s*(aws|amazon)\s*$/i.test(provider);
}

/** `provider` values that mean a model the release runs itself. */
function isSelfHosted(provider: string): boolean {
  return /self[- ]?hosted|local|ollama|vllm|on[- ]?prem|tgi\b|hugging ?face endpoint/i.test(provider);
}

/** AI words in a packet component's text (rule 2 of the module comment). */
const AI_TEXT =
  /\b(ai|genai|llms?|models?|bedrock|openai|anthropic|claude|gpt[\w.-]*|prompts?|embeddings?|inference|generat\w*|summari[sz]\w*|chat\w*|assistants?|rag|completions?)\b/i;

/** Significant words of a use case ("Draft product descriptions" -> draft, product, descriptions). */
function useCaseWords(useCase: string): string[] {
  return useCase
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length >= 6);
}

/** Which backend services call the models, and by which rule. */
export function aiUsers(
  packet: Pick<PacketDoc, "system_components">,
  useCases: readonly string[],
): Pick<AiSpec, "users" | "usersFrom"> {
  const components = packet.system_components;
  const backends = components.filter((c) => {
    const role = componentRole(c.type);
    return role === "api" || role === "worker";
  });
  const aiNames = components.filter((c) => componentRole(c.type) === "ai").map((c) => c.name);
  if (aiNames.length)
    return {
      users: backends
        .filter((c) => (c.dependencies ?? []).some((d) => aiNames.includes(d)))
        .map((c) => c.name),
      usersFrom: "dependencies",
    };
  const words = useCases.flatMap(useCaseWords);
  const byText = backends.filter((c) => {
    const text = [c.purpose, ...(c.responsibilities ?? [])].join(" ");
    const lower = text.toLowerCase();
    return AI_TEXT.test(text) || words.some((w) => lower.includes(w));
  });
  if (byText.length) return { users: byText.map((c) => c.name), usersFrom: "purpose" };
  return { users: backends.map((c) => c.name), usersFrom: "all-backends" };
}

/** The variable of a provider key: the backend report's name for it when it declares one. */
function keyVarFor(defaultVar: string, declared: readonly string[]): string {
  const prefix = defaultVar.replace(/_API_KEY$/, "");
  return declared.find((n) => new RegExp(`^${prefix}_(API_)?KEY$`).test(n)) ?? defaultVar;
}

/**
 * The AI components of a release.
 * @param declaredVars the names of the backend report's environment variables
 */
export function deriveAi(
  report: AiReportDoc,
  packet: Pick<PacketDoc, "system_components">,
  database: { readonly name: string; readonly engine: string } | undefined,
  declaredVars: readonly string[],
): { readonly ai: AiSpec; readonly issues: Issue[]; readonly warnings: string[] } {
  const file = FILES.ai;
  const issues: Issue[] = [];
  const warnings: string[] = [];
  const bedrockModels: BedrockModelSpec[] = [];
  const providers = new Map<string, ExternalProviderSpec>();
  const inProcess: string[] = [];

  report.models_used.forEach((m, i) => {
    if (isBedrock(m.provider)) {
      const parsed = parseBedrockModelId(m.model);
      if ("error" in parsed) {
        issues.push({
          file,
          field: `/models_used/${i}/model`,
          problem: `${parsed.error}; slipway grants InvokeModel on exactly the named models`,
          fix: "name the Bedrock model ID as the code invokes it, e.g. anthropic.claude-3-haiku-20240307-v1:0 or the geographic inference profile eu.anthropic.claude-3-haiku-20240307-v1:0",
        });
        return;
      }
      const id = parsed.kind === "inference-profile" ? parsed.profileId : parsed.modelId;
      if (!bedrockModels.some((b) => b.id === id))
        bedrockModels.push({ id, kind: parsed.kind, useCase: m.use_case, field: `/models_used/${i}/model` });
      return;
    }
    if (isSelfHosted(m.provider)) {
      // A model the release runs itself (a library such as scikit-learn, or weights in the image): it
      // runs inside the services' containers; nothing is provisioned or granted for it.
      if (!inProcess.includes(m.model)) inProcess.push(m.model);
      return;
    }
    const known = EXTERNAL_PROVIDERS.find((p) => p.match.test(m.provider));
    const keyVar = keyVarFor(known?.keyVar ?? `${envName(m.provider)}_API_KEY`, declaredVars);
    const existing = providers.get(keyVar);
    providers.set(keyVar, {
      provider: existing?.provider ?? m.provider,
      keyVar,
      host: known?.host ?? `the ${m.provider} API host`,
      models: [...(existing?.models ?? []), m.model],
    });
  });

  const vector = report.context_strategy.vector_database;
  let vectorStore: AiSpec["vectorStore"];
  if (vector?.provider !== undefined) {
    const field = "/context_strategy/vector_database/provider";
    if (/pg_?vector/i.test(vector.provider)) {
      if (database && /postgres/i.test(database.engine))
        vectorStore = { provider: "pgvector", database: database.name };
      else
        issues.push({
          file,
          field,
          problem: `the vector database "${vector.provider}" runs on PostgreSQL, and the packet has no PostgreSQL database component`,
          fix: "add a database component (PostgreSQL) to the packet and to the dependencies of the services that query the vectors; slipway provisions RDS PostgreSQL, which supports the vector extension",
        });
    } else {
      issues.push({
        file,
        field,
        problem: `the vector database "${vector.provider}" is not one slipway provisions (it provides pgvector on the release's RDS PostgreSQL)`,
        fix: `set provider to "pgvector" and keep the vectors in the release's PostgreSQL database (a migration runs CREATE EXTENSION vector), or provision ${vector.provider} outside slipway, remove vector_database from the report and pass its endpoint and key to the services as environment variables`,
      });
    }
  }

  const users = aiUsers(
    packet,
    report.models_used.map((m) => m.use_case),
  );
  const grants = bedrockModels.length > 0 || providers.size > 0;
  if (grants && users.usersFrom === "all-backends")
    warnings.push(
      `${file}: the packet has no AI component and no backend component's purpose mentions AI, so every backend service (${users.users.join(", ")}) may call the models. To narrow it, add a component of type ai_service to the packet and list it in the dependencies of the services that call the models`,
    );
  if (grants && users.usersFrom === "dependencies" && users.users.length === 0)
    warnings.push(
      `${file}: no backend component depends on the packet's AI component, so no service may call the models. Add it to the dependencies of the services that call them`,
    );
  if (vectorStore) {
    const packetDb = packet.system_components.find((c) => c.name === vectorStore.database);
    const blind = users.users.filter((u) => {
      const c = packet.system_components.find((x) => x.name === u);
      return packetDb && !(c?.dependencies ?? []).includes(packetDb.name);
    });
    warnings.push(
      `pgvector: the vectors live in the database "${vectorStore.database}"; a migration must run CREATE EXTENSION IF NOT EXISTS vector (RDS PostgreSQL ships the extension; the migration user needs rds_superuser, which the master user has)${blind.length ? `. ${blind.join(", ")} call the models but do not depend on "${vectorStore.database}": add it to their dependencies to let them query the vectors` : ""}`,
    );
  }
  const latency = report.evaluation_results?.evaluation_metrics?.latency_p95_ms;
  return {
    ai: {
      ...users,
      bedrockModels,
      providers: [...providers.values()],
      inProcessModels: inProcess,
      ...(vectorStore ? { vectorStore } : {}),
      ...(latency !== undefined ? { latencyP95Ms: latency } : {}),
    },
    issues,
    warnings,
  };
}

/**
 * The plan lines of a provider key that is not set yet ("set before deploy"), with the command. The
 * value is never generated: without it the services' tasks cannot start.
 */
export function providerKeyToSet(p: ExternalProviderSpec, users: readonly string[]): string {
  return `set before deploy: ${p.keyVar}, the ${p.provider} API key (${p.models.join(", ")}) for ${users.join(", ") || "no service"}: pulumi config set --secret --path 'slipway:secrets.${p.keyVar}' (it prompts for the value; slipway never generates it). Egress: HTTPS (443) to ${p.host} through the NAT gateway`;
}
