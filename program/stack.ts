/**
 * The wiring of the slipway Pulumi program: from the stack config and the release, create the providers
 * (with the standard tags as default tags), build the components from the release topology, and return
 * exactly the stack outputs of `outputs.ts` for `index.ts` to export.
 *
 * Topology: every backend component -> a Service (`backend_api` behind the ALB, others not); the
 * frontend -> a StaticSite; the database -> RDS PostgreSQL. No application name appears here: everything
 * comes from the release (`release/`) and the stack config (`config/`).
 *
 * One small function per area, called in registration order by {@link buildStack}; each component is
 * built inside {@link build}, so bad input it finds stops the program with a clear message.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { fitLength, fitName, nameFix, nameProblems, nameRule } from "../lib/aws-names";
import { dbInstanceMemoryGiB } from "../lib/rds";
import { InputError, InputErrors } from "../lib/errors";
import { Cache, CACHE_PORT } from "../components/cache";
import { Database } from "../components/database";
import { Queue } from "../components/queue";
import { AppBucket } from "../components/storage/app-bucket";
import { Dns } from "../components/dns";
import {
  MAX_NAME_PREFIX_LENGTH,
  Monitoring,
  type MonitoredApi,
  type MonitoredDatabase,
  type MonitoredWorker,
} from "../components/monitoring";
import { Network } from "../components/network";
import { Secrets, type SecretSpec } from "../components/secrets";
import { Cluster, Service, type ServiceEgressRule, type ServiceSecret } from "../components/service";
import { StaticSite } from "../components/static-site";
import { WebAcl } from "../components/waf";
import { standardTags } from "../components/tags";
import {
  type ResolvedReleaseState,
  type ResolvedService,
  type StackConfig,
  resolveReleaseState,
  resolveServiceSettings,
  unknownSecretRotations,
} from "../config";
import type { AlarmOutput, DatabaseOutput, FrontendOutput, ServiceOutput, StackOutputs } from "../outputs";
import { dependsOn } from "../release/components";
import { type TaskStatement, taskRoleStatements } from "./access";
import { type BedrockGrant, bedrockAlarms, bedrockGrant } from "./ai";
import {
  DATABASE_CREDENTIAL_VARS,
  type EnvironmentPlan,
  type SecretEnvVar,
  type ServiceEnvironment,
  planEnvironment,
  serviceEnvironment,
  unusedDependencyWarnings,
} from "../release/env";
import type { Release, ServiceSpec } from "../release/model";
import {
  apiRouting,
  migrationPlan,
  resourcePrefix,
  singleInputError,
  throwInputErrors,
} from "../release/program";

/**
 * Run a step of the program (loading config and release, building a component). Bad input it finds (an
 * InputError naming the file or argument and the fix, one line per problem) stops the program: a
 * `pulumi.RunError` prints it without a stack trace under `pulumi up`, and one InputError with the same
 * message travels as `cause` for the offline engine. Config and release problems stop it before anything
 * is registered.
 */
export function build<T>(step: () => T): T {
  try {
    return step();
  } catch (err) {
    if (err instanceof InputError || err instanceof InputErrors)
      throw new pulumi.RunError(err.message, { cause: singleInputError(err) });
    throw err;
  }
}

/**
 * The values `index.ts` exports, one per `StackOutputs` key: plain when known before deployment, an
 * Output otherwise.
 */
export interface StackOutputValues extends Record<keyof StackOutputs, unknown> {
  readonly project: StackOutputs["project"];
  readonly environment: StackOutputs["environment"];
  readonly environmentType: StackOutputs["environmentType"];
  readonly region: StackOutputs["region"];
  readonly version: StackOutputs["version"];
  readonly strategy: StackOutputs["strategy"];
  readonly services: pulumi.Output<ServiceOutput[]>;
  readonly frontend: pulumi.Output<FrontendOutput | undefined>;
  readonly database: pulumi.Output<DatabaseOutput | undefined>;
  readonly alarms: pulumi.Output<AlarmOutput[]>;
  readonly dashboardUrl: pulumi.Output<string>;
  readonly logRetentionDays: StackOutputs["logRetentionDays"];
  readonly tls: pulumi.Output<StackOutputs["tls"]>;
  /** Counted once every other output resolved (all registrations done by then). */
  readonly resourceSummary: pulumi.Output<StackOutputs["resourceSummary"]>;
}

/** What every area builder reads: the inputs and the decisions taken before any component exists. */
interface StackContext {
  readonly config: StackConfig;
  readonly release: Release;
  /** Resource name prefix, `<project>-<stack>`. */
  readonly prefix: string;
  /** Options of every top-level component: the main aws provider. */
  readonly opts: pulumi.ComponentResourceOptions;
  /** CloudFront certificates' provider (us-east-1), only when there is one to make. */
  readonly usEast1: aws.Provider | undefined;
  readonly apis: readonly ServiceSpec[];
  readonly workers: readonly ServiceSpec[];
  readonly state: ResolvedReleaseState;
  readonly settings: Map<string, ResolvedService>;
  readonly plan: EnvironmentPlan;
  readonly migration: ReturnType<typeof migrationPlan>;
  /** The Bedrock models the AI report's users may invoke, or undefined without Bedrock models. */
  readonly bedrock: BedrockGrant | undefined;
}

