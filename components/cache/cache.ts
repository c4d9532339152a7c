/**
 * `slipway:cache:Cache`: an ElastiCache for Valkey (Redis OSS compatible) replication group in private
 * subnets. Its own security group (ingress only from the services that depend on it, added with
 * {@link Cache.allowFrom}), encryption at rest with its own KMS key and in transit (TLS required), an
 * AUTH token generated into Secrets Manager (KMS-encrypted; the token never appears in outputs),
 * Multi-AZ with automatic failover when it has replicas, daily snapshots with retention, a maintenance
 * window, its own parameter group, and slow-log and engine-log delivery to CloudWatch Logs.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { LOG_RETENTION_DAYS } from "../../lib/aws";
import { InputError } from "../../lib/errors";
import { fitLength } from "../../lib/aws-names";
import { componentKey } from "../kms/component-key";

const TYPE = "slipway:cache:Cache";

/** Valkey's port. */
export const CACHE_PORT = 6379;
/** Longest ElastiCache replication group id AWS accepts. */
export const MAX_REPLICATION_GROUP_ID = 40;

/** Arguments of {@link Cache}. */
export interface CacheArgs {
  /** VPC of the cache. @example network.vpcId */
  readonly vpcId: pulumi.Input<string>;
  /** Private subnets (at least two, in different AZs, for failover). @example network.isolatedSubnetIds */
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** Node type. @default "cache.t4g.micro" @example "cache.r7g.large" */
  readonly nodeType?: string;
  /**
   * Nodes in the group (primary + replicas), 1..6. With 2 or more, Multi-AZ and automatic failover are
   * on (FSBP ElastiCache.3); production should have at least 2.
   * @default 1
   */
  readonly nodes?: number;
  /** Valkey engine version. @default "8.0" */
  readonly engineVersion?: string;
  /** Days automatic snapshots are kept, 1..35 (FSBP ElastiCache.1). @default 7 */
  readonly snapshotRetentionDays?: number;
  /** Daily snapshot window (UTC). @default "03:00-04:00" */
  readonly snapshotWindow?: string;
  /** Weekly maintenance window (UTC), not overlapping the snapshot window. @default "sun:05:00-sun:06:00" */
  readonly maintenanceWindow?: string;
  /** Days the slow-log and engine-log groups keep events (a CloudWatch period). @default 30 */
  readonly logRetentionDays?: number;
  /** Parameters of the cache's own parameter group. @default { "maxmemory-policy": "volatile-lru" } */
  readonly parameters?: Readonly<Record<string, string>>;
  /** Security groups allowed to connect at creation. More with {@link Cache.allowFrom}. @default [] */
  readonly allowedSecurityGroupIds?: readonly pulumi.Input<string>[];
  /** Where Secrets Manager puts the AUTH token secret: `<prefix><name>-auth`. @default "slipway/" */
  readonly secretNamePrefix?: string;
  /**
   * ElastiCache replication group id: at most 40 lowercase letters, digits and single hyphens, starting
   * with a letter. Longer component names are cut with a stable hash, so any project and stack name fits.
   * @default the component name, cut to 40 characters with a hash when longer
   * @example "shop-production-cache"
   */
  readonly replicationGroupId?: string;
  /** Extra tags. @default {} */
  readonly tags?: Record<string, string>;
}

/** The replication group id of a cache named `name`: {@link CacheArgs.replicationGroupId}'s default. */
export function cacheReplicationGroupId(name: string, args: Pick<CacheArgs, "replicationGroupId">): string {
  return args.replicationGroupId ?? fitLength(name, MAX_REPLICATION_GROUP_ID);
}

const WINDOW_RE = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/;
const MAINTENANCE_RE =
  /^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d$/;

