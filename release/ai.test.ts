import { InputError, InputErrors } from "../lib/errors";
import { cleanup, copyRelease, editJson, removeFile } from "../test/fixtures/mutate";
import { type AiReportDoc, aiUsers, deriveAi, providerKeyToSet } from "./ai";
import { FILES, type PacketComponent } from "./derive";
import { loadRelease } from "./load";
import { join } from "node:path";

const SHOPFRONT = join(__dirname, "..", "examples", "more", "shopfront");
afterAll(cleanup);

const report = (
  models: AiReportDoc["models_used"],
  vector?: { provider: string },
  latency?: number,
): AiReportDoc => ({
  models_used: models,
  context_strategy: { type: vector ? "RAG" : "stateless", ...(vector ? { vector_database: vector } : {}) },
  ...(latency !== undefined
    ? { evaluation_results: { evaluation_metrics: { latency_p95_ms: latency } } }
    : {}),
});
const haiku = {
  model: "anthropic.claude-3-haiku-20240307-v1:0",
  provider: "AWS Bedrock",
  use_case: "Draft product descriptions",
};
const comp = (name: string, type: string, purpose: string, dependencies: string[] = []): PacketComponent => ({
  name,
  type,
  purpose,
  responsibilities: [],
  dependencies,
});
const packet = (...c: PacketComponent[]) => ({ system_components: c });
const db = { name: "db", engine: "postgresql" };

describe("aiUsers: who calls the models", () => {
  it("rule 1: the dependents of the packet's AI components, and nobody else", () => {
    expect(
      aiUsers(
        packet(
          comp("api", "backend_api", "Shop API that drafts descriptions with a model", ["writer"]),
          comp("worker", "backend_worker", "Summarises orders with an LLM"),
          comp("writer", "ai_service", "Descriptions"),
        ),
        [],
      ),
    ).toEqual({ users: ["api"], usersFrom: "dependencies" });
  });

  it("rule 2: without AI components, the backends whose text says AI or names the use case", () => {
    expect(
      aiUsers(
        packet(
          comp("api", "backend_api", "Orders API"),
          comp("tagger", "backend_worker", "Classifies tickets with an LLM"),
          comp("drafts", "backend_worker", "Writes product descriptions"),
        ),
        ["Draft product descriptions"],
      ),
    ).toEqual({ users: ["tagger", "drafts"], usersFrom: "purpose" });
  });

  it("rule 3: otherwise every backend", () => {
    expect(
      aiUsers(packet(comp("api", "backend_api", "Orders"), comp("w", "backend_worker", "Sends mail")), []),
    ).toEqual({ users: ["api", "w"], usersFrom: "all-backends" });
  });
});