/** Secret environment variables and the KMS keys that decrypt them, as one service receives them. */
interface ServiceSecrets {
  readonly secrets: readonly ServiceSecret[];
  readonly kmsKeyArns: readonly pulumi.Output<string>[];
}

/** The secrets of one service: only those of its dependencies (see `serviceEnvironment`). */
type SecretsFor = (env: ServiceEnvironment) => ServiceSecrets;

/**
 * Build the whole stack for a loaded config and release: the components in registration order, and the
 * stack outputs. Counts resource types from before the first registration (the resource summary).
 */
export function buildStack(config: StackConfig, release: Release): { readonly outputs: StackOutputValues } {
  const typeCounts = countResourceTypes();
  fitPhysicalNames();
  const ctx = buildEnvironment(config, release);
  const network = buildNetwork(ctx);
  const dns = buildDomain(ctx);
  const database = buildDatabase(ctx, network);
  const stores = buildDataStores(ctx, network);
  const secretsFor = buildSecrets(ctx, database);
  const cluster = buildPlatform(ctx, network, dns);
  const services = buildServices(ctx, cluster, database, stores, secretsFor);
  const waf = buildWaf(ctx, cluster);
  const site = buildSite(ctx, dns, cluster, waf.siteAclArn);
  buildAliasRecords(ctx, dns, site, cluster);
  const monitoring = buildMonitoring(ctx, { network, dns, database, stores, cluster, services, site });
  return { outputs: stackOutputs(ctx, { dns, database, services, site, monitoring }, typeCounts) };
}

/** Count every resource the program registers, by type token (the report's resource summary). */
function countResourceTypes(): Record<string, number> {
  const typeCounts: Record<string, number> = {};
  pulumi.runtime.registerStackTransformation((args) => {
    typeCounts[args.type] = (typeCounts[args.type] ?? 0) + 1;
    return undefined;
  });
  return typeCounts;
}

/**
 * Names AWS accepts for every resource (issue 11): where the provider's own name would not fit (its
 * autoname `<logical>-<7 random chars>` past the type's limit, a `*Prefix` too long for Terraform's 26
 * characters), the resource gets a deterministic explicit name from `lib/aws-names.ts` (cut, with a
 * stable 7-character hash). Names that fit are left to the provider, so a stack deployed before keeps
 * every resource it has; only names that AWS would have refused change.
 */
function fitPhysicalNames(): void {
  pulumi.runtime.registerStackTransformation((args) => {
    if (!args.type.startsWith("aws:")) return undefined;
    const props = args.props as Record<string, unknown>;
    const fix = nameFix(args.type, args.name, props);
    return fix ? { props: { ...props, [fix.property]: fix.value }, opts: args.opts } : undefined;
  });
}

/**
 * Resolve the release state, service settings and environment plan, create the providers, and log the
 * warnings of the config, the release and the plan.
 */
function buildEnvironment(config: StackConfig, release: Release): StackContext {
  const { main, usEast1, state, settings, plan, bedrock } = build(() => {
    const state = resolveReleaseState(config, release);
    const settings = resolveServiceSettings(config, release.services);
    const plan = planEnvironment(release, Object.keys(config.secrets));
    throwInputErrors(
      unknownSecretRotations(
        config,
        plan.secrets.map((s) => s.name),
      ),
    );
    const tags = standardTags({
      project: release.projectId,
      environment: config.stack,
      owner: release.owner,
      team: release.team,
      dataClassification: release.dataClassification,
      complianceFrameworks: release.complianceFrameworks,
    });
    const main = new aws.Provider("aws", { region: config.region as aws.Region, defaultTags: { tags } });
    // CloudFront lives in us-east-1 for what is not global: its certificate, its web ACL (WAF on the
    // site, see `wantsWaf`), its metrics and so the alarms on them. A second provider with a frontend.
    const usEast1 = release.frontend
      ? new aws.Provider("aws-us-east-1", { region: "us-east-1", defaultTags: { tags } })
      : undefined;
    const bedrock = bedrockGrant(
      release,
      config.region,
      () => aws.getCallerIdentityOutput({}, { provider: main }).accountId,
    );
    return { main, usEast1, state, settings, plan, bedrock };
  });

  const migration = migrationPlan(release, config.migrationCommand);
  for (const w of [
    ...(release.warnings ?? []),
    ...config.warnings,
    ...plan.warnings,
    ...unusedDependencyWarnings(release),
    ...(migration.warning ? [migration.warning] : []),
  ])
    pulumi.log.warn(w);

  return {
    config,
    release,
    prefix: resourcePrefix(release.projectId, config.stack),
    opts: { providers: { aws: main } },
    usEast1,
    apis: release.services.filter((s) => s.kind === "api"),
    workers: release.services.filter((s) => s.kind !== "api"),
    state,
    settings,
    plan,
    migration,
    bedrock,
  };
}