/** Synchronous validation; throws one InputError naming every bad argument. */
export function validateCacheArgs(name: string, args: CacheArgs): void {
  const errors: string[] = [];
  const id = cacheReplicationGroupId(name, args);
  if (!/^[a-z][a-z0-9-]*[a-z0-9]$/.test(id) || id.includes("--") || id.length > MAX_REPLICATION_GROUP_ID)
    errors.push(
      `${args.replicationGroupId === undefined ? "name" : "args.replicationGroupId"}: "${id}" must be ${MAX_REPLICATION_GROUP_ID} characters at most, lowercase letters, digits and single hyphens, starting with a letter (the replication group id)`,
    );
  const nodes = args.nodes ?? 1;
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > 6)
    errors.push(`args.nodes: must be 1..6 (got ${nodes})`);
  const snaps = args.snapshotRetentionDays ?? 7;
  if (!Number.isInteger(snaps) || snaps < 1 || snaps > 35)
    errors.push(`args.snapshotRetentionDays: must be 1..35 (got ${snaps}); snapshots are FSBP ElastiCache.1`);
  if (!WINDOW_RE.test(args.snapshotWindow ?? "03:00-04:00"))
    errors.push(
      `args.snapshotWindow: must look like "03:00-04:00" (got ${JSON.stringify(args.snapshotWindow)})`,
    );
  if (!MAINTENANCE_RE.test(args.maintenanceWindow ?? "sun:05:00-sun:06:00"))
    errors.push(
      `args.maintenanceWindow: must look like "sun:05:00-sun:06:00" (got ${JSON.stringify(args.maintenanceWindow)})`,
    );
  const retention = args.logRetentionDays ?? 30;
  if (!LOG_RETENTION_DAYS.includes(retention))
    errors.push(`args.logRetentionDays: must be a CloudWatch retention period (got ${retention})`);
  if (args.nodeType !== undefined && !/^cache\.[a-z0-9]+\.[a-z0-9]+$/.test(args.nodeType))
    errors.push(
      `args.nodeType: must be an ElastiCache node type like "cache.t4g.micro" (got ${JSON.stringify(args.nodeType)})`,
    );
  if (!/^\d+\.\d+$/.test(args.engineVersion ?? "8.0"))
    errors.push(
      `args.engineVersion: must be a Valkey major.minor version like "8.0" (got ${JSON.stringify(args.engineVersion)})`,
    );
  if (errors.length)
    throw new InputError(`${TYPE} "${name}"`, "args", errors.join("; "), "correct the arguments named above");
}

/** The parameter group family of a Valkey version: `8.0` -> `valkey8`. */
export function valkeyFamily(engineVersion: string): string {
  return `valkey${engineVersion.split(".")[0]}`;
}

export class Cache extends pulumi.ComponentResource {
  public readonly replicationGroupId: pulumi.Output<string>;
  /** Primary endpoint host name (TLS). */
  public readonly primaryEndpoint: pulumi.Output<string>;
  public readonly readerEndpoint: pulumi.Output<string>;
  public readonly port: number;
  public readonly securityGroupId: pulumi.Output<string>;
  /** Secrets Manager secret holding the AUTH token (its value is never an output). */
  public readonly authSecretArn: pulumi.Output<string>;
  /** The key that encrypts the cache at rest and its AUTH secret. */
  public readonly kmsKeyArn: pulumi.Output<string>;
  /** Number of nodes (CloudWatch alarms are per node). */
  public readonly nodes: number;
  /** Member cluster ids (`<group>-001`, ...), the CacheClusterId dimension of the node metrics. */
  public readonly memberClusterIds: pulumi.Output<string[]>;
  private readonly name: string;

  constructor(name: string, args: CacheArgs, opts?: pulumi.ComponentResourceOptions) {
    validateCacheArgs(name, args);
    super(TYPE, name, {}, opts);
    this.name = name;
    const parent = { parent: this };
    const tags = args.tags ?? {};
    const nodes = args.nodes ?? 1;
    this.nodes = nodes;
    this.port = CACHE_PORT;
    const engineVersion = args.engineVersion ?? "8.0";

    const key = componentKey(
      name,
      {
        description: `slipway ${name}: ElastiCache at rest and its AUTH token`,
        alias: { namePrefix: `alias/slipway-${name}-` },
        tags,
      },
      this,
    );
    this.kmsKeyArn = key.arn;

    const sg = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      {
        vpcId: args.vpcId,
        description: `Cache ${name}: ingress only from the services that depend on it`,
        tags,
      },
      parent,
    );
    this.securityGroupId = sg.id;
    (args.allowedSecurityGroupIds ?? []).forEach((id, i) => this.ingressFrom(`${name}-ingress-${i}`, id));

    const subnets = new aws.elasticache.SubnetGroup(
      `${name}-subnets`,
      { subnetIds: args.subnetIds, description: `Private subnets of ${name}`, tags },
      parent,
    );
    const params = new aws.elasticache.ParameterGroup(
      `${name}-params`,
      {
        family: valkeyFamily(engineVersion),
        description: `Parameters of ${name}`,
        parameters: Object.entries(args.parameters ?? { "maxmemory-policy": "volatile-lru" }).map(
          ([n, value]) => ({
            name: n,
            value,
          }),
        ),
        tags,
      },
      parent,
    );

