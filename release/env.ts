/**
 * How a release's environment variables reach the containers (pure): non-secret values with a default go
 * to the task definition's `environment`; everything secret goes to Secrets Manager and the task's
 * `secrets`: required values without a default (from the stack's `slipway:secrets` config, generated
 * with @pulumi/random, or, for a DATABASE_URL-like variable when the release has a database, derived
 * from the RDS instance), any variable set in `slipway:secrets`, and defaults that look like secrets or
 * are database URLs (they may carry credentials), which are never written into the plain environment.
 *
 * Database URL decision: the URL (host, port, database, `sslmode=require`) is stored as a Secrets Manager
 * secret WITHOUT credentials, and the credentials come from the RDS-managed master secret through ECS's
 * JSON-key references (`<arn>:username::`, `<arn>:password::`) as `PGUSER` / `PGPASSWORD`, which libpq,
 * node-postgres, psycopg and pgx read when the URL has none. No password is ever in config, code, state
 * or outputs, and rotation by RDS needs no redeploy of slipway (tasks pick it up when they restart).
 */
import { dependsOn, envName } from "./components";
import { providerKeyToSet } from "./ai";
import type { Release, ServiceSpec } from "./model";

/** Where a secret environment variable's value comes from. */
export type SecretSource =
  /** `slipway:secrets.<NAME>` (a config secret). */
  | "config"
  /** Generated with @pulumi/random (the variable looks like a key/token/password). */
  | "generated"
  /** A credential-free connection URL of the release's database. */
  | "database-url"
  /** The backend report's default, kept out of the plain environment because it looks secret. */
  | "report-default"
  /**
   * An external model provider's API key (the AI report): `slipway:secrets.<NAME>` when set, else set
   * before deploy; never generated. Only for the services that call the models.
   */
  | "provider-key";

export interface SecretEnvVar {
  readonly name: string;
  readonly source: SecretSource;
  /** The report's default (source `report-default` only; never from config). */
  readonly value?: string;
  /** Source `provider-key`: the value is in `slipway:secrets` (else it must be set before deploy). */
  readonly configured?: boolean;
}

export interface EnvironmentPlan {
  /** Plain variables (`environment`), by name. */
  readonly plain: Readonly<Record<string, string>>;
  /** Variables that come from Secrets Manager (`secrets`). */
  readonly secrets: readonly SecretEnvVar[];
  /** Add `PGUSER`/`PGPASSWORD` from the RDS-managed master secret. */
  readonly databaseCredentials: boolean;
  /** Variables filled from a provisioned component (queue URL, cache endpoint and AUTH token, bucket name). */
  readonly linked: readonly LinkedEnvVar[];
  /** Required variables nothing can fill: not set, never generated (they are not secrets), each with its fix. */
  readonly unfilled: readonly UnfilledEnvVar[];
  /** Never contains a value. */
  readonly warnings: readonly string[];
}

/** What a linked variable carries. */
export type LinkKind = "cache-url" | "cache-auth" | "queue-url" | "bucket-name";

/** A variable filled from a component of the release, for the services that depend on it only. */
export interface LinkedEnvVar {
  readonly name: string;
  /** The packet component that fills it. */
  readonly component: string;
  readonly kind: LinkKind;
}

export interface UnfilledEnvVar {
  readonly name: string;
  readonly description: string;
  readonly fix: string;
}

type Linkable = Partial<Pick<Release, "caches" | "queues" | "buckets">>;

/**
 * The component and kind a variable name is filled from, matched to the names the backend report
 * declares: `<NAME>_QUEUE_URL` / `<NAME>_URL` (queue `<name>`; `QUEUE_URL`, `SQS_QUEUE_URL` with one
 * queue), `<NAME>_URL` / `REDIS_URL` / `CACHE_URL` / `VALKEY_URL` (cache; generic names with one cache),
 * `<NAME>_AUTH_TOKEN` / `REDIS_PASSWORD` / `REDIS_AUTH_TOKEN` (its AUTH token), `<NAME>_BUCKET[_NAME]` /
 * `S3_BUCKET[_NAME]` / `BUCKET_NAME` (bucket; generic names with one bucket).
 */
