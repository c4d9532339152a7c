/**
 * `slipway:database:Database`: RDS PostgreSQL 16 in the isolated subnets, reachable on 5432 only from the
 * given security groups, encrypted with its own KMS key, with an RDS-managed master password in Secrets
 * Manager (no password ever passes through code, config or state), TLS forced, and production-grade
 * backup, monitoring and protection settings.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { componentKey } from "../kms/component-key";
import * as random from "@pulumi/random";
import { LOG_RETENTION_DAYS } from "../../lib/aws";
import { InputError } from "../../lib/errors";

/** PostgreSQL port; the only port the security group opens. */
export const POSTGRES_PORT = 5432;

/** User names RDS or PostgreSQL reserve, or that every scanner tries first. */
export const RESERVED_USERNAMES: readonly string[] = [
  "postgres",
  "admin",
  "administrator",
  "root",
  "master",
  "rdsadmin",
  "rdsrepladmin",
  "rds_superuser",
  "user",
  "public",
];

/** Enhanced monitoring intervals RDS accepts (0, which disables it, is not allowed here). */
export const MONITORING_INTERVALS: readonly number[] = [1, 5, 10, 15, 30, 60];

/** Log types exported to CloudWatch Logs. */
export const EXPORTED_LOGS: readonly string[] = ["postgresql", "upgrade"];

/** The CloudWatch log group RDS exports `log` of instance `identifier` to (a name RDS fixes). */
export function rdsLogGroupName(identifier: string, log: string): string {
  return `/aws/rds/instance/${identifier}/${log}`;
}

/**
 * Key policy of the database key when it also encrypts the exported log groups (pure): the account's
 * default statement (IAM policies decide, as RDS and Secrets Manager need), and CloudWatch Logs of the
 * region for exactly the instance's log groups (encryption context condition, as AWS documents for
 * `AssociateKmsKey`).
 */
export function logsKeyPolicy(p: {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly identifier: string;
}): { Version: string; Statement: Record<string, unknown>[] } {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AccountAdministersTheKey",
        Effect: "Allow",
        Principal: { AWS: `arn:${p.partition}:iam::${p.accountId}:root` },
        Action: "kms:*",
        Resource: "*",
      },
      {
        Sid: "CloudWatchLogsForTheDatabaseLogGroups",
        Effect: "Allow",
        Principal: { Service: `logs.${p.region}.amazonaws.com` },
        Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        Resource: "*",
        Condition: {
          ArnLike: {
            "kms:EncryptionContext:aws:logs:arn": `arn:${p.partition}:logs:${p.region}:${p.accountId}:log-group:${rdsLogGroupName(p.identifier, "*")}`,
          },
        },
      },
    ],
  };
}