/** Network: VPC, subnets per tier, NAT, flow logs and (optionally) VPC endpoints. */
function buildNetwork({ config, prefix, opts }: StackContext): Network {
  return build(
    () =>
      new Network(
        prefix,
        {
          cidrBlock: config.network.vpcCidr,
          azCount: config.network.azCount,
          natGateways: config.network.natGateways,
          flowLogs: { retentionInDays: config.network.flowLogRetentionDays },
          endpoints: config.network.vpcEndpoints
            ? { s3Gateway: true, interfaceServices: ["ecr.api", "ecr.dkr", "secretsmanager", "logs"] }
            : undefined,
        },
        opts,
      ),
  );
}

/** Domain and certificates (only for what is public: the API and the site). */
function buildDomain({ config, release, prefix, opts, usEast1, apis }: StackContext): Dns | undefined {
  const wantsDomain = config.domain !== undefined && (apis.length > 0 || release.frontend !== undefined);
  if (config.domain && !wantsDomain)
    pulumi.log.warn(
      `slipway:domain is set but the release has neither an API nor a frontend; it is not used`,
    );
  return wantsDomain
    ? build(
        () =>
          new Dns(
            prefix,
            {
              domain: config.domain!.name,
              hostedZoneId: config.domain!.hostedZoneId,
              site: release.frontend !== undefined,
              api: apis.length > 0,
              ...(release.frontend && config.domain!.siteHostname
                ? { siteHostname: config.domain!.siteHostname }
                : {}),
              ...(apis.length && config.domain!.apiHostname
                ? { apiHostname: config.domain!.apiHostname }
                : {}),
              ...(release.frontend && usEast1 ? { cloudFrontProvider: usEast1 } : {}),
            },
            opts,
          ),
      )
    : undefined;
}

/**
 * The RDS instance identifier of the stack's database: `<project>-<stack>-<db name>`, cut with a stable
 * hash when it would not be one AWS accepts (63 lower-case characters). Fixed before the instance exists,
 * so the program creates its exported log groups first (issue 11).
 */
export function databaseIdentifier(prefix: string, databaseName: string): string {
  const rule = nameRule("aws:rds/instance:Instance")!;
  const wanted = `${prefix}-${databaseName}`.toLowerCase();
  return nameProblems(rule, wanted).length === 0 ? wanted : fitName(rule, wanted);
}

/**
 * Database (credentials: RDS-managed master secret; nothing in config). Its identifier is fixed, so its
 * `postgresql` and `upgrade` log groups exist (retention, KMS) before the instance.
 */
function buildDatabase(
  { config, release, prefix, opts }: StackContext,
  network: Network,
): Database | undefined {
  return release.database
    ? build(
        () =>
          new Database(
            `${prefix}-${release.database!.name}`,
            {
              identifier: databaseIdentifier(prefix, release.database!.name),
              logRetentionDays: config.logRetentionDays,
              vpcId: network.vpcId,
              subnetIds: network.isolatedSubnetIds,
              instanceClass: config.database.instanceClass,
              engineVersion: release.database!.majorVersion,
              allocatedStorageGb: config.database.allocatedStorageGb,
              maxAllocatedStorageGb: config.database.maxAllocatedStorageGb,
              databaseName: release.projectId.replace(/-/g, "_"),
              multiAz: config.database.multiAz,
              backupRetentionDays: config.database.backupRetentionDays,
              deletionProtection: config.database.deletionProtection,
              performanceInsightsRetentionDays: config.database.performanceInsightsRetentionDays,
            },
            opts,
          ),
      )
    : undefined;
}

/** The caches, queues and buckets of the release, by packet component name. */
interface DataStores {
  readonly caches: ReadonlyMap<string, Cache>;
  readonly queues: ReadonlyMap<string, Queue>;
  readonly buckets: ReadonlyMap<string, AppBucket>;
}

/**
 * Caches (Valkey in the isolated subnets; node type, replicas and snapshot retention from the stack
 * config, `slipway:cache*`: by default a primary and a replica in another AZ with automatic failover
 * and 7-day snapshots in production, one node and 1-day snapshots otherwise), queues (SQS + DLQ, FIFO
 * when the packet asks for ordering; visibility, retention and maxReceiveCount from `slipway:queue*`) and private buckets for application data. Nobody can reach them
 * until a service that depends on them is built (`buildServices`).
 */