describe("deriveAi", () => {
  const p = packet(comp("api", "backend_api", "Orders", ["writer"]), comp("writer", "ai_service", "x"));

  it("Bedrock models by ID (deduplicated), with the report field and the p95", () => {
    const r = deriveAi(report([haiku, haiku], undefined, 2400), p, db, []);
    expect(r.issues).toEqual([]);
    expect(r.ai).toEqual({
      users: ["api"],
      usersFrom: "dependencies",
      bedrockModels: [
        { id: haiku.model, kind: "foundation-model", useCase: haiku.use_case, field: "/models_used/0/model" },
      ],
      providers: [],
      inProcessModels: [],
      latencyP95Ms: 2400,
    });
  });

  it("a Bedrock model that is not a model ID is bad input naming the field", () => {
    const r = deriveAi(report([haiku, { ...haiku, model: "claude-3-haiku" }]), p, db, []);
    expect(r.issues).toEqual([
      expect.objectContaining({
        file: FILES.ai,
        field: "/models_used/1/model",
        problem: expect.stringContaining("not a Bedrock model ID"),
      }),
    ]);
  });

  it("external providers: one key each (the report's variable name when declared), host, models; self-hosted runs in-process", () => {
    const r = deriveAi(
      report([
        { model: "gpt-4o", provider: "OpenAI", use_case: "chat" },
        { model: "gpt-4o-mini", provider: "openai", use_case: "tags" },
        { model: "claude-3-opus", provider: "Anthropic", use_case: "x" },
        { model: "matcher", provider: "Self-hosted", use_case: "y" },
        { model: "m", provider: "Acme AI", use_case: "z" },
      ]),
      p,
      db,
      ["OPENAI_KEY", "PORT"],
    );
    expect(r.issues).toEqual([]);
    expect(r.ai.providers).toEqual([
      { provider: "OpenAI", keyVar: "OPENAI_KEY", host: "api.openai.com", models: ["gpt-4o", "gpt-4o-mini"] },
      {
        provider: "Anthropic",
        keyVar: "ANTHROPIC_API_KEY",
        host: "api.anthropic.com",
        models: ["claude-3-opus"],
      },
      { provider: "Acme AI", keyVar: "ACME_AI_API_KEY", host: "the Acme AI API host", models: ["m"] },
    ]);
    expect(r.ai.inProcessModels).toEqual(["matcher"]);
    const line = providerKeyToSet(r.ai.providers[1], ["api"]);
    expect(line).toMatch(/^set before deploy: ANTHROPIC_API_KEY/);
    expect(line).toContain("pulumi config set --secret --path 'slipway:secrets.ANTHROPIC_API_KEY'");
    expect(line).toContain("HTTPS (443) to api.anthropic.com");
  });

  it("pgvector on the release's PostgreSQL is provided and says what is needed; without a database, or another store, refused", () => {
    const ok = deriveAi(report([haiku], { provider: "pgvector" }), p, db, []);
    expect(ok.issues).toEqual([]);
    expect(ok.ai.vectorStore).toEqual({ provider: "pgvector", database: "db" });
    expect(ok.warnings.join("\n")).toContain("CREATE EXTENSION IF NOT EXISTS vector");
    const none = deriveAi(report([haiku], { provider: "pgvector" }), p, undefined, []);
    expect(none.issues).toEqual([
      expect.objectContaining({
        field: "/context_strategy/vector_database/provider",
        problem: expect.stringContaining("no PostgreSQL database"),
      }),
    ]);
    const pinecone = deriveAi(report([haiku], { provider: "Pinecone" }), p, db, []);
    expect(pinecone.issues).toEqual([
      expect.objectContaining({
        file: FILES.ai,
        field: "/context_strategy/vector_database/provider",
        problem: expect.stringContaining('"Pinecone" is not one slipway provisions'),
      }),
    ]);
  });

  it("warns when nothing narrows who calls the models, or nobody depends on the AI component", () => {
    expect(
      deriveAi(report([haiku]), packet(comp("api", "backend_api", "Orders")), db, []).warnings.join(),
    ).toContain("every backend service (api) may call the models");
    expect(
      deriveAi(
        report([haiku]),
        packet(comp("api", "backend_api", "Orders"), comp("w", "ai", "x")),
        db,
        [],
      ).warnings.join(),
    ).toContain("no service may call the models");
  });
});

describe("loadRelease with an AI report", () => {
  it("shopfront: the API calls the Bedrock model through its dependency on the AI component", () => {
    const r = loadRelease(SHOPFRONT);
    expect(r.ai).toMatchObject({
      users: ["api"],
      usersFrom: "dependencies",
      bedrockModels: [{ id: "anthropic.claude-3-haiku-20240307-v1:0", kind: "foundation-model" }],
    });
  });

  it("refuses a vector database slipway does not provide, naming the file and field (exit 2)", () => {
    const root = copyRelease(SHOPFRONT);
    editJson(root, FILES.ai, (d) => {
      d.context_strategy = { type: "RAG", description: "x", vector_database: { provider: "weaviate" } };
    });
    let err: unknown;
    try {
      loadRelease(root);
    } catch (e) {
      err = e;
    }
    // The CLI exits with ExitCode.badInput (2) on an InputError.
    expect(err).toBeInstanceOf(InputError);
    const e = err as InputError;
    expect([e.file, e.field]).toEqual([FILES.ai, "/context_strategy/vector_database/provider"]);
    expect(e.message).toContain(`${FILES.ai}: /context_strategy/vector_database/provider`);
  });

  it("an AI component without the AI report is bad input", () => {
    const root = copyRelease(SHOPFRONT);
    removeFile(root, FILES.ai);
    expect(() => loadRelease(root)).toThrow(/the AI component "writer" has no ARTIFACTS\/ai-engineer/);
  });

  it("two bad models are both reported", () => {
    const root = copyRelease(SHOPFRONT);
    editJson(root, FILES.ai, (d) => {
      d.models_used = [
        { model: "haiku", provider: "AWS Bedrock", use_case: "a" },
        { model: "global.anthropic.x-v1:0", provider: "Amazon Bedrock", use_case: "b" },
      ];
    });
    expect(() => loadRelease(root)).toThrow(InputErrors);
  });
});
