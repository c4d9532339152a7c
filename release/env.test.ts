import type { EnvVarSpec } from "./model";
import {
  isDatabaseUrlName,
  linkFor,
  looksSecret,
  planEnvironment,
  serviceEnvironment,
  unusedDependencyWarnings,
} from "./env";

const svc = (environment: EnvVarSpec[]) => [
  {
    name: "api",
    componentType: "backend_api",
    kind: "api" as const,
    purpose: "",
    healthCheckPath: "/health",
    port: 8080,
    environment,
    dependencies: ["db"],
  },
];
const db = { name: "db", engine: "postgresql", majorVersion: "16" };
const v = (name: string, secret: boolean, value?: string): EnvVarSpec => ({
  name,
  description: `${name} desc`,
  secret,
  value,
});

describe("isDatabaseUrlName / looksSecret", () => {
  it.each([
    ["DATABASE_URL", true],
    ["READ_DATABASE_URL", true],
    ["DB_URI", true],
    ["POSTGRES_DSN", true],
    ["PG_URL", true],
    ["DATABASE_POOL_SIZE", false],
    ["REDIS_URL", false],
  ])("%s is a database URL: %s", (name, yes) => expect(isDatabaseUrlName(name)).toBe(yes));
  it.each([
    ["JWT_SIGNING_KEY", true],
    ["BANK_API_TOKEN", true],
    ["STRIPE_SECRET", true],
    ["SMTP_PASSWORD", true],
    ["SES_FROM_ADDRESS", false],
    ["SETTLEMENT_CUTOFF", false],
    ["KEYCLOAK_REALM", false],
  ])("%s looks secret: %s", (name, yes) => expect(looksSecret(name)).toBe(yes));
});