function buildDataStores({ config, release, prefix, opts }: StackContext, network: Network): DataStores {
  return {
    caches: new Map(
      release.caches.map((c) => [
        c.name,
        build(
          () =>
            new Cache(
              `${prefix}-${c.name}`,
              {
                vpcId: network.vpcId,
                subnetIds: network.isolatedSubnetIds,
                nodeType: config.cache.nodeType,
                nodes: config.cache.replicas + 1,
                snapshotRetentionDays: config.cache.snapshotRetentionDays,
                logRetentionDays: config.logRetentionDays,
                secretNamePrefix: `slipway/${prefix}/`,
              },
              opts,
            ),
        ),
      ]),
    ),
    queues: new Map(
      release.queues.map((q) => [
        q.name,
        build(
          () =>
            new Queue(
              `${prefix}-${q.name}`,
              {
                fifo: q.fifo,
                visibilityTimeoutSeconds: config.queue.visibilityTimeoutSeconds,
                messageRetentionSeconds: config.queue.messageRetentionSeconds,
                maxReceiveCount: config.queue.maxReceiveCount,
              },
              opts,
            ),
        ),
      ]),
    ),
    buckets: new Map(
      release.buckets.map((b) => [
        b.name,
        build(
          () =>
            new AppBucket(
              `${prefix}-${b.name}`,
              { noncurrentVersionExpirationDays: 30, accessLogRetentionDays: config.logRetentionDays },
              opts,
            ),
        ),
      ]),
    ),
  };
}

/**
 * Secrets for required environment variables (one Secrets component for the release), and what one
 * service receives: the ARNs of its own secrets, the database credentials from the RDS-managed secret
 * when it depends on the database, and the KMS keys that decrypt exactly those.
 */
function buildSecrets(
  { config, prefix, opts, plan }: StackContext,
  database: Database | undefined,
): SecretsFor {
  const secretSpecs: SecretSpec[] = plan.secrets.map((s): SecretSpec => {
    const rotation = config.secretRotation[s.name];
    return rotation ? { ...secretSpec(s, config, database), rotation } : secretSpec(s, config, database);
  });
  const secrets = secretSpecs.length
    ? build(
        () => new Secrets(`${prefix}-env`, { secrets: secretSpecs, namePrefix: `slipway/${prefix}/` }, opts),
      )
    : undefined;
  return (env) => {
    const credentials = env.databaseCredentials && database !== undefined;
    return {
      secrets: [
        ...env.secrets.map((s) => ({ name: s.name, valueFrom: secrets!.secretArn(s.name) })),
        ...(credentials
          ? [
              {
                name: DATABASE_CREDENTIAL_VARS[0],
                valueFrom: pulumi.interpolate`${database.masterSecretArn}:username::`,
              },
              {
                name: DATABASE_CREDENTIAL_VARS[1],
                valueFrom: pulumi.interpolate`${database.masterSecretArn}:password::`,
              },
            ]
          : []),
      ],
      kmsKeyArns: [
        ...(secrets && env.secrets.length > 0 ? [secrets.kmsKeyArn] : []),
        ...(credentials ? [database.kmsKeyArn] : []),
      ],
    };
  };
}

/** Where one secret env var's value comes from (see release/env.ts). */
function secretSpec(s: SecretEnvVar, config: StackConfig, database: Database | undefined): SecretSpec {
  switch (s.source) {
    case "config":
      return { name: s.name, value: config.secrets[s.name], description: `${s.name} (from stack config)` };
    case "report-default":
      return {
        name: s.name,
        value: pulumi.secret(s.value!),
        description: `${s.name} (the backend report's default; set slipway:secrets.${s.name} for the real value)`,
      };
    case "database-url":
      return {
        name: s.name,
        value: pulumi.interpolate`postgresql://${database!.address}:${database!.port}/${database!.databaseName}?sslmode=require`,
        description: `${s.name}: connection URL without credentials (PGUSER/PGPASSWORD come from the RDS-managed secret)`,
      };
    case "generated":
      return { name: s.name, description: `${s.name} (generated)` };
    case "provider-key":
      // Never generated: from config, or put before deploy (the plan lists the command).
      return s.configured
        ? {
            name: s.name,
            value: config.secrets[s.name],
            description: `${s.name} (model provider key, from stack config)`,
          }
        : {
            name: s.name,
            valueSetBeforeDeploy: true,
            description: `${s.name} (model provider key): set slipway:secrets.${s.name} before deploy`,
          };
  }
}

/** Whether the ALB serves HTTPS: with the API certificate, when a domain is configured. */
function servesHttps(dns: Dns | undefined): boolean {
  return dns?.apiCertificateArn !== undefined;
}

/**
 * Shared platform: ECS cluster and ALB. HTTPS with the API certificate when a domain is configured;
 * without one the ALB serves plain HTTP to the internet (explicit loosening, warned about by config).
 * Network paths to data stores belong to each service (`buildServices`), not to the platform.
 */
function buildPlatform(
  { config, release, prefix, opts }: StackContext,
  network: Network,
  dns: Dns | undefined,
): Cluster {
  const https = servesHttps(dns);
  const cluster = build(
    () =>
      new Cluster(
        prefix,
        {
          vpcId: network.vpcId,
          publicSubnetIds: network.subnetCidrs.public.map((_, i) =>
            network.publicSubnetIds.apply((ids) => ids[i]),
          ),
          privateSubnetIds: network.subnetCidrs.private.map((_, i) =>
            network.privateSubnetIds.apply((ids) => ids[i]),
          ),
          ...(https
            ? { certificateArn: dns!.apiCertificateArn!, domainName: dns!.apiHostname }
            : { allowPlainHttp: true }),
          allowPublicIngress: true,
          containerPorts: [...new Set(release.services.map((s) => s.port))],
          deletionProtection: config.loadBalancerDeletionProtection,
        },
        opts,
      ),
  );
  return cluster;
}