/** Arguments of {@link Database}. */
export interface DatabaseArgs {
  /** VPC of the database. @example network.vpcId */
  readonly vpcId: pulumi.Input<string>;
  /**
   * Isolated (db) subnet ids for the DB subnet group; at least two (RDS needs two AZs).
   * @example network.isolatedSubnetIds
   */
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Security groups (e.g. the services' group) allowed to reach PostgreSQL on 5432. No CIDR ingress exists.
   * More can be added later with {@link Database.allowFrom}.
   * @default []
   * @example [servicesSecurityGroup.id]
   */
  readonly allowedSecurityGroupIds?: readonly pulumi.Input<string>[];
  /**
   * Instance class.
   * @default "db.t4g.medium"
   * @example "db.t4g.micro" (staging), "db.m7g.large" (production)
   */
  readonly instanceClass?: string;
  /**
   * PostgreSQL engine version; must be 16 or 16.x.
   * @default "16"
   * @example "16.4"
   */
  readonly engineVersion?: string;
  /** Initial gp3 storage in GiB (20..65536). @default 20 */
  readonly allocatedStorageGb?: number;
  /** Storage autoscaling ceiling in GiB (>= allocatedStorageGb). @default 100 */
  readonly maxAllocatedStorageGb?: number;
  /**
   * Name of the initial database.
   * @default "app"
   * @example "orders"
   */
  readonly databaseName?: string;
  /**
   * Master user name; must not be a default/reserved name (postgres, admin, root, ...).
   * @default "slipway_admin"
   */
  readonly masterUsername?: string;
  /**
   * Days of automated backups, 1..35 (0, which disables backups, is rejected).
   * @default 30
   * @example 7 (staging)
   */
  readonly backupRetentionDays?: number;
  /**
   * Standby in a second AZ.
   * @default true
   * @example false (staging)
   */
  readonly multiAz?: boolean;
  /**
   * Deletion protection. Turning it off is an explicit loosening.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Skip the final snapshot on delete. Turning it on is an explicit loosening (throwaway stacks only).
   * @default false
   */
  readonly skipFinalSnapshot?: boolean;
  /**
   * Performance Insights retention in days: 7 (free) or a multiple of 31 up to 731.
   * @default 7
   */
  readonly performanceInsightsRetentionDays?: number;
  /**
   * Enhanced monitoring interval in seconds: 1, 5, 10, 15, 30 or 60.
   * @default 60
   */
  readonly monitoringIntervalSeconds?: number;
  /**
   * Statements slower than this are logged (`log_min_duration_statement`), in ms; -1 turns it off.
   * @default 1000
   */
  readonly slowQueryLogMs?: number;
  /**
   * Days before the KMS key is deleted after the stack removes it, 7..30.
   * @default 30
   */
  readonly kmsKeyDeletionWindowDays?: number;
  /**
   * Daily backup window (UTC, `hh24:mi-hh24:mi`), must not overlap the maintenance window.
   * @default undefined (RDS picks one)
   * @example "03:00-04:00"
   */
  readonly backupWindow?: string;
  /**
   * Weekly maintenance window (UTC, `ddd:hh24:mi-ddd:hh24:mi`).
   * @default undefined (RDS picks one)
   * @example "sun:05:00-sun:06:00"
   */
  readonly maintenanceWindow?: string;
  /**
   * Apply modifications immediately instead of in the maintenance window.
   * @default false
   */
  readonly applyImmediately?: boolean;
  /**
   * Fixed RDS instance identifier (lower case, letters/digits/hyphens, starts with a letter). When set, the
   * component also creates the exported log groups (`/aws/rds/instance/<identifier>/postgresql` and
   * `/upgrade`) before the instance (the instance `dependsOn` them, so RDS never creates them itself),
   * with `logRetentionDays` and encrypted with the component's KMS key (whose policy then lets CloudWatch
   * Logs use it for exactly these groups), so the logs do not live forever and are encrypted.
   * @default undefined (auto-named `<name>-<suffix>`; RDS then creates the log groups itself, never expiring)
   * @example "taskflow-production"
   */
  readonly identifier?: string;
  /**
   * Retention of the exported PostgreSQL log groups in days (used with `identifier`).
   * @default 90
   */
  readonly logRetentionDays?: number;
  /** Extra tags on every resource. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

interface ResolvedDatabaseArgs {
  allowedSecurityGroupIds: readonly pulumi.Input<string>[];
  instanceClass: string;
  engineVersion: string;
  allocatedStorageGb: number;
  maxAllocatedStorageGb: number;
  databaseName: string;
  masterUsername: string;
  backupRetentionDays: number;
  multiAz: boolean;
  deletionProtection: boolean;
  skipFinalSnapshot: boolean;
  performanceInsightsRetentionDays: number;
  monitoringIntervalSeconds: number;
  slowQueryLogMs: number;
  kmsKeyDeletionWindowDays: number;
  backupWindow?: string;
  maintenanceWindow?: string;
  applyImmediately: boolean;
  identifier?: string;
  logRetentionDays: number;
  tags: Readonly<Record<string, string>>;
}

const TYPE = "slipway:database:Database";

/** An RDS identifier stem from a resource name: lower case, letters/digits/hyphens, starts with a letter, <= 30 chars. */
export function identifierBase(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^[^a-z]+/, "")
    .slice(0, 30)
    .replace(/-+$/, "");
  return cleaned === "" ? "db" : cleaned;
}

/** Validate and default the args synchronously; errors name the argument path. */
export function resolveDatabaseArgs(name: string, args: DatabaseArgs): ResolvedDatabaseArgs {
  const fail = (field: string, problem: string, fix: string): never => {
    throw new InputError(`${TYPE} "${name}"`, field, problem, fix);
  };
  const int = (field: string, v: number, min: number, max: number): number => {
    if (!Number.isInteger(v) || v < min || v > max)
      fail(field, `${v} is not an integer between ${min} and ${max}`, `use a value in ${min}..${max}`);
    return v;
  };
  if (args.vpcId === undefined || args.vpcId === null || args.vpcId === "") {
    fail("args.vpcId", "is required", "pass the network's vpcId");
  }
  if (args.subnetIds === undefined || args.subnetIds === null) {
    fail("args.subnetIds", "is required", "pass the network's isolatedSubnetIds");
  }
  if (Array.isArray(args.subnetIds) && args.subnetIds.length < 2) {
    fail(
      "args.subnetIds",
      `has ${args.subnetIds.length} subnet(s); RDS needs subnets in at least two AZs`,
      "pass the isolated subnets of two or more AZs",
    );
  }
  const instanceClass = args.instanceClass ?? "db.t4g.medium";
  if (!/^db\.[a-z0-9-]+\.[a-z0-9]+$/.test(instanceClass)) {
    fail(
      "args.instanceClass",
      `"${instanceClass}" is not an RDS instance class`,
      'use a class like "db.t4g.medium"',
    );
  }
  const engineVersion = args.engineVersion ?? "16";
  if (!/^16(\.\d+)?$/.test(engineVersion)) {
    fail("args.engineVersion", `"${engineVersion}" is not PostgreSQL 16`, 'use "16" or a 16.x minor version');
  }
  const allocatedStorageGb = int("args.allocatedStorageGb", args.allocatedStorageGb ?? 20, 20, 65536);
  const maxAllocatedStorageGb = int(
    "args.maxAllocatedStorageGb",
    args.maxAllocatedStorageGb ?? Math.max(100, allocatedStorageGb),
    20,
    65536,
  );
  if (maxAllocatedStorageGb < allocatedStorageGb) {
    fail(
      "args.maxAllocatedStorageGb",
      `${maxAllocatedStorageGb} is below args.allocatedStorageGb ${allocatedStorageGb}`,
      "raise it to at least the allocated storage",
    );
  }
  const databaseName = args.databaseName ?? "app";
  if (!/^[a-zA-Z][a-zA-Z0-9_]{0,62}$/.test(databaseName)) {
    fail(
      "args.databaseName",
      `"${databaseName}" is not a PostgreSQL database name`,
      "start with a letter; letters, digits and _ only; at most 63 characters",
    );
  }
  const masterUsername = args.masterUsername ?? "slipway_admin";
  if (!/^[a-zA-Z][a-zA-Z0-9_]{0,62}$/.test(masterUsername)) {
    fail(
      "args.masterUsername",
      `"${masterUsername}" is not a valid user name`,
      "start with a letter; letters, digits and _ only; at most 63 characters",
    );
  }
  if (RESERVED_USERNAMES.includes(masterUsername.toLowerCase())) {
    fail(
      "args.masterUsername",
      `"${masterUsername}" is a default or reserved user name`,
      'choose a non-default name such as "slipway_admin"',
    );
  }
  const backupRetentionDays = args.backupRetentionDays ?? 30;
  if (backupRetentionDays === 0)
    fail(
      "args.backupRetentionDays",
      "0 disables automated backups",
      "keep at least 1 day (7 staging, 30 production)",
    );
  int("args.backupRetentionDays", backupRetentionDays, 1, 35);
  const piDays = args.performanceInsightsRetentionDays ?? 7;
  if (!(piDays === 7 || (Number.isInteger(piDays) && piDays % 31 === 0 && piDays >= 31 && piDays <= 731))) {
    fail(
      "args.performanceInsightsRetentionDays",
      `${piDays} is not 7 or a multiple of 31 up to 731`,
      "use 7, 31, 62, ... or 731",
    );
  }
  const monitoringIntervalSeconds = args.monitoringIntervalSeconds ?? 60;
  if (!MONITORING_INTERVALS.includes(monitoringIntervalSeconds)) {
    fail(
      "args.monitoringIntervalSeconds",
      `${monitoringIntervalSeconds} is not an enhanced monitoring interval (and 0 would disable it)`,
      `use one of ${MONITORING_INTERVALS.join(", ")}`,
    );
  }
  const slowQueryLogMs = args.slowQueryLogMs ?? 1000;
  if (slowQueryLogMs !== -1) int("args.slowQueryLogMs", slowQueryLogMs, 0, 2147483647);
  const kmsKeyDeletionWindowDays = int(
    "args.kmsKeyDeletionWindowDays",
    args.kmsKeyDeletionWindowDays ?? 30,
    7,
    30,
  );
  if (
    args.backupWindow !== undefined &&
    !/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/.test(args.backupWindow)
  ) {
    fail(
      "args.backupWindow",
      `"${args.backupWindow}" is not hh24:mi-hh24:mi`,
      'use a UTC window like "03:00-04:00"',
    );
  }
  if (
    args.maintenanceWindow !== undefined &&
    !/^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d$/.test(
      args.maintenanceWindow,
    )
  ) {
    fail(
      "args.maintenanceWindow",
      `"${args.maintenanceWindow}" is not ddd:hh24:mi-ddd:hh24:mi`,
      'use a UTC window like "sun:05:00-sun:06:00"',
    );
  }
  if (
    args.identifier !== undefined &&
    !(
      /^[a-z][a-z0-9-]{0,62}$/.test(args.identifier) &&
      !args.identifier.includes("--") &&
      !args.identifier.endsWith("-")
    )
  ) {
    fail(
      "args.identifier",
      `"${args.identifier}" is not an RDS identifier`,
      "use 1..63 lower-case letters, digits and single hyphens, starting with a letter and not ending with a hyphen",
    );
  }
  const logRetentionDays = args.logRetentionDays ?? 90;
  if (!LOG_RETENTION_DAYS.includes(logRetentionDays)) {
    fail(
      "args.logRetentionDays",
      `${logRetentionDays} is not a CloudWatch Logs retention period (and never-expire is not allowed)`,
      `use one of ${LOG_RETENTION_DAYS.join(", ")}`,
    );
  }
  return {
    allowedSecurityGroupIds: args.allowedSecurityGroupIds ?? [],
    instanceClass,
    engineVersion,
    allocatedStorageGb,
    maxAllocatedStorageGb,
    databaseName,
    masterUsername,
    backupRetentionDays,
    multiAz: args.multiAz ?? true,
    deletionProtection: args.deletionProtection ?? true,
    skipFinalSnapshot: args.skipFinalSnapshot ?? false,
    performanceInsightsRetentionDays: piDays,
    monitoringIntervalSeconds,
    slowQueryLogMs,
    kmsKeyDeletionWindowDays,
    backupWindow: args.backupWindow,
    maintenanceWindow: args.maintenanceWindow,
    applyImmediately: args.applyImmediately ?? false,
    identifier: args.identifier,
    logRetentionDays,
    tags: args.tags ?? {},
  };
}

/** RDS PostgreSQL 16 with secure, production-grade defaults. */
export class Database extends pulumi.ComponentResource {
  /** RDS instance identifier. */
  readonly instanceIdentifier: pulumi.Output<string>;
  /** `address:port`. */
  readonly endpoint: pulumi.Output<string>;
  /** Host name. */
  readonly address: pulumi.Output<string>;
  /** Port (5432). */
  readonly port: pulumi.Output<number>;
  /** The database's security group (ingress 5432 from the allowed groups only). */
  readonly securityGroupId: pulumi.Output<string>;
  /** ARN of the RDS-managed master user secret in Secrets Manager. */
  readonly masterSecretArn: pulumi.Output<string>;
  /** Engine version as requested. */
  readonly engineVersion: pulumi.Output<string>;
  /** Whether a Multi-AZ standby runs. */
  readonly multiAz: pulumi.Output<boolean>;
  /** Automated backup retention in days. */
  readonly backupRetentionDays: pulumi.Output<number>;
  /** KMS key (storage, Performance Insights, master secret). */
  readonly kmsKeyArn: pulumi.Output<string>;
  /**
   * Log group of the exported `postgresql` log: the one this component created (with a fixed identifier;
   * depending on it orders a metric filter after its creation), else the name RDS will use.
   */
  readonly postgresqlLogGroupName: pulumi.Output<string>;
  /** Initial database name. */
  readonly databaseName: string;
  /** Master user name (not a secret; the password is RDS-managed). */
  readonly masterUsername: string;

