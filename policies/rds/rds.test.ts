import { checkTwins } from "../twins-check";
import { policies } from "../all";
import { res, violationsOf } from "../testing";
import { rdsCopyTagsToSnapshots } from "./rds-copy-tags-to-snapshots";
import { rdsEnableAutoMinorVersionUpgrade } from "./rds-enable-auto-minor-version-upgrade";
import { rdsEnableAutomaticBackups } from "./rds-enable-automatic-backups";
import { rdsEnableDeletionProtection } from "./rds-enable-deletion-protection";
import { rdsEnableEnhancedMonitoring } from "./rds-enable-enhanced-monitoring";
import { rdsEnableIamAuth } from "./rds-enable-iam-auth";
import { rdsEnableMultiAz } from "./rds-enable-multi-az";
import { rdsEncryptStorage } from "./rds-encrypt-storage";
import { rdsExportLogs } from "./rds-export-logs";
import { rdsManageMasterPassword } from "./rds-manage-master-password";
import { rdsProhibitPublicAccess } from "./rds-prohibit-public-access";
import { rdsUseCustomAdminUsername } from "./rds-use-custom-admin-username";

const INSTANCE = "aws:rds/instance:Instance";
const CLUSTER = "aws:rds/cluster:Cluster";
const CLUSTER_INSTANCE = "aws:rds/clusterInstance:ClusterInstance";

/** A database as the secure defaults would make it. */
const good = {
  engine: "postgres",
  instanceClass: "db.t4g.micro",
  username: "app_admin",
  manageMasterUserPassword: true,
  publiclyAccessible: false,
  storageEncrypted: true,
  multiAz: true,
  monitoringInterval: 60,
  monitoringRoleArn: "arn:aws:iam::123456789012:role/rds-monitoring",
  deletionProtection: true,
  enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
  iamDatabaseAuthenticationEnabled: true,
  backupRetentionPeriod: 7,
  copyTagsToSnapshot: true,
  kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/1",
  performanceInsightsEnabled: true,
  performanceInsightsKmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/1",
};
const db = (props: Record<string, unknown> = {}) => res(INSTANCE, "db", { ...good, ...props });
const cluster = (props: Record<string, unknown> = {}) =>
  res(CLUSTER, "aurora", {
    engine: "aurora-postgresql",
    masterUsername: "app_admin",
    manageMasterUserPassword: true,
    storageEncrypted: true,
    deletionProtection: true,
    enabledCloudwatchLogsExports: ["postgresql"],
    iamDatabaseAuthenticationEnabled: true,
    backupRetentionPeriod: 7,
    copyTagsToSnapshot: true,
    kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/1",
    ...props,
  });

/** Every RDS policy of the pack (taken from the pack's list, so a new one cannot be left out here). */
const all = policies.filter((p) => p.name.startsWith("rds-"));

it("a securely configured instance and cluster pass every RDS policy", async () => {
  expect(all.length).toBeGreaterThanOrEqual(12);
  expect(await violationsOf(all, [db(), cluster()])).toEqual([]);
});

describe("rds-prohibit-public-access (RDS.2)", () => {
  it("fails for public instances and cluster instances", async () => {
    expect(await violationsOf(rdsProhibitPublicAccess, [db({ publiclyAccessible: true })])).toHaveLength(1);
    expect(
      await violationsOf(rdsProhibitPublicAccess, [
        res(CLUSTER_INSTANCE, "ci", { publiclyAccessible: true }),
      ]),
    ).toHaveLength(1);
    expect(await violationsOf(rdsProhibitPublicAccess, [res(CLUSTER_INSTANCE, "ci", {})])).toEqual([]);
  });
});

describe("rds-encrypt-storage (RDS.3, RDS.27)", () => {
  it("fails for unencrypted instances and clusters, not for read replicas", async () => {
    expect(await violationsOf(rdsEncryptStorage, [db({ storageEncrypted: undefined })])).toHaveLength(1);
    expect(await violationsOf(rdsEncryptStorage, [cluster({ storageEncrypted: false })])).toHaveLength(1);
    expect(
      await violationsOf(rdsEncryptStorage, [db({ storageEncrypted: undefined, replicateSourceDb: "src" })]),
    ).toEqual([]);
  });
});

