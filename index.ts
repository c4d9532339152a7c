/**
 * The slipway Pulumi program (thin): load the stack config and the release, create the providers (with
 * the standard tags as default tags), build the components from the release topology, and export
 * exactly the stack outputs of `outputs.ts`.
 *
 * Topology: every backend component -> a Service (`backend_api` behind the ALB, others not); the
 * frontend -> a StaticSite; the database -> RDS PostgreSQL. No application name appears here: everything
 * comes from the release (`release/`) and the stack config (`config.ts`).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { InputError, InputErrors } from "./automation/errors";
import { Database } from "./components/database";
import { Dns } from "./components/dns";
import { Monitoring, type MonitoredApi, type MonitoredWorker } from "./components/monitoring";
import { Network } from "./components/network";
import { Secrets, type SecretSpec } from "./components/secrets";
import { Cluster, Service, type ServiceEgressRule, type ServiceSecret } from "./components/service";
import { StaticSite } from "./components/static-site";
import { standardTags } from "./components/tags";
import {
  loadStackConfig,
  resolveReleaseState,
  resolveServiceSettings,
  unknownSecretRotations,
} from "./config";
import type { AlarmOutput, DatabaseOutput, FrontendOutput, ServiceOutput, StackOutputs } from "./outputs";
import { DATABASE_CREDENTIAL_VARS, planEnvironment } from "./release/env";
import { loadRelease } from "./release/load";
import {
  apiRouting,
  migrationPlan,
  resourcePrefix,
  serviceNameIssues,
  singleInputError,
  throwInputErrors,
} from "./release/program";

/**
 * Run a step of the program (loading config and release, building a component). Bad input it finds (an
 * InputError naming the file or argument and the fix, one line per problem) stops the program: a
 * `pulumi.RunError` prints it without a stack trace under `pulumi up`, and one InputError with the same
 * message travels as `cause` for the offline engine. Config and release problems stop it before anything
 * is registered.
 */
function build<T>(step: () => T): T {
  try {
    return step();
  } catch (err) {
    if (err instanceof InputError || err instanceof InputErrors)
      throw new pulumi.RunError(err.message, { cause: singleInputError(err) });
    throw err;
  }
}

const { config, release } = build(() => {
  const config = loadStackConfig();
  const release = loadRelease(config.artifactsDir);
  throwInputErrors(serviceNameIssues(release, config.stack));
  return { config, release };
});

// Count every resource the program registers, by type token (the report's resource summary).
const typeCounts: Record<string, number> = {};
pulumi.runtime.registerStackTransformation((args) => {
  typeCounts[args.type] = (typeCounts[args.type] ?? 0) + 1;
  return undefined;
});

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
  ...(migration.warning ? [migration.warning] : []),
])
  pulumi.log.warn(w);

/** Resource name prefix, `<project>-<stack>`. */
const prefix = resourcePrefix(release.projectId, config.stack);
const opts: pulumi.ComponentResourceOptions = { providers: { aws: main } };
const apis = release.services.filter((s) => s.kind === "api");
const workers = release.services.filter((s) => s.kind !== "api");

// Network.
const network = build(
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

// Domain and certificates (only for what is public: the API and the site).
const wantsDomain = config.domain !== undefined && (apis.length > 0 || release.frontend !== undefined);
if (config.domain && !wantsDomain)
  pulumi.log.warn(`slipway:domain is set but the release has neither an API nor a frontend; it is not used`);
const dns = wantsDomain
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
            ...(apis.length && config.domain!.apiHostname ? { apiHostname: config.domain!.apiHostname } : {}),
            ...(release.frontend && usEast1 ? { cloudFrontProvider: usEast1 } : {}),
          },
          opts,
        ),
    )
  : undefined;

// Database (credentials: RDS-managed master secret; nothing in config).
const database = release.database
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