  private readonly name: string;
  private readonly tags: Readonly<Record<string, string>>;

  constructor(name: string, args: DatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TYPE, name, {}, opts);
    const a = resolveDatabaseArgs(name, args);
    this.name = name;
    this.tags = a.tags;
    const parent = { parent: this };
    const tags = (role: string): Record<string, string> => ({ ...a.tags, Name: `${name}-${role}` });
    const partition = aws.getPartitionOutput({}, parent).partition;
    const identifier = a.identifier;

    const key = componentKey(
      name,
      {
        description: `slipway ${name}: RDS storage, Performance Insights and master secret${identifier ? ", exported logs" : ""}`,
        deletionWindowInDays: a.kmsKeyDeletionWindowDays,
        // With a fixed identifier the exported log groups are encrypted with this key: CloudWatch Logs may
        // use it for exactly those groups (the account keeps the default key policy's rights).
        ...(identifier
          ? {
              policy: pulumi
                .all([
                  partition,
                  aws.getRegionOutput({}, parent).region,
                  aws.getCallerIdentityOutput({}, parent).accountId,
                ])
                .apply(([p, region, accountId]) =>
                  JSON.stringify(logsKeyPolicy({ partition: p, region, accountId, identifier })),
                ),
            }
          : {}),
        alias: { namePrefix: `alias/slipway-${identifierBase(name)}-` },
        tags: tags("key"),
      },
      this,
    );