export function linkFor(name: string, release: Linkable): Omit<LinkedEnvVar, "name"> | undefined {
  const caches = release.caches ?? [];
  const queues = release.queues ?? [];
  const buckets = release.buckets ?? [];
  for (const q of queues) {
    const n = envName(q.name);
    if (name === `${n}_QUEUE_URL` || name === `${n}_URL` || name === `${n}_SQS_URL`)
      return { component: q.name, kind: "queue-url" };
  }
  if (queues.length === 1 && ["QUEUE_URL", "SQS_QUEUE_URL", "SQS_URL"].includes(name))
    return { component: queues[0].name, kind: "queue-url" };
  for (const c of caches) {
    const n = envName(c.name);
    if (name === `${n}_URL` || name === `${n}_REDIS_URL`) return { component: c.name, kind: "cache-url" };
    if (name === `${n}_AUTH_TOKEN` || name === `${n}_PASSWORD`)
      return { component: c.name, kind: "cache-auth" };
  }
  if (caches.length === 1) {
    if (/^(REDIS|CACHE|VALKEY)_(URL|URI)$/.test(name))
      return { component: caches[0].name, kind: "cache-url" };
    if (/^(REDIS|CACHE|VALKEY)_(PASSWORD|AUTH_TOKEN|AUTH|TOKEN)$/.test(name))
      return { component: caches[0].name, kind: "cache-auth" };
  }
  for (const b of buckets) {
    const n = envName(b.name);
    if (name === `${n}_BUCKET` || name === `${n}_BUCKET_NAME` || name === n)
      return { component: b.name, kind: "bucket-name" };
  }
  if (buckets.length === 1 && ["S3_BUCKET", "S3_BUCKET_NAME", "BUCKET_NAME", "BUCKET"].includes(name))
    return { component: buckets[0].name, kind: "bucket-name" };
  return undefined;
}

/** The fix for a required variable nothing fills, by what its name suggests. */
function unfilledFix(name: string): string {
  const set = `set it with pulumi config set --secret --path 'slipway:secrets.${name}' (it prompts for the value)`;
  if (/QUEUE|SQS/.test(name))
    return `add the message_queue component it names to the packet and to the dependencies of the services that use it (slipway fills <NAME>_QUEUE_URL), or ${set}`;
  if (/REDIS|CACHE|VALKEY/.test(name))
    return `add the cache component to the packet and to the services' dependencies (slipway fills REDIS_URL), or ${set}`;
  if (/BUCKET/.test(name))
    return `add the object_storage component to the packet and to the services' dependencies (slipway fills <NAME>_BUCKET), or ${set}`;
  return set;
}

/** `DATABASE_URL`, `DB_URL`, `POSTGRES_DSN`, `PG_URI`, `READ_DATABASE_URL`, ... */
export function isDatabaseUrlName(name: string): boolean {
  return /(^|_)(DATABASE|DB|POSTGRES|POSTGRESQL|PG)_(URL|URI|DSN)$/.test(name);
}

/** Names that clearly hold secret material (generated values are fine for them). */
export function looksSecret(name: string): boolean {
  return /(KEY|SECRET|TOKEN|PASSWORD|PASSWD|PASS|CREDENTIALS?|SALT|PRIVATE|SIGNING|API_?KEY)(_|$)/.test(name);
}

/** Names the platform sets itself; the release may not claim them as its own secrets. */
export const DATABASE_CREDENTIAL_VARS = ["PGUSER", "PGPASSWORD"] as const;

/**
 * Plan the environment of the release's services (they share the backend report's variables).
 * @param configuredSecrets names present in `slipway:secrets` (values are never passed here)
 */