/** Egress every service has: HTTPS to AWS APIs and, through NAT, the internet. */
const HTTPS_EGRESS: ServiceEgressRule = {
  port: 443,
  cidrBlocks: ["0.0.0.0/0"],
  description: "HTTPS to AWS APIs (ECR, Secrets Manager, Logs) and the internet through NAT",
};

/**
 * The task role statements of a service's queue and bucket dependencies, one Output per statement (the
 * count is known before the ARNs are).
 */
function dependencyStatements(
  kind: "api" | "worker",
  queues: readonly [string, Queue][],
  buckets: readonly [string, AppBucket][],
  bedrock: BedrockGrant | undefined,
): pulumi.Output<TaskStatement>[] {
  const plan = (
    queueArns: readonly string[],
    bucketArns: readonly string[],
    accountId: string,
  ): TaskStatement[] =>
    taskRoleStatements({
      kind,
      queues: queues.map(([name], i) => ({ name, arn: queueArns[i] })),
      buckets: buckets.map(([name], i) => ({ name, arn: bucketArns[i] })),
      ...(bedrock ? { bedrockModels: bedrock.models(accountId) } : {}),
    });
  const all = pulumi
    .all([
      pulumi.all(queues.map(([, q]) => q.queueArn)),
      pulumi.all(buckets.map(([, b]) => b.bucketArn)),
      bedrock?.accountId ?? "",
    ])
    .apply(([queueArns, bucketArns, accountId]) => plan(queueArns, bucketArns, accountId));
  return plan(
    queues.map(() => ""),
    buckets.map(() => ""),
    "",
  ).map((_, i) => all.apply((statements) => statements[i]));
}

/** Plain variables and secrets filled from the components a service depends on. */
function linkedEnvironment(
  env: ServiceEnvironment,
  stores: DataStores,
): {
  readonly plain: Record<string, pulumi.Input<string>>;
  readonly secrets: ServiceSecret[];
  readonly kmsKeyArns: pulumi.Output<string>[];
} {
  const plain: Record<string, pulumi.Input<string>> = {};
  const secrets: ServiceSecret[] = [];
  const kmsKeyArns: pulumi.Output<string>[] = [];
  for (const l of env.linked) {
    switch (l.kind) {
      case "queue-url":
        plain[l.name] = stores.queues.get(l.component)!.queueUrl;
        break;
      case "bucket-name":
        plain[l.name] = stores.buckets.get(l.component)!.bucketName;
        break;
      case "cache-url": {
        const cache = stores.caches.get(l.component)!;
        // TLS (rediss), no credentials in the URL: the AUTH token comes from its own secret.
        plain[l.name] = pulumi.interpolate`rediss://${cache.primaryEndpoint}:${cache.port}`;
        break;
      }
      case "cache-auth": {
        const cache = stores.caches.get(l.component)!;
        secrets.push({ name: l.name, valueFrom: cache.authSecretArn });
        kmsKeyArns.push(cache.kmsKeyArn);
        break;
      }
    }
  }
  return { plain, secrets, kmsKeyArns };
}

/**
 * Services, each with its own security group, secrets and task role from its packet `dependencies`: a
 * service reaches the database (and receives its URL and credentials) only when it depends on it, and
 * the database accepts exactly those services' groups. The first API takes every path; further APIs get
 * `/<name>/*` with earlier rules.
 */
