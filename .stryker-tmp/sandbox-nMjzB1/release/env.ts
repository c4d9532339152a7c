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
// @ts-nocheck

import { dependsOn } from "./components";
import type { Release, ServiceSpec } from "./model";

/** Where a secret environment variable's value comes from. */
export type SecretSource =
  /** `slipway:secrets.<NAME>` (a config secret). */
  | "config"
  /** Generated with @pulumi/random (the variable looks like a key/token/password). */
  | "generated"
  /** Generated, but the name does not look like a secret: the operator should set the real value. */
  | "generated-placeholder"
  /** A credential-free connection URL of the release's database. */
  | "database-url"
  /** The backend report's default, kept out of the plain environment because it looks secret. */
  | "report-default";

export interface SecretEnvVar {
  readonly name: string;
  readonly source: SecretSource;
  /** The report's default (source `report-default` only; never from config). */
  readonly value?: string;
}

export interface EnvironmentPlan {
  /** Plain variables (`environment`), by name. */
  readonly plain: Readonly<Record<string, string>>;
  /** Variables that come from Secrets Manager (`secrets`). */
  readonly secrets: readonly SecretEnvVar[];
  /** Add `PGUSER`/`PGPASSWORD` from the RDS-managed master secret. */
  readonly databaseCredentials: boolean;
  /** Never contains a value. */
  readonly warnings: readonly string[];
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
  release: Pick<Release, "services" | "database">,
  configuredSecrets: readonly string[],
): EnvironmentPlan {
  const vars = release.services[0]?.environment ?? [];
  const plain: Record<string, string> = {};
  const secrets: SecretEnvVar[] = [];
  const warnings: string[] = [];
  let databaseCredentials = false;
  for (const v of vars) {
    if (configuredSecrets.includes(v.name)) {
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
      secrets.push({ name: v.name, source: "generated-placeholder" });
      warnings.push(
        `${v.name} (${v.description}) is required and has no default; a random placeholder was generated. Set the real value with pulumi config set --secret --path 'slipway:secrets.${v.name}' (it prompts for the value)`,
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
  for (const name of configuredSecrets)
    if (!vars.some((v) => v.name === name))
      warnings.push(
        `slipway:secrets.${name} is set but the backend report has no variable ${name}; it is not used`,
      );
  const filtered = databaseCredentials
    ? secrets.filter((s) => !(DATABASE_CREDENTIAL_VARS as readonly string[]).includes(s.name))
    : secrets;
  return { plain, secrets: filtered, databaseCredentials, warnings };
}

/** What one service's task definition receives: the plan narrowed to the service's dependencies. */
export interface ServiceEnvironment {
  readonly plain: Readonly<Record<string, string>>;
  readonly secrets: readonly SecretEnvVar[];
  /** `PGUSER`/`PGPASSWORD` from the RDS-managed secret (only for services that depend on the database). */
  readonly databaseCredentials: boolean;
}

/**
 * The environment of one service. Variables tied to a dependency go only to the services whose packet
 * entry depends on it: the database's URL (a database-URL name when the release has a database, from
 * whatever source) and its credentials only to dependents of the database. Variables tied to no
 * dependency (signing keys, settings) go to every service, as the backend report is shared.
 */
export function serviceEnvironment(
  plan: EnvironmentPlan,
  service: Pick<ServiceSpec, "dependencies">,
  release: Pick<Release, "database">,
): ServiceEnvironment {
  const usesDatabase = dependsOn(service, release.database?.name);
  const databaseVar = (name: string): boolean => release.database !== undefined && isDatabaseUrlName(name);
  return {
    plain: Object.fromEntries(
      Object.entries(plan.plain).filter(([name]) => usesDatabase || !databaseVar(name)),
    ),
    secrets: plan.secrets.filter((s) => usesDatabase || !databaseVar(s.name)),
    databaseCredentials: plan.databaseCredentials && usesDatabase,
  };
}

/** Warnings about data stores no service depends on (nothing can reach them). */
export function unusedDependencyWarnings(release: Pick<Release, "services" | "database">): string[] {
  const db = release.database?.name;
  return db !== undefined && !release.services.some((s) => dependsOn(s, db))
    ? [
        `the database "${db}" is not in the dependencies of any backend component: no service can reach it or receives its credentials. Add "${db}" to the dependencies of the services that use it in the architecture packet`,
      ]
    : [];
}