// Secrets for required environment variables.
const secretSpecs: SecretSpec[] = plan.secrets.map((s): SecretSpec => {
  const rotation = config.secretRotation[s.name];
  return rotation ? { ...secretSpec(s), rotation } : secretSpec(s);
});
/** Where one secret env var's value comes from (see release/env.ts). */
function secretSpec(s: (typeof plan.secrets)[number]): SecretSpec {
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
const secrets = secretSpecs.length
  ? build(
      () => new Secrets(`${prefix}-env`, { secrets: secretSpecs, namePrefix: `slipway/${prefix}/` }, opts),
    )
  : undefined;
const serviceSecrets: ServiceSecret[] = [
  ...plan.secrets.map((s) => ({ name: s.name, valueFrom: secrets!.secretArn(s.name) })),
  ...(plan.databaseCredentials && database
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
];
const secretsKmsKeyArns = [
  ...(secrets ? [secrets.kmsKeyArn] : []),
  ...(plan.databaseCredentials && database ? [database.kmsKeyArn] : []),
];

// Shared platform: ECS cluster and ALB. HTTPS with the API certificate when a domain is configured;
// without one the ALB serves plain HTTP to the internet (explicit loosening, warned about by config).
const egress: ServiceEgressRule[] = [
  {
    port: 443,
    cidrBlocks: ["0.0.0.0/0"],
    description: "HTTPS to AWS APIs (ECR, Secrets Manager, Logs) and the internet through NAT",
  },
  ...(database
    ? [{ port: 5432, securityGroupId: database.securityGroupId, description: "PostgreSQL to the database" }]
    : []),
];
const https = dns?.apiCertificateArn !== undefined;
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
        serviceEgress: egress,
        deletionProtection: config.loadBalancerDeletionProtection,
      },
      opts,
    ),
);
if (database) database.allowFrom("services", cluster.servicesSecurityGroupId);

// Services. The first API takes every path; further APIs get `/<name>/*` with earlier rules.
const routing = apiRouting(apis);
const services = release.services.map((spec) => {
  const s = settings.get(spec.name)!;
  const route = routing.get(spec.name) ?? {};
  return build(
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
                  // The context holds the release's code: tag the build with the release's version, which
                  // the deploy automation's preparatory update (migration task only) and the idle colour
                  // run before the services do.
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
          environment: plan.plain,
          secrets: serviceSecrets,
          secretsKmsKeyArns,
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
});

// Static site; `/api/*` goes to the ALB (HTTPS through the API's name, else plain HTTP to the ALB name).
const site = release.frontend
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

build(() =>
  dns?.createAliasRecords({
    ...(site ? { site: { dnsName: site.domainName, zoneId: site.hostedZoneId } } : {}),
    ...(apis.length ? { api: { dnsName: cluster.albDnsName, zoneId: cluster.albZoneId } } : {}),
  }),
);

// Monitoring.
const apiServices = services.filter((s) => s.kind === "api");
const monitoring = build(
  () =>
    new Monitoring(
      prefix,
      {
        namePrefix: prefix,
        region: config.region,
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
        ...(release.qaBaseline.p95Ms !== undefined ? { latencyBaselineP95Ms: release.qaBaseline.p95Ms } : {}),
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

// Stack outputs: exactly `StackOutputs` (names and ARNs only; never a secret value).
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

export const project: StackOutputs["project"] = release.projectId;
export const environment: StackOutputs["environment"] = config.stack;
export const environmentType: StackOutputs["environmentType"] = config.environmentType;
export const region: StackOutputs["region"] = config.region;
export const version: StackOutputs["version"] = state.versions[state.activeColour]!;
export const strategy: StackOutputs["strategy"] = state.strategy;
export { serviceOutputs as services };
export const frontend = frontendOutput;
export { databaseOutput as database };
export const alarms = alarmsOutput;
export const dashboardUrl = monitoring.dashboardUrl;
export const logRetentionDays: StackOutputs["logRetentionDays"] = config.logRetentionDays;
export const tls = tlsOutput;
/** Counted once every other output resolved (all registrations done by then). */
export const resourceSummary: pulumi.Output<StackOutputs["resourceSummary"]> = pulumi
  .all([serviceOutputs, frontendOutput, databaseOutput, alarmsOutput, monitoring.dashboardUrl, tlsOutput])
  .apply(() => ({ ...typeCounts }));