    const subnetGroup = new aws.rds.SubnetGroup(
      `${name}-subnets`,
      { description: `slipway ${name}: isolated subnets`, subnetIds: args.subnetIds, tags: tags("subnets") },
      parent,
    );

    const sg = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      {
        vpcId: args.vpcId,
        description: `slipway ${name}: PostgreSQL from allowed security groups only`,
        tags: tags("sg"),
      },
      parent,
    );
    this.securityGroupId = sg.id;
    a.allowedSecurityGroupIds.forEach((source, i) => this.ingressFrom(`${name}-ingress-${i + 1}`, source));

    const parameterGroup = new aws.rds.ParameterGroup(
      `${name}-params`,
      {
        family: "postgres16",
        description: `slipway ${name}: TLS forced, connection and slow query logging`,
        parameters: [
          { name: "rds.force_ssl", value: "1" },
          { name: "log_connections", value: "1" },
          { name: "log_disconnections", value: "1" },
          { name: "log_lock_waits", value: "1" },
          { name: "log_min_duration_statement", value: String(a.slowQueryLogMs) },
          { name: "log_statement", value: "ddl" },
        ],
        tags: tags("params"),
      },
      parent,
    );

    const monitoringRole = new aws.iam.Role(
      `${name}-monitoring-role`,
      {
        assumeRolePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Service: "monitoring.rds.amazonaws.com" },
              Action: "sts:AssumeRole",
            },
          ],
        }),
        tags: tags("monitoring-role"),
      },
      parent,
    );
    const monitoringAttachment = new aws.iam.RolePolicyAttachment(
      `${name}-monitoring-policy`,
      {
        role: monitoringRole.name,
        policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`,
      },
      parent,
    );

    // With a fixed identifier the exported log groups are known now: create them first, with retention.
    const logGroups = (identifier ? EXPORTED_LOGS : []).map(
      (log) =>
        new aws.cloudwatch.LogGroup(
          `${name}-${log}-logs`,
          {
            name: rdsLogGroupName(identifier!, log),
            retentionInDays: a.logRetentionDays,
            kmsKeyId: key.arn,
            tags: tags(`${log}-logs`),
          },
          parent,
        ),
    );

    const finalSnapshotSuffix = new random.RandomId(
      `${name}-final-snapshot-suffix`,
      { byteLength: 4 },
      parent,
    );

    const instance = new aws.rds.Instance(
      `${name}-instance`,
      {
        identifier: a.identifier,
        identifierPrefix: a.identifier ? undefined : `${identifierBase(name)}-`,
        engine: "postgres",
        engineVersion: a.engineVersion,
        instanceClass: a.instanceClass,
        allocatedStorage: a.allocatedStorageGb,
        maxAllocatedStorage: a.maxAllocatedStorageGb,
        storageType: "gp3",
        storageEncrypted: true,
        kmsKeyId: key.arn,
        dbName: a.databaseName,
        username: a.masterUsername,
        manageMasterUserPassword: true,
        masterUserSecretKmsKeyId: key.arn,
        iamDatabaseAuthenticationEnabled: true,
        port: POSTGRES_PORT,
        dbSubnetGroupName: subnetGroup.name,
        vpcSecurityGroupIds: [sg.id],
        publiclyAccessible: false,
        parameterGroupName: parameterGroup.name,
        caCertIdentifier: "rds-ca-rsa2048-g1",
        multiAz: a.multiAz,
        backupRetentionPeriod: a.backupRetentionDays,
        backupWindow: a.backupWindow,
        maintenanceWindow: a.maintenanceWindow,
        copyTagsToSnapshot: true,
        deleteAutomatedBackups: false,
        deletionProtection: a.deletionProtection,
        skipFinalSnapshot: a.skipFinalSnapshot,
        finalSnapshotIdentifier: a.skipFinalSnapshot
          ? undefined
          : pulumi.interpolate`${a.identifier ?? identifierBase(name)}-final-${finalSnapshotSuffix.hex}`,
        autoMinorVersionUpgrade: true,
        allowMajorVersionUpgrade: false,
        applyImmediately: a.applyImmediately,
        performanceInsightsEnabled: true,
        performanceInsightsKmsKeyId: key.arn,
        performanceInsightsRetentionPeriod: a.performanceInsightsRetentionDays,
        monitoringInterval: a.monitoringIntervalSeconds,
        monitoringRoleArn: monitoringRole.arn,
        enabledCloudwatchLogsExports: [...EXPORTED_LOGS],
        tags: tags("instance"),
      },
      { parent: this, dependsOn: [monitoringAttachment, ...logGroups] },
    );

    this.instanceIdentifier = instance.identifier;
    this.endpoint = instance.endpoint;
    this.address = instance.address;
    this.port = instance.port;
    this.masterSecretArn = instance.masterUserSecrets.apply((secrets) => {
      const arn = secrets?.[0]?.secretArn;
      if (!arn) throw new Error(`${TYPE} "${name}": RDS did not report a managed master user secret`);
      return arn;
    });
    this.postgresqlLogGroupName = logGroups.length
      ? logGroups[EXPORTED_LOGS.indexOf("postgresql")].name
      : pulumi.interpolate`/aws/rds/instance/${instance.identifier}/postgresql`;
    this.engineVersion = instance.engineVersion;
    this.multiAz = instance.multiAz;
    this.backupRetentionDays = instance.backupRetentionPeriod;
    this.kmsKeyArn = key.arn;
    this.databaseName = a.databaseName;
    this.masterUsername = a.masterUsername;
    this.registerOutputs({
      instanceIdentifier: this.instanceIdentifier,
      endpoint: this.endpoint,
      address: this.address,
      port: this.port,
      securityGroupId: this.securityGroupId,
      masterSecretArn: this.masterSecretArn,
      engineVersion: this.engineVersion,
      multiAz: this.multiAz,
      backupRetentionDays: this.backupRetentionDays,
      kmsKeyArn: this.kmsKeyArn,
      postgresqlLogGroupName: this.postgresqlLogGroupName,
    });
  }

  /**
   * Allow PostgreSQL (5432) from one more security group, e.g. a service group created after the database.
   * `role` becomes part of the child name: `${name}-ingress-${role}`.
   */
  allowFrom(role: string, sourceSecurityGroupId: pulumi.Input<string>): aws.vpc.SecurityGroupIngressRule {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(role)) {
      throw new InputError(
        `${TYPE} "${this.name}"`,
        "allowFrom(role)",
        `"${role}" is not a kebab-case name`,
        'use a name like "migrations"',
      );
    }
    return this.ingressFrom(`${this.name}-ingress-${role}`, sourceSecurityGroupId);
  }

  private ingressFrom(resourceName: string, source: pulumi.Input<string>): aws.vpc.SecurityGroupIngressRule {
    return new aws.vpc.SecurityGroupIngressRule(
      resourceName,
      {
        securityGroupId: this.securityGroupId,
        referencedSecurityGroupId: source,
        ipProtocol: "tcp",
        fromPort: POSTGRES_PORT,
        toPort: POSTGRES_PORT,
        description: "PostgreSQL from an allowed security group",
        tags: { ...this.tags, Name: resourceName },
      },
      { parent: this },
    );
  }
}