function buildServices(
  { config, release, prefix, opts, apis, state, settings, plan, migration, bedrock }: StackContext,
  cluster: Cluster,
  database: Database | undefined,
  stores: DataStores,
  secretsFor: SecretsFor,
): Service[] {
  const routing = apiRouting(apis);
  return release.services.map((spec) => {
    const s = settings.get(spec.name)!;
    const route = routing.get(spec.name) ?? {};
    const env = serviceEnvironment(plan, spec, release);
    const serviceSecrets = secretsFor(env);
    const usesDatabase = database !== undefined && dependsOn(spec, release.database?.name);
    const caches = [...stores.caches].filter(([name]) => dependsOn(spec, name));
    const queues = [...stores.queues].filter(([name]) => dependsOn(spec, name));
    const buckets = [...stores.buckets].filter(([name]) => dependsOn(spec, name));
    const linked = linkedEnvironment(env, stores);
    const egress: ServiceEgressRule[] = [
      HTTPS_EGRESS,
      ...(usesDatabase
        ? [
            {
              port: 5432,
              securityGroupId: database.securityGroupId,
              description: `PostgreSQL to the database ${release.database!.name} (a dependency)`,
            },
          ]
        : []),
      ...caches.map(([name, cache]) => ({
        port: CACHE_PORT,
        securityGroupId: cache.securityGroupId,
        description: `Valkey (TLS) to the cache ${name} (a dependency)`,
      })),
    ];
    const callsModels = (release.ai?.users ?? []).includes(spec.name);
    const statements = dependencyStatements(spec.kind, queues, buckets, callsModels ? bedrock : undefined);
    const service = build(
      () =>
        new Service(
          `${prefix}-${spec.name}`,
          {
            platform: cluster,
            kind: spec.kind,
            strategy: state.strategy,
            release: {
              version: state.versions[state.activeColour]!,
              activeColour: state.activeColour,
              ...(state.twoColour
                ? { idleVersion: state.versions[state.idleColour], idleWeight: state.idleWeight }
                : {}),
            },
            image: {
              // Digests from `npm run deploy` (slipway:images) first, per version a colour runs.
              byVersion: imagesByVersion(config, spec.name),
              ...(s.image
                ? { uri: s.image }
                : s.buildContext
                  ? {
                      buildContext: s.buildContext,
                      ...(s.dockerfile ? { dockerfile: s.dockerfile } : {}),
                      // The context holds the release's code: tag the build with the release's version,
                      // which the deploy automation's preparatory update (migration task only) and the
                      // idle colour run before the services do.
                      buildVersion: release.version,
                    }
                  : {}),
            },
            port: spec.port,
            healthCheckPath: spec.healthCheckPath,
            ...(spec.livenessPath ? { livenessPath: spec.livenessPath } : {}),
            ...(route.pathPatterns ? { pathPatterns: [...route.pathPatterns] } : {}),
            ...(route.listenerPriority !== undefined ? { listenerPriority: route.listenerPriority } : {}),
            cpu: s.cpu,
            memory: s.memory,
            desiredCount: s.desiredCount,
            autoscaling: { minCount: s.minCount, maxCount: s.maxCount },
            environment: { ...env.plain, ...linked.plain },
            egress,
            secrets: [...serviceSecrets.secrets, ...linked.secrets],
            secretsKmsKeyArns: [...serviceSecrets.kmsKeyArns, ...linked.kmsKeyArns],
            ...(statements.length ? { taskRoleStatements: statements } : {}),
            logRetentionDays: config.logRetentionDays,
            tracing: { enabled: config.tracing },
            familyPrefix: `${prefix}-${spec.name}`,
            ...(spec.name === migration.owner && config.migrationCommand
              ? { migration: { command: config.migrationCommand, version: state.migrationVersion } }
              : {}),
          },
          opts,
        ),
    );
    for (const version of service.missingImageVersions)
      pulumi.log.warn(imageNeededWarning(spec.name, version));
    if (usesDatabase) build(() => database.allowFrom(spec.name, service.securityGroupId));
    for (const [, cache] of caches) build(() => cache.allowFrom(spec.name, service.securityGroupId));
    return service;
  });
}

/** One service's images by digest per release version, from `slipway:images`. */
function imagesByVersion(config: StackConfig, service: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [version, images] of Object.entries(config.images)) {
    const ref = images[service];
    if (ref !== undefined) out[version] = ref;
  }
  return out;
}

/**
 * What `plan` (and any preview) says about a service that has no image for a version a colour runs:
 * `npm run deploy` stops before any update until it has one (exit 2).
 */
export function imageNeededWarning(service: string, version: string): string {
  return `service ${service}: image needed before deploy (release ${version} has no image for it): build and push it once, then npm run deploy -- --image ${service}=<registry>/<repository>@sha256:<digest> (the CI workflow's build job passes every digest); see docs/first-deploy.md`;
}

/** Static site; `/api/*` goes to the ALB (HTTPS through the API's name, else plain HTTP to the ALB name). */
function buildSite(
  { config, release, prefix, opts, apis }: StackContext,
  dns: Dns | undefined,
  cluster: Cluster,
  webAclArn: pulumi.Output<string> | undefined,
): StaticSite | undefined {
  const https = servesHttps(dns);
  return release.frontend
    ? build(
        () =>
          new StaticSite(
            `${prefix}-${release.frontend!.name}`,
            {
              ...(config.siteAssetsDir ? { assetsDir: config.siteAssetsDir } : {}),
              ...(apis.length
                ? {
                    apiOrigin: https
                      ? { domainName: dns!.apiHostname! }
                      : { domainName: cluster.albDnsName, allowPlainHttp: true },
                  }
                : {}),
              ...(dns?.siteCertificateArn
                ? {
                    aliases: [dns.siteHostname!, ...dns.siteAlternativeNames],
                    certificateArn: dns.siteCertificateArn,
                  }
                : {}),
              ...(webAclArn ? { webAclId: webAclArn } : {}),
            },
            opts,
          ),
      )
    : undefined;
}

/**
 * WAF on the public endpoints (issue 11): on in production, where the policy pack requires it
 * (`require-waf-on-public-endpoints`); off in staging until the config schema has a key for it.
 */