export function planEnvironment(
  release: Pick<Release, "services" | "database"> & Linkable & Partial<Pick<Release, "ai">>,
  configuredSecrets: readonly string[],
): EnvironmentPlan {
  const providerKeys = release.ai?.providers ?? [];
  const vars = (release.services[0]?.environment ?? []).filter(
    (v) => !providerKeys.some((p) => p.keyVar === v.name),
  );
  const plain: Record<string, string> = {};
  const secrets: SecretEnvVar[] = [];
  const linked: LinkedEnvVar[] = [];
  const unfilled: UnfilledEnvVar[] = [];
  const warnings: string[] = [];
  let databaseCredentials = false;
  for (const v of vars) {
    const link = linkFor(v.name, release);
    if (link && !configuredSecrets.includes(v.name)) {
      linked.push({ name: v.name, ...link });
      if (v.value !== undefined)
        warnings.push(
          `${v.name} has a default in the backend report; it is filled from the ${link.component} component instead`,
        );
    } else if (configuredSecrets.includes(v.name)) {
      secrets.push({ name: v.name, source: "config" });
    } else if (isDatabaseUrlName(v.name) && release.database && (v.secret || v.value !== undefined)) {
      secrets.push({ name: v.name, source: "database-url" });
      databaseCredentials = true;
    } else if (v.value !== undefined) {
      if (looksSecret(v.name) || isDatabaseUrlName(v.name)) {
        secrets.push({ name: v.name, source: "report-default", value: v.value });
        warnings.push(
          `${v.name} looks like a secret but has a default in the backend report: the default is stored in Secrets Manager, not in the plain environment. Set the real value with pulumi config set --secret --path 'slipway:secrets.${v.name}' (it prompts for the value)`,
        );
      } else plain[v.name] = v.value;
    } else if (!v.secret) {
      continue; // optional without a default: left unset
    } else if (looksSecret(v.name)) {
      secrets.push({ name: v.name, source: "generated" });
    } else {
      // Not a secret: a random value would only hide the gap. Listed, not set.
      const fix = unfilledFix(v.name);
      unfilled.push({ name: v.name, description: v.description, fix });
      warnings.push(
        `${v.name} (${v.description}) is required, has no default and nothing in the release fills it: it is not set. Fix: ${fix}`,
      );
    }
  }
  if (databaseCredentials) {
    for (const name of DATABASE_CREDENTIAL_VARS) {
      if (vars.some((v) => v.name === name && (v.value !== undefined || v.secret)))
        warnings.push(`${name} from the backend report is replaced by the database's managed credentials`);
      delete plain[name];
    }
  }
  for (const p of providerKeys) {
    const configured = configuredSecrets.includes(p.keyVar);
    secrets.push({ name: p.keyVar, source: "provider-key", configured });
    if (!configured) warnings.push(providerKeyToSet(p, release.ai!.users));
  }
  for (const name of configuredSecrets)
    if (!vars.some((v) => v.name === name) && !providerKeys.some((p) => p.keyVar === name))
      warnings.push(
        `slipway:secrets.${name} is set but the backend report has no variable ${name}; it is not used`,
      );
  const filtered = databaseCredentials
    ? secrets.filter((s) => !(DATABASE_CREDENTIAL_VARS as readonly string[]).includes(s.name))
    : secrets;
  return { plain, secrets: filtered, databaseCredentials, linked, unfilled, warnings };
}

/** What one service's task definition receives: the plan narrowed to the service's dependencies. */
export interface ServiceEnvironment {
  readonly plain: Readonly<Record<string, string>>;
  readonly secrets: readonly SecretEnvVar[];
  /** `PGUSER`/`PGPASSWORD` from the RDS-managed secret (only for services that depend on the database). */
  readonly databaseCredentials: boolean;
  /** Variables filled from the components this service depends on. */
  readonly linked: readonly LinkedEnvVar[];
}

/**
 * The environment of one service. Variables tied to a dependency go only to the services whose packet
 * entry depends on it: the database's URL (a database-URL name when the release has a database, from
 * whatever source) and its credentials only to dependents of the database. Variables tied to no
 * dependency (signing keys, settings) go to every service, as the backend report is shared. External
 * model providers' keys go only to the services that call the models (`release.ai.users`).
 */
export function serviceEnvironment(
  plan: EnvironmentPlan,
  service: Pick<ServiceSpec, "dependencies"> & { readonly name?: string },
  release: Pick<Release, "database"> & Partial<Pick<Release, "ai">>,
): ServiceEnvironment {
  const usesDatabase = dependsOn(service, release.database?.name);
  const usesAi = service.name !== undefined && (release.ai?.users ?? []).includes(service.name);
  const databaseVar = (name: string): boolean => release.database !== undefined && isDatabaseUrlName(name);
  return {
    plain: Object.fromEntries(
      Object.entries(plan.plain).filter(([name]) => usesDatabase || !databaseVar(name)),
    ),
    secrets: plan.secrets.filter(
      (s) => (usesDatabase || !databaseVar(s.name)) && (usesAi || s.source !== "provider-key"),
    ),
    databaseCredentials: plan.databaseCredentials && usesDatabase,
    linked: plan.linked.filter((l) => dependsOn(service, l.component)),
  };
}

/** Warnings about data stores and queues no service depends on (nothing can reach them). */
export function unusedDependencyWarnings(
  release: Pick<Release, "services" | "database"> & Linkable,
): string[] {
  const stores: [string, string][] = [
    ...(release.database ? [["database", release.database.name] as [string, string]] : []),
    ...(release.caches ?? []).map((c): [string, string] => ["cache", c.name]),
    ...(release.queues ?? []).map((q): [string, string] => ["queue", q.name]),
    ...(release.buckets ?? []).map((b): [string, string] => ["bucket", b.name]),
  ];
  return stores
    .filter(([, name]) => !release.services.some((s) => dependsOn(s, name)))
    .map(
      ([what, name]) =>
        `the ${what} "${name}" is not in the dependencies of any backend component: no service can reach it${what === "database" ? " or receives its credentials" : ""}. Add "${name}" to the dependencies of the services that use it in the architecture packet`,
    );
}