describe("rds-enable-multi-az (RDS.5, environment-dependent)", () => {
  const single = db({ multiAz: false });
  it("fails single-AZ in production", async () => {
    const v = await violationsOf(rdsEnableMultiAz, [single], { environmentType: "production" });
    expect(v[0].message).toMatch(/single-AZ in production.*multiAz: true/);
  });
  it("without config, takes the environment from the stack name in the URN (as config/ does)", async () => {
    const inStack = (stack: string) => ({
      ...single,
      urn: `urn:pulumi:${stack}::slipway::aws:rds/instance:Instance::db`,
    });
    expect(await violationsOf(rdsEnableMultiAz, [inStack("production")])).toHaveLength(1);
    expect(await violationsOf(rdsEnableMultiAz, [inStack("prod-eu")])).toHaveLength(1);
    expect(await violationsOf(rdsEnableMultiAz, [inStack("staging")])).toEqual([]);
    expect(await violationsOf(rdsEnableMultiAz, [inStack("dev")])).toEqual([]);
    // Configured environment type wins over the stack name.
    expect(
      await violationsOf(rdsEnableMultiAz, [inStack("live")], { environmentType: "production" }),
    ).toHaveLength(1);
  });
  it("passes single-AZ in staging unless staging is listed in requiredIn", async () => {
    expect(await violationsOf(rdsEnableMultiAz, [single], { environmentType: "staging" })).toEqual([]);
    const strict = {
      config: { "rds-enable-multi-az": { requiredIn: ["staging", "production"] } },
      environmentType: "staging",
    };
    expect(await violationsOf(rdsEnableMultiAz, [single], strict)).toHaveLength(1);
  });
});

describe("rds-enable-enhanced-monitoring (RDS.6)", () => {
  it("fails without interval, without role, or above the maximum", async () => {
    expect(await violationsOf(rdsEnableEnhancedMonitoring, [db({ monitoringInterval: 0 })])).toHaveLength(1);
    expect(
      await violationsOf(rdsEnableEnhancedMonitoring, [db({ monitoringRoleArn: undefined })]),
    ).toHaveLength(1);
    const cfg = { config: { "rds-enable-enhanced-monitoring": { maximumInterval: 15 } } };
    expect(
      await violationsOf(rdsEnableEnhancedMonitoring, [db({ monitoringInterval: 60 })], cfg),
    ).toHaveLength(1);
    expect(await violationsOf(rdsEnableEnhancedMonitoring, [db({ monitoringInterval: 15 })], cfg)).toEqual(
      [],
    );
  });
});

describe("rds-enable-deletion-protection (RDS.8, RDS.7, environment-dependent)", () => {
  it("fails in production for instances and clusters, passes in staging", async () => {
    const resources = [db({ deletionProtection: false }), cluster({ deletionProtection: undefined })];
    expect(
      await violationsOf(rdsEnableDeletionProtection, resources, { environmentType: "production" }),
    ).toHaveLength(2);
    expect(
      await violationsOf(rdsEnableDeletionProtection, resources, { environmentType: "staging" }),
    ).toEqual([]);
  });
});

describe("rds-export-logs (RDS.9)", () => {
  it("requires the engine's log types", async () => {
    const v = await violationsOf(rdsExportLogs, [db({ enabledCloudwatchLogsExports: ["postgresql"] })]);
    expect(v[0].message).toMatch(/does not export upgrade/);
    expect(
      await violationsOf(rdsExportLogs, [db({ engine: "mysql", enabledCloudwatchLogsExports: ["error"] })]),
    ).toHaveLength(1);
    expect(await violationsOf(rdsExportLogs, [cluster({ enabledCloudwatchLogsExports: [] })])).toHaveLength(
      1,
    );
  });
  it("honours configured log types", async () => {
    const cfg = { config: { "rds-export-logs": { logTypes: { postgres: ["postgresql"] } } } };
    expect(
      await violationsOf(rdsExportLogs, [db({ enabledCloudwatchLogsExports: ["postgresql"] })], cfg),
    ).toEqual([]);
  });
});