function wantsWaf(config: StackConfig): boolean {
  return config.environmentType === "production";
}

/**
 * WAFv2 web ACLs with the AWS managed rule groups and a per-IP rate limit: one regional ACL associated
 * with the ALB when there is an API, one CloudFront ACL (us-east-1) for the site's distribution.
 */
function buildWaf(
  { config, release, prefix, opts, apis, usEast1 }: StackContext,
  cluster: Cluster,
): { readonly siteAclArn?: pulumi.Output<string> } {
  if (!wantsWaf(config)) return {};
  if (apis.length > 0)
    build(() => new WebAcl(`${prefix}-api-waf`, { scope: "REGIONAL", associateWith: cluster.albArn }, opts));
  if (!release.frontend || !usEast1) return {};
  const site = build(
    () => new WebAcl(`${prefix}-site-waf`, { scope: "CLOUDFRONT" }, { providers: { aws: usEast1 } }),
  );
  return { siteAclArn: site.arn };
}

/** Alias records of the domain for the site (CloudFront) and the API (ALB), once their names exist. */
function buildAliasRecords(
  { apis }: StackContext,
  dns: Dns | undefined,
  site: StaticSite | undefined,
  cluster: Cluster,
): void {
  build(() =>
    dns?.createAliasRecords({
      ...(site ? { site: { dnsName: site.domainName, zoneId: site.hostedZoneId } } : {}),
      ...(apis.length ? { api: { dnsName: cluster.albDnsName, zoneId: cluster.albZoneId } } : {}),
    }),
  );
}

/**
 * Monitoring: alarms, dashboard, canaries and notifications for every API, worker, database, NAT
 * gateway, cache, queue and site (CloudFront's alarms in us-east-1).
 */
function buildMonitoring(
  ctx: StackContext,
  built: {
    readonly network: Network;
    readonly dns: Dns | undefined;
    readonly database: Database | undefined;
    readonly stores: DataStores;
    readonly cluster: Cluster;
    readonly services: readonly Service[];
    readonly site: StaticSite | undefined;
  },
): Monitoring {
  const { config, release, prefix, opts, apis, usEast1 } = ctx;
  const { network, dns, stores, cluster, services, site } = built;
  const apiServices = services.filter((s) => s.kind === "api");
  return build(
    () =>
      new Monitoring(
        prefix,
        {
          // Unchanged up to the component's limit; longer project/stack names get a hashed cut.
          namePrefix: fitLength(prefix, MAX_NAME_PREFIX_LENGTH),
          region: config.region,
          // The ALB's own 5xx (502/503/504 the targets never saw): alb-5xx-rate-critical/-warning.
          ...(apis.length > 0 ? { loadBalancerArnSuffix: cluster.albArnSuffix } : {}),
          apis: monitoredApis(ctx, cluster, apiServices),
          workers: monitoredWorkers(ctx, cluster, services),
          ...monitoredDatabase(ctx, built.database),
          natGateways: [...Array(network.natGatewayCount).keys()].map((i) => ({
            name: `nat-${i + 1}`,
            natGatewayId: network.natGatewayIds.apply((ids) => ids[i]),
          })),
          caches: [...stores.caches].map(([name, cache]) => ({
            name,
            nodeIds: [...Array(cache.nodes).keys()].map((i) => cache.memberClusterIds.apply((ids) => ids[i])),
          })),
          queues: [...stores.queues].map(([name, q]) => ({
            name,
            queueName: q.queueName,
            deadLetterQueueName: q.deadLetterQueueName,
          })),
          distributions: site ? [{ name: "site", distributionId: site.distributionId }] : [],
          certificates: [
            ...(dns?.apiCertificateArn ? [{ name: "api", arn: dns.apiCertificateArn }] : []),
            ...(dns?.siteCertificateArn
              ? [{ name: "site", arn: dns.siteCertificateArn, region: "us-east-1" as const }]
              : []),
          ],
          ...(usEast1 ? { usEast1Provider: usEast1 } : {}),
          ...(release.qaBaseline.p95Ms !== undefined
            ? { latencyBaselineP95Ms: release.qaBaseline.p95Ms }
            : {}),
          endpoints: [
            ...(site ? [{ name: "site", url: site.url }] : []),
            ...apis.map((spec, i) => ({ name: spec.name, url: apiServices[i].healthCheckUrl! })),
          ],
          uptime: { slaPercent: config.uptimeSlaTarget },
          additionalAlarms: bedrockAlarms(release),
          notifications: {
            ...(config.alerts.pagerDutyUrl ? { pagerDutyUrl: config.alerts.pagerDutyUrl } : {}),
            ...(config.alerts.slackWebhookUrl ? { slackWebhookUrl: config.alerts.slackWebhookUrl } : {}),
            ...(config.alerts.emails ? { emails: [...config.alerts.emails] } : {}),
          },
        },
        opts,
      ),
  );
}