    // The AUTH token: a secret, so generating it is right; stored in Secrets Manager under the cache's key.
    const token = new random.RandomPassword(`${name}-auth-token`, { length: 64, special: false }, parent);
    const secret = new aws.secretsmanager.Secret(
      `${name}-auth`,
      {
        name: `${args.secretNamePrefix ?? "slipway/"}${name}-auth`,
        description: `AUTH token of the cache ${name}`,
        kmsKeyId: key.arn,
        recoveryWindowInDays: 7,
        tags,
      },
      parent,
    );
    new aws.secretsmanager.SecretVersion(
      `${name}-auth-value`,
      { secretId: secret.id, secretString: token.result },
      parent,
    );
    this.authSecretArn = secret.arn;

    const retention = args.logRetentionDays ?? 30;
    const logGroups = (["slow-log", "engine-log"] as const).map(
      (logType) =>
        [
          logType,
          new aws.cloudwatch.LogGroup(
            `${name}-${logType}`,
            { name: `/elasticache/${name}/${logType}`, retentionInDays: retention, tags },
            parent,
          ),
        ] as const,
    );

    const group = new aws.elasticache.ReplicationGroup(
      `${name}-group`,
      {
        replicationGroupId: cacheReplicationGroupId(name, args),
        description: `Valkey cache ${name}`,
        engine: "valkey",
        engineVersion,
        nodeType: args.nodeType ?? "cache.t4g.micro",
        numCacheClusters: nodes,
        automaticFailoverEnabled: nodes >= 2,
        multiAzEnabled: nodes >= 2,
        port: CACHE_PORT,
        subnetGroupName: subnets.name,
        securityGroupIds: [sg.id],
        parameterGroupName: params.name,
        atRestEncryptionEnabled: true,
        kmsKeyId: key.arn,
        transitEncryptionEnabled: true,
        transitEncryptionMode: "required",
        authToken: token.result,
        authTokenUpdateStrategy: "ROTATE",
        autoMinorVersionUpgrade: true,
        snapshotRetentionLimit: args.snapshotRetentionDays ?? 7,
        snapshotWindow: args.snapshotWindow ?? "03:00-04:00",
        maintenanceWindow: args.maintenanceWindow ?? "sun:05:00-sun:06:00",
        finalSnapshotIdentifier: `${name}-final`,
        logDeliveryConfigurations: logGroups.map(([logType, lg]) => ({
          destination: lg.name,
          destinationType: "cloudwatch-logs",
          logFormat: "json",
          logType,
        })),
        tags,
      },
      parent,
    );
    this.replicationGroupId = group.replicationGroupId;
    this.primaryEndpoint = group.primaryEndpointAddress;
    this.readerEndpoint = group.readerEndpointAddress;
    this.memberClusterIds = group.memberClusters.apply((m) => [...(m ?? [])].sort());

    this.registerOutputs({
      replicationGroupId: this.replicationGroupId,
      primaryEndpoint: this.primaryEndpoint,
      securityGroupId: this.securityGroupId,
      authSecretArn: this.authSecretArn,
      kmsKeyArn: this.kmsKeyArn,
    });
  }

  /** Accept connections on the cache port from one more security group (a service that depends on it). */
  allowFrom(role: string, sourceSecurityGroupId: pulumi.Input<string>): aws.vpc.SecurityGroupIngressRule {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(role))
      throw new InputError(
        `${TYPE} "${this.name}"`,
        "allowFrom(role)",
        `"${role}" is not a kebab-case name`,
        'use a name like "api"',
      );
    return this.ingressFrom(`${this.name}-ingress-${role}`, sourceSecurityGroupId);
  }

  private ingressFrom(resourceName: string, source: pulumi.Input<string>): aws.vpc.SecurityGroupIngressRule {
    return new aws.vpc.SecurityGroupIngressRule(
      resourceName,
      {
        securityGroupId: this.securityGroupId,
        referencedSecurityGroupId: source,
        ipProtocol: "tcp",
        fromPort: CACHE_PORT,
        toPort: CACHE_PORT,
        description: "Valkey (TLS) from a service that depends on the cache",
      },
      { parent: this },
    );
  }
}