describe("rds-enable-iam-auth (RDS.10, RDS.12)", () => {
  it("fails when disabled on supported engines only", async () => {
    expect(
      await violationsOf(rdsEnableIamAuth, [db({ iamDatabaseAuthenticationEnabled: false })]),
    ).toHaveLength(1);
    expect(
      await violationsOf(rdsEnableIamAuth, [cluster({ iamDatabaseAuthenticationEnabled: undefined })]),
    ).toHaveLength(1);
    expect(
      await violationsOf(rdsEnableIamAuth, [
        db({ engine: "sqlserver-ex", iamDatabaseAuthenticationEnabled: undefined }),
      ]),
    ).toEqual([]);
  });
});

describe("rds-enable-automatic-backups (RDS.11)", () => {
  it("fails below the minimum retention, including unset", async () => {
    expect(await violationsOf(rdsEnableAutomaticBackups, [db({ backupRetentionPeriod: 1 })])).toHaveLength(1);
    expect(
      await violationsOf(rdsEnableAutomaticBackups, [db({ backupRetentionPeriod: undefined })]),
    ).toHaveLength(1);
    const cfg = { config: { "rds-enable-automatic-backups": { minimumRetentionDays: 14 } } };
    expect(
      await violationsOf(rdsEnableAutomaticBackups, [db({ backupRetentionPeriod: 7 })], cfg),
    ).toHaveLength(1);
  });
});

describe("rds-enable-auto-minor-version-upgrade (RDS.13)", () => {
  it("fails only when explicitly disabled", async () => {
    expect(
      await violationsOf(rdsEnableAutoMinorVersionUpgrade, [db({ autoMinorVersionUpgrade: false })]),
    ).toHaveLength(1);
    expect(
      await violationsOf(rdsEnableAutoMinorVersionUpgrade, [cluster({ autoMinorVersionUpgrade: false })]),
    ).toHaveLength(1);
  });
});

describe("rds-copy-tags-to-snapshots (RDS.17, RDS.16)", () => {
  it("fails when not set on instances or clusters", async () => {
    expect(
      await violationsOf(rdsCopyTagsToSnapshots, [
        db({ copyTagsToSnapshot: undefined }),
        cluster({ copyTagsToSnapshot: false }),
      ]),
    ).toHaveLength(2);
  });
});

describe("rds-use-custom-admin-username (RDS.25, RDS.24)", () => {
  it("fails for default usernames (case-insensitive), instance and cluster", async () => {
    expect(await violationsOf(rdsUseCustomAdminUsername, [db({ username: "postgres" })])).toHaveLength(1);
    expect(
      await violationsOf(rdsUseCustomAdminUsername, [cluster({ masterUsername: "Admin" })]),
    ).toHaveLength(1);
    expect(
      await violationsOf(rdsUseCustomAdminUsername, [
        db({ username: "postgres", snapshotIdentifier: "snap" }),
      ]),
    ).toEqual([]);
  });
});

describe("rds-manage-master-password (operations)", () => {
  it("fails when a password comes from the program or is not managed", async () => {
    const v = await violationsOf(rdsManageMasterPassword, [
      db({ manageMasterUserPassword: undefined, password: "x" }),
    ]);
    expect(v[0].message).toMatch(/sets password from the program/);
    expect(v[0].message).not.toContain('"x"');
    expect(
      await violationsOf(rdsManageMasterPassword, [
        cluster({ manageMasterUserPassword: undefined, masterPasswordWo: "x" }),
      ]),
    ).toHaveLength(1);
    expect(
      await violationsOf(rdsManageMasterPassword, [db({ manageMasterUserPassword: false })]),
    ).toHaveLength(1);
  });
});

describe("rds-enable-backtracking (twins)", () => checkTwins("rds-enable-backtracking"));
describe("rds-enable-performance-insights (twins)", () => checkTwins("rds-enable-performance-insights"));
describe("rds-encrypt-with-cmk (twins)", () => checkTwins("rds-encrypt-with-cmk"));
describe("rds-prohibit-public-snapshots (twins)", () => checkTwins("rds-prohibit-public-snapshots"));
describe("rds-require-tls (twins)", () => checkTwins("rds-require-tls"));
describe("rds-use-current-ca (twins)", () => checkTwins("rds-use-current-ca"));
