/**
 * Property tests: whatever the packet, a service is granted the AI report's models only when its
 * `dependencies` justify it (rule 1 of release/ai.ts), and the secrets a service receives are those of
 * its dependencies: the database URL only for the database's dependents, provider keys only for the
 * services that call the models.
 */
import fc from "fast-check";
import { aiUsers } from "./ai";
import type { PacketComponent } from "./derive";
import { planEnvironment, serviceEnvironment } from "./env";
import type { AiSpec, ServiceSpec } from "./model";

const STORES = ["db", "writer", "cache", "orders"];
const TYPES: Record<string, string> = {
  db: "database",
  writer: "ai_service",
  cache: "cache",
  orders: "message_queue",
};

/** A packet: up to 5 backends, each depending on a random subset of the stores. */
const packetArb = fc
  .array(fc.tuple(fc.constantFrom("backend_api", "backend_worker"), fc.subarray(STORES)), {
    minLength: 1,
    maxLength: 5,
  })
  .map((backends) => ({
    system_components: [
      ...backends.map(([type, deps], i): PacketComponent => ({
        name: `svc${i}`,
        type,
        purpose: "Generates summaries with an LLM", // the text rule must never override dependencies
        dependencies: deps,
      })),
      ...STORES.map((name): PacketComponent => ({ name, type: TYPES[name], purpose: name })),
    ],
  }));

describe("AI grants and secrets follow dependencies", () => {
  it("property: with an AI component, exactly its dependents call the models", () => {
    fc.assert(
      fc.property(packetArb, (packet) => {
        const { users, usersFrom } = aiUsers(packet, ["Summaries"]);
        expect(usersFrom).toBe("dependencies");
        const expected = packet.system_components
          .filter((c) => c.type.startsWith("backend_") && (c.dependencies ?? []).includes("writer"))
          .map((c) => c.name);
        expect(users).toEqual(expected);
      }),
    );
  });

  it("property: a service receives a provider key only if it calls the models, database variables only if it depends on the database", () => {
    fc.assert(
      fc.property(packetArb, (packet) => {
        const { users, usersFrom } = aiUsers(packet, []);
        const ai: AiSpec = {
          users,
          usersFrom,
          bedrockModels: [],
          providers: [
            { provider: "OpenAI", keyVar: "OPENAI_API_KEY", host: "api.openai.com", models: ["m"] },
          ],
          inProcessModels: [],
        };
        const backends = packet.system_components.filter((c) => c.type.startsWith("backend_"));
        const services = backends.map((c): ServiceSpec => ({
          name: c.name,
          componentType: c.type,
          kind: c.type === "backend_api" ? "api" : "worker",
          purpose: c.purpose,
          dependencies: c.dependencies ?? [],
          healthCheckPath: "/health",
          port: 8080,
          environment: [
            { name: "DATABASE_URL", description: "db", secret: true },
            { name: "JWT_SECRET", description: "signing", secret: true },
          ],
        }));
        const release = { services, database: { name: "db", engine: "postgresql", majorVersion: "16" }, ai };
        const plan = planEnvironment(release, []);
        for (const s of services) {
          const env = serviceEnvironment(plan, s, release);
          const names = env.secrets.map((x) => x.name);
          expect(names.includes("OPENAI_API_KEY")).toBe(s.dependencies.includes("writer"));
          expect(names.includes("DATABASE_URL")).toBe(s.dependencies.includes("db"));
          expect(env.databaseCredentials).toBe(s.dependencies.includes("db"));
          expect(names).toContain("JWT_SECRET"); // tied to no dependency: every service
          for (const l of env.linked) expect(s.dependencies).toContain(l.component);
        }
      }),
    );
  });
});