/** Each API with its colours' target groups and ECS services. */
function monitoredApis(
  { apis }: StackContext,
  cluster: Cluster,
  apiServices: readonly Service[],
): MonitoredApi[] {
  return apis.map((spec, i): MonitoredApi => {
    const svc = apiServices[i];
    return {
      name: spec.name,
      loadBalancerArnSuffix: cluster.albArnSuffix,
      clusterName: cluster.clusterName,
      activeColour: svc.activeColour,
      targets: (Object.keys(svc.ecsServiceNames) as ("blue" | "green")[]).map((colour) => ({
        colour,
        targetGroupArnSuffix: svc.targetGroupArnSuffixes[colour]!,
        serviceName: svc.ecsServiceNames[colour]!,
      })),
    };
  });
}

/** Each worker's ECS service. */
function monitoredWorkers(
  { workers }: StackContext,
  cluster: Cluster,
  services: readonly Service[],
): MonitoredWorker[] {
  return services
    .filter((s) => s.kind !== "api")
    .map((svc, i): MonitoredWorker => ({
      name: workers[i].name,
      clusterName: cluster.clusterName,
      serviceName: svc.ecsServiceNames.blue ?? Object.values(svc.ecsServiceNames)[0]!,
    }));
}

/** The database, with its instance class memory when `lib/rds.ts` knows the class. */
function monitoredDatabase(
  { config, release }: StackContext,
  database: Database | undefined,
): { database?: MonitoredDatabase } {
  if (!database || !release.database) return {};
  const memoryGiB = dbInstanceMemoryGiB(config.database.instanceClass);
  if (memoryGiB === undefined)
    pulumi.log.warn(
      `slipway:dbInstanceClass ${config.database.instanceClass}: its memory is not in lib/rds.ts, so the database has no freeable-memory and connection alarms`,
    );
  return {
    database: {
      name: release.database.name,
      instanceIdentifier: database.instanceIdentifier,
      // The program's own log group: the metric filter is created after it.
      logGroupName: database.postgresqlLogGroupName,
      allocatedStorageGiB: config.database.allocatedStorageGb,
      ...(memoryGiB !== undefined ? { memoryGiB } : {}),
    },
  };
}

/** Stack outputs: exactly `StackOutputs` (names and ARNs only; never a secret value). */
function stackOutputs(
  { config, release, state }: StackContext,
  built: {
    readonly dns: Dns | undefined;
    readonly database: Database | undefined;
    readonly services: readonly Service[];
    readonly site: StaticSite | undefined;
    readonly monitoring: Monitoring;
  },
  typeCounts: Readonly<Record<string, number>>,
): StackOutputValues {
  const { dns, database, services, site, monitoring } = built;
  const serviceOutputs: pulumi.Output<ServiceOutput[]> = pulumi.all(
    release.services.map((spec, i) => services[i].toServiceOutput(spec.name)),
  );

  const frontendOutput: pulumi.Output<FrontendOutput | undefined> = site
    ? pulumi
        .output({ url: site.url, bucketName: site.bucketName, distributionId: site.distributionId })
        .apply((o): FrontendOutput | undefined => ({ name: release.frontend!.name, ...o }))
    : pulumi.output<FrontendOutput | undefined>(undefined);

  const databaseOutput: pulumi.Output<DatabaseOutput | undefined> =
    database && release.database
      ? pulumi
          .output({
            instanceIdentifier: database.instanceIdentifier,
            endpoint: database.endpoint,
            port: database.port,
            engineVersion: database.engineVersion,
            multiAz: database.multiAz,
            backupRetentionDays: database.backupRetentionDays,
            masterSecretArn: database.masterSecretArn,
          })
          .apply((o): DatabaseOutput | undefined => ({ name: release.database!.name, ...o }))
      : pulumi.output<DatabaseOutput | undefined>(undefined);

  const certificateArn = dns?.apiCertificateArn ?? dns?.siteCertificateArn;
  const tlsOutput: pulumi.Output<StackOutputs["tls"]> = pulumi
    .output(certificateArn)
    .apply((arn: string | undefined) => ({
      enabled: dns !== undefined,
      ...(dns?.domain ? { domain: dns.domain } : {}),
      ...(arn ? { certificateArn: arn } : {}),
    }));

  const alarmsOutput: pulumi.Output<AlarmOutput[]> = monitoring.alarms;

  return {
    project: release.projectId,
    environment: config.stack,
    environmentType: config.environmentType,
    region: config.region,
    version: state.versions[state.activeColour]!,
    strategy: state.strategy,
    services: serviceOutputs,
    frontend: frontendOutput,
    database: databaseOutput,
    alarms: alarmsOutput,
    dashboardUrl: monitoring.dashboardUrl,
    logRetentionDays: config.logRetentionDays,
    tls: tlsOutput,
    resourceSummary: pulumi
      .all([serviceOutputs, frontendOutput, databaseOutput, alarmsOutput, monitoring.dashboardUrl, tlsOutput])
      .apply(() => ({ ...typeCounts })),
  };
}