describe("planEnvironment", () => {
  const env = [
    v("PORT", false, "8080"),
    v("DATABASE_URL", true),
    v("JWT_SIGNING_KEY", true),
    v("SES_FROM_ADDRESS", true),
    v("LOG_LEVEL", false, "info"),
    v("SENTRY_DSN", false),
  ];

  it("routes plain values, config secrets, generated secrets and the database URL", () => {
    const plan = planEnvironment({ services: svc(env), database: db }, ["SES_FROM_ADDRESS"]);
    expect(plan.plain).toEqual({ PORT: "8080", LOG_LEVEL: "info" });
    expect(plan.secrets).toEqual([
      { name: "DATABASE_URL", source: "database-url" },
      { name: "JWT_SIGNING_KEY", source: "generated" },
      { name: "SES_FROM_ADDRESS", source: "config" },
    ]);
    expect(plan.databaseCredentials).toBe(true);
    expect(plan.warnings).toEqual([]);
  });

  it("never fills a required setting that is not a secret with a random value: it is listed with its fix", () => {
    const plan = planEnvironment({ services: svc(env), database: db }, []);
    expect(plan.secrets.find((s) => s.name === "SES_FROM_ADDRESS")).toBeUndefined();
    expect(plan.plain).not.toHaveProperty("SES_FROM_ADDRESS");
    expect(plan.unfilled).toEqual([
      {
        name: "SES_FROM_ADDRESS",
        description: "SES_FROM_ADDRESS desc",
        fix: "set it with pulumi config set --secret --path 'slipway:secrets.SES_FROM_ADDRESS' (it prompts for the value)",
      },
    ]);
    expect(plan.warnings).toEqual([
      expect.stringContaining("nothing in the release fills it: it is not set"),
    ]);
  });

  it("without a database, a DATABASE_URL must come from config or is listed as unfilled", () => {
    expect(planEnvironment({ services: svc(env) }, ["DATABASE_URL", "SES_FROM_ADDRESS"]).secrets[0]).toEqual({
      name: "DATABASE_URL",
      source: "config",
    });
    const plan = planEnvironment({ services: svc(env) }, ["SES_FROM_ADDRESS"]);
    expect(plan.databaseCredentials).toBe(false);
    expect(plan.secrets.map((x) => x.name)).not.toContain("DATABASE_URL");
    expect(plan.unfilled.map((u) => u.name)).toEqual(["DATABASE_URL"]);
  });

  it("a configured DATABASE_URL wins over the derived one (external database)", () => {
    const plan = planEnvironment({ services: svc(env), database: db }, ["DATABASE_URL", "SES_FROM_ADDRESS"]);
    expect(plan.secrets[0]).toEqual({ name: "DATABASE_URL", source: "config" });
    expect(plan.databaseCredentials).toBe(false);
  });

  it("replaces report-provided PGUSER/PGPASSWORD by the managed credentials", () => {
    const plan = planEnvironment(
      {
        services: svc([v("DATABASE_URL", true), v("PGUSER", false, "app"), v("PGPASSWORD", true)]),
        database: db,
      },
      [],
    );
    expect(plan.plain).toEqual({});
    expect(plan.secrets).toEqual([{ name: "DATABASE_URL", source: "database-url" }]);
    expect(plan.warnings).toHaveLength(2);
  });

  it("keeps a secret-looking default out of the plain environment: Secrets Manager, with a warning", () => {
    const plan = planEnvironment(
      {
        services: svc([v("SESSION_SECRET", false, "dev-only-session-secret"), v("LOG_LEVEL", false, "info")]),
      },
      [],
    );
    expect(plan.plain).toEqual({ LOG_LEVEL: "info" });
    expect(plan.secrets).toEqual([
      { name: "SESSION_SECRET", source: "report-default", value: "dev-only-session-secret" },
    ]);
    expect(plan.warnings).toEqual([
      expect.stringContaining("SESSION_SECRET looks like a secret but has a default in the backend report"),
    ]);
    expect(plan.warnings.join("\n")).not.toContain("dev-only-session-secret");
  });

  it("never puts a database URL default (it may hold credentials) in the plain environment", () => {
    const url = v("DATABASE_URL", false, "postgresql://app:app@localhost:5432/app");
    expect(planEnvironment({ services: svc([url]), database: db }, [])).toMatchObject({
      plain: {},
      secrets: [{ name: "DATABASE_URL", source: "database-url" }],
      databaseCredentials: true,
    });
    const external = planEnvironment({ services: svc([url]) }, []);
    expect(external.plain).toEqual({});
    expect(external.secrets).toEqual([
      { name: "DATABASE_URL", source: "report-default", value: "postgresql://app:app@localhost:5432/app" },
    ]);
  });

  it("a configured secret is used for any variable of the report, optional or with a default", () => {
    const plan = planEnvironment(
      { services: svc([v("SENTRY_DSN", false), v("LOG_LEVEL", false, "info"), v("REGION", false, "eu")]) },
      ["SENTRY_DSN", "REGION"],
    );
    expect(plan.plain).toEqual({ LOG_LEVEL: "info" });
    expect(plan.secrets).toEqual([
      { name: "SENTRY_DSN", source: "config" },
      { name: "REGION", source: "config" },
    ]);
    expect(plan.warnings).toEqual([]);
  });

  it("warns about configured secrets the release does not use, without values", () => {
    const plan = planEnvironment({ services: svc(env), database: db }, ["SES_FROM_ADDRESS", "UNUSED_TOKEN"]);
    expect(plan.warnings).toEqual([expect.stringContaining("slipway:secrets.UNUSED_TOKEN is set")]);
  });
});

describe("serviceEnvironment", () => {
  const env = [
    v("PORT", false, "8080"),
    v("DATABASE_URL", true),
    v("JWT_SIGNING_KEY", true),
    v("LOG_LEVEL", false, "info"),
  ];
  const release = { services: svc(env), database: db };
  const plan = planEnvironment(release, []);

  it("gives the database URL and credentials only to a service that depends on the database", () => {
    const user = serviceEnvironment(plan, { dependencies: ["db"] }, release);
    expect(user.secrets.map((s) => s.name)).toEqual(["DATABASE_URL", "JWT_SIGNING_KEY"]);
    expect(user.databaseCredentials).toBe(true);
    const other = serviceEnvironment(plan, { dependencies: ["queue"] }, release);
    expect(other.secrets.map((s) => s.name)).toEqual(["JWT_SIGNING_KEY"]);
    expect(other.databaseCredentials).toBe(false);
    expect(other.plain).toEqual({ PORT: "8080", LOG_LEVEL: "info" });
  });

  it("a database URL from config is still the database's: only its dependents get it", () => {
    const configured = planEnvironment(release, ["DATABASE_URL"]);
    expect(serviceEnvironment(configured, { dependencies: [] }, release).secrets.map((s) => s.name)).toEqual([
      "JWT_SIGNING_KEY",
    ]);
  });

  it("without a database in the release, a configured URL goes to every service (an external database)", () => {
    const external = planEnvironment({ services: svc(env) }, ["DATABASE_URL"]);
    expect(
      serviceEnvironment(external, { dependencies: [] }, { database: undefined }).secrets.map((s) => s.name),
    ).toContain("DATABASE_URL");
  });
});

