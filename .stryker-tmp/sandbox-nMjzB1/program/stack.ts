/**
 * The wiring of the slipway Pulumi program: from the stack config and the release, create the providers
 * (with the standard tags as default tags), build the components from the release topology, and return
 * exactly the stack outputs of `outputs.ts` for `index.ts` to export.
 *
 * Topology: every backend component -> a Service (`backend_api` behind the ALB, others not); the
 * frontend -> a StaticSite; the database -> RDS PostgreSQL. No application name appears here: everything
 * comes from the release (`release/`) and the stack config (`config.ts`).
 *
 * One small function per area, called in registration order by {@link buildStack}; each component is
 * built inside {@link build}, so bad input it finds stops the program with a clear message.
 */
// @ts-nocheck

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { InputError, InputErrors } from "../lib/errors";
import { Database } from "../components/database";
import { Dns } from "../components/dns";
import { Monitoring, type MonitoredApi, type MonitoredWorker } from "../components/monitoring";
import { Network } from "../components/network";
import { Secrets, type SecretSpec } from "../components/secrets";
import { Cluster, Service, type ServiceEgressRule, type ServiceSecret } from "../components/service";
import { StaticSite } from "../components/static-site";
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
  const ctx = buildEnvironment(config, release);
  const network = buildNetwork(ctx);
  const dns = buildDomain(ctx);
  const database = buildDatabase(ctx, network);
  const secretsFor = buildSecrets(ctx, database);
  const cluster = buildPlatform(ctx, network, dns);
  const services = buildServices(ctx, cluster, database, secretsFor);
  const site = buildSite(ctx, dns, cluster);
  buildAliasRecords(ctx, dns, site, cluster);
  const monitoring = buildMonitoring(ctx, { dns, database, cluster, services, site });
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
 * Resolve the release state, service settings and environment plan, create the providers, and log the
 * warnings of the config, the release and the plan.
 */
function buildEnvironment(config: StackConfig, release: Release): StackContext {
  const { main, usEast1, state, settings, plan } = build(() => {
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
    // CloudFront certificates live in us-east-1: a second provider, only when there is one to make.
    const usEast1 =
      release.frontend && config.domain
        ? new aws.Provider("aws-us-east-1", { region: "us-east-1", defaultTags: { tags } })
        : undefined;
    return { main, usEast1, state, settings, plan };
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

/** Database (credentials: RDS-managed master secret; nothing in config). */
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
    case "generated-placeholder":
      return { name: s.name, description: `${s.name} (generated)` };
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
 * Services, each with its own security group, secrets and task role from its packet `dependencies`: a
 * service reaches the database (and receives its URL and credentials) only when it depends on it, and
 * the database accepts exactly those services' groups. The first API takes every path; further APIs get
 * `/<name>/*` with earlier rules.
 */
function buildServices(
  { config, release, prefix, opts, apis, state, settings, plan, migration }: StackContext,
  cluster: Cluster,
  database: Database | undefined,
  secretsFor: SecretsFor,
): Service[] {
  const routing = apiRouting(apis);
  return release.services.map((spec) => {
    const s = settings.get(spec.name)!;
    const route = routing.get(spec.name) ?? {};
    const env = serviceEnvironment(plan, spec, release);
    const serviceSecrets = secretsFor(env);
    const usesDatabase = database !== undefined && dependsOn(spec, release.database?.name);
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
    ];
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
            image: s.image
              ? { uri: s.image }
              : s.buildContext
                ? {
                    buildContext: s.buildContext,
                    ...(s.dockerfile ? { dockerfile: s.dockerfile } : {}),
                    // The context holds the release's code: tag the build with the release's version,
                    // which the deploy automation's preparatory update (migration task only) and the idle
                    // colour run before the services do.
                    buildVersion: release.version,
                  }
                : {},
            port: spec.port,
            healthCheckPath: spec.healthCheckPath,
            ...(route.pathPatterns ? { pathPatterns: [...route.pathPatterns] } : {}),
            ...(route.listenerPriority !== undefined ? { listenerPriority: route.listenerPriority } : {}),
            cpu: s.cpu,
            memory: s.memory,
            desiredCount: s.desiredCount,
            autoscaling: { minCount: s.minCount, maxCount: s.maxCount },
            environment: env.plain,
            egress,
            secrets: serviceSecrets.secrets,
            secretsKmsKeyArns: serviceSecrets.kmsKeyArns,
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
    if (usesDatabase) build(() => database.allowFrom(spec.name, service.securityGroupId));
    return service;
  });
}

/** Static site; `/api/*` goes to the ALB (HTTPS through the API's name, else plain HTTP to the ALB name). */
function buildSite(
  { config, release, prefix, opts, apis }: StackContext,
  dns: Dns | undefined,
  cluster: Cluster,
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
            },
            opts,
          ),
      )
    : undefined;
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

/** Monitoring: alarms, dashboard, canaries and notifications for every API, worker, database and site. */
function buildMonitoring(
  { config, release, prefix, opts, apis, workers }: StackContext,
  built: {
    readonly dns: Dns | undefined;
    readonly database: Database | undefined;
    readonly cluster: Cluster;
    readonly services: readonly Service[];
    readonly site: StaticSite | undefined;
  },
): Monitoring {
  const { dns, database, cluster, services, site } = built;
  const apiServices = services.filter((s) => s.kind === "api");
  return build(
    () =>
      new Monitoring(
        prefix,
        {
          namePrefix: prefix,
          region: config.region,
          // The ALB's own 5xx (502/503/504 the targets never saw): alb-5xx-rate-critical/-warning.
          ...(apis.length > 0 ? { loadBalancerArnSuffix: cluster.albArnSuffix } : {}),
          apis: apis.map((spec, i): MonitoredApi => {
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
          }),
          workers: services
            .filter((s) => s.kind !== "api")
            .map((svc, i): MonitoredWorker => ({
              name: workers[i].name,
              clusterName: cluster.clusterName,
              serviceName: svc.ecsServiceNames.blue ?? Object.values(svc.ecsServiceNames)[0]!,
            })),
          ...(database && release.database
            ? {
                database: {
                  name: release.database.name,
                  instanceIdentifier: database.instanceIdentifier,
                  allocatedStorageGiB: config.database.allocatedStorageGb,
                },
              }
            : {}),
          certificates: dns?.apiCertificateArn ? [{ name: "api", arn: dns.apiCertificateArn }] : [],
          ...(release.qaBaseline.p95Ms !== undefined
            ? { latencyBaselineP95Ms: release.qaBaseline.p95Ms }
            : {}),
          endpoints: [
            ...(site ? [{ name: "site", url: site.url }] : []),
            ...apis.map((spec, i) => ({ name: spec.name, url: apiServices[i].healthCheckUrl! })),
          ],
          uptime: { slaPercent: config.uptimeSlaTarget },
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