describe("unusedDependencyWarnings", () => {
  it("warns when no service depends on the database", () => {
    const lonely = svc([]).map((s) => ({ ...s, dependencies: [] }));
    expect(unusedDependencyWarnings({ services: lonely, database: db })[0]).toMatch(
      /^the database "db" is not in the dependencies of any backend component/,
    );
    expect(unusedDependencyWarnings({ services: svc([]), database: db })).toEqual([]);
  });
});

describe("linkFor: variables filled from the release's components", () => {
  const one = {
    caches: [{ name: "cache" }],
    queues: [{ name: "orders", fifo: false }],
    buckets: [{ name: "media" }],
  };
  const two = {
    caches: [{ name: "sessions" }, { name: "pages" }],
    queues: [
      { name: "orders", fifo: false },
      { name: "email-jobs", fifo: false },
    ],
    buckets: [{ name: "media" }, { name: "exports" }],
  };
  it.each([
    ["ORDERS_QUEUE_URL", one, { component: "orders", kind: "queue-url" }],
    ["QUEUE_URL", one, { component: "orders", kind: "queue-url" }],
    ["EMAIL_JOBS_QUEUE_URL", two, { component: "email-jobs", kind: "queue-url" }],
    ["QUEUE_URL", two, undefined],
    ["REDIS_URL", one, { component: "cache", kind: "cache-url" }],
    ["REDIS_AUTH_TOKEN", one, { component: "cache", kind: "cache-auth" }],
    ["REDIS_URL", two, undefined],
    ["SESSIONS_URL", two, { component: "sessions", kind: "cache-url" }],
    ["PAGES_AUTH_TOKEN", two, { component: "pages", kind: "cache-auth" }],
    ["MEDIA_BUCKET", one, { component: "media", kind: "bucket-name" }],
    ["S3_BUCKET", one, { component: "media", kind: "bucket-name" }],
    ["EXPORTS_BUCKET_NAME", two, { component: "exports", kind: "bucket-name" }],
    ["S3_BUCKET", two, undefined],
    ["JWT_SIGNING_KEY", one, undefined],
  ])("%s -> %j", (name, release, link) => expect(linkFor(name, release)).toEqual(link));

  it("links only for the services that depend on the component; a queue URL nothing fills gets a queue fix", () => {
    const release = {
      services: svc([v("ORDERS_QUEUE_URL", true), v("EVENTS_QUEUE_URL", true)]),
      database: db,
      ...one,
    };
    const plan = planEnvironment(release, []);
    expect(plan.linked).toEqual([{ name: "ORDERS_QUEUE_URL", component: "orders", kind: "queue-url" }]);
    expect(plan.unfilled[0].fix).toMatch(/^add the message_queue component/);
    expect(serviceEnvironment(plan, { dependencies: ["orders"] }, release).linked).toHaveLength(1);
    expect(serviceEnvironment(plan, { dependencies: ["db"] }, release).linked).toEqual([]);
  });
});

describe("model provider keys (AI report)", () => {
  const ai = {
    users: ["api"],
    usersFrom: "dependencies" as const,
    bedrockModels: [],
    providers: [{ provider: "OpenAI", keyVar: "OPENAI_API_KEY", host: "api.openai.com", models: ["gpt-4o"] }],
    inProcessModels: [],
  };
  const declared = { name: "OPENAI_API_KEY", description: "OpenAI key", secret: true };
  const services = svc([declared]);

  it("are never generated: set before deploy until configured, then from config", () => {
    const unset = planEnvironment({ services, ai }, []);
    expect(unset.secrets).toEqual([{ name: "OPENAI_API_KEY", source: "provider-key", configured: false }]);
    expect(unset.warnings.join("\n")).toMatch(/^set before deploy: OPENAI_API_KEY/m);
    const set = planEnvironment({ services, ai }, ["OPENAI_API_KEY"]);
    expect(set.secrets).toEqual([{ name: "OPENAI_API_KEY", source: "provider-key", configured: true }]);
    expect(set.warnings).toEqual([]);
  });

  it("go only to the services that call the models", () => {
    const plan = planEnvironment({ services, ai }, []);
    expect(serviceEnvironment(plan, { name: "api", dependencies: [] }, { ai }).secrets).toHaveLength(1);
    expect(serviceEnvironment(plan, { name: "worker", dependencies: [] }, { ai }).secrets).toEqual([]);
  });
});
