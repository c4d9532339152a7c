import * as pulumi from "@pulumi/pulumi";
import { createMocks } from "../../automation/engine/mocks";
import { inspect, value } from "../../test/harness/pulumi";
import { InputError } from "../../lib/errors";
import { Database, identifierBase, type DatabaseArgs } from "./database";

const { mocks, registrations } = createMocks({ region: "eu-west-1" });
pulumi.runtime.setMocks(mocks, "slipway", "production", false);

const { registered: one } = inspect(registrations);

const T = {
  instance: "aws:rds/instance:Instance",
  key: "aws:kms/key:Key",
  subnetGroup: "aws:rds/subnetGroup:SubnetGroup",
  sg: "aws:ec2/securityGroup:SecurityGroup",
  ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  params: "aws:rds/parameterGroup:ParameterGroup",
  role: "aws:iam/role:Role",
  attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
};

const base: DatabaseArgs = {
  vpcId: "vpc-1",
  subnetIds: ["subnet-iso-1", "subnet-iso-2", "subnet-iso-3"],
  allowedSecurityGroupIds: ["sg-services"],
};

async function build(name: string, args: DatabaseArgs): Promise<Database> {
  const db = new Database(name, args);
  await value(pulumi.all([db.instanceIdentifier, db.masterSecretArn, db.securityGroupId]));
  return db;
}

describe("Database: production-like defaults", () => {
  let db: Database;
  let inputs: Record<string, unknown>;
  beforeAll(async () => {
    db = await build("prd-db", base);
    inputs = (await one(T.instance, "prd-db-instance")).inputs;
  });

  test("PostgreSQL 16, not publicly accessible, in the isolated subnet group, own security group only", async () => {
    expect(inputs).toMatchObject({
      engine: "postgres",
      engineVersion: "16",
      port: 5432,
      publiclyAccessible: false,
      dbSubnetGroupName: "prd-db-subnets-1a2b3c4",
      vpcSecurityGroupIds: ["prd-db-sg-id"],
      storageType: "gp3",
      instanceClass: "db.t4g.medium",
    });
    const group = await one(T.subnetGroup, "prd-db-subnets");
    expect(group.inputs.subnetIds).toEqual(["subnet-iso-1", "subnet-iso-2", "subnet-iso-3"]);
  });

  test("storage encrypted with a component KMS key that has rotation on", async () => {
    const key = await one(T.key, "prd-db-key");
    expect(key.inputs).toMatchObject({ enableKeyRotation: true, deletionWindowInDays: 30 });
    expect(inputs).toMatchObject({ storageEncrypted: true, kmsKeyId: key.outputs.arn });
    expect(await value(db.kmsKeyArn)).toBe(key.outputs.arn);
    const alias = await one("aws:kms/alias:Alias", "prd-db-key-alias");
    expect(alias.inputs).toMatchObject({ namePrefix: "alias/slipway-prd-db-", targetKeyId: "prd-db-key-id" });
  });

  test("RDS-managed master password in Secrets Manager (KMS), never a password; non-default admin user", async () => {
    const key = await one(T.key, "prd-db-key");
    expect(inputs.manageMasterUserPassword).toBe(true);
    expect(inputs.masterUserSecretKmsKeyId).toBe(key.outputs.arn);
    expect(inputs.password).toBeUndefined();
    expect(inputs.passwordWo).toBeUndefined();
    expect(inputs.username).toBe("slipway_admin");
    expect(db.masterUsername).toBe("slipway_admin");
    expect(await value(db.masterSecretArn)).toBe(
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-prd-db-instance-id",
    );
  });

  test("security group: 5432 only from the allowed security groups, no CIDR rules, no inline rules", async () => {
    const sg = await one(T.sg, "prd-db-sg");
    expect(sg.inputs.vpcId).toBe("vpc-1");
    expect(sg.inputs.ingress ?? []).toEqual([]);
    expect(sg.inputs.egress ?? []).toEqual([]);
    const rule = await one(T.ingress, "prd-db-ingress-1");
    expect(rule.inputs).toMatchObject({
      securityGroupId: "prd-db-sg-id",
      referencedSecurityGroupId: "sg-services",
      ipProtocol: "tcp",
      fromPort: 5432,
      toPort: 5432,
    });
    expect(rule.inputs.cidrIpv4).toBeUndefined();
    expect(rule.inputs.cidrIpv6).toBeUndefined();
    expect(rule.inputs.prefixListId).toBeUndefined();
    expect(registrations.filter((r) => r.type === T.ingress && r.name.startsWith("prd-db-"))).toHaveLength(1);
  });

  test("allowFrom adds one more security-group-only rule", async () => {
    const rule = db.allowFrom("migrations", "sg-migrations");
    await value(rule.id);
    const reg = await one(T.ingress, "prd-db-ingress-migrations");
    expect(reg.inputs).toMatchObject({
      referencedSecurityGroupId: "sg-migrations",
      fromPort: 5432,
      toPort: 5432,
    });
    expect(() => db.allowFrom("Bad Name", "sg-x")).toThrow(InputError);
  });

  test("parameter group forces TLS and turns on logging", async () => {
    const params = await one(T.params, "prd-db-params");
    expect(params.inputs.family).toBe("postgres16");
    const values = Object.fromEntries(
      (params.inputs.parameters as { name: string; value: string }[]).map((p) => [p.name, p.value]),
    );
    expect(values).toMatchObject({
      "rds.force_ssl": "1",
      log_connections: "1",
      log_disconnections: "1",
      log_min_duration_statement: "1000",
    });
    expect(inputs.parameterGroupName).toBe("prd-db-params-1a2b3c4");
  });

  test("secure defaults: 30 days backups, Multi-AZ, deletion protection, final snapshot", async () => {
    expect(inputs).toMatchObject({
      backupRetentionPeriod: 30,
      multiAz: true,
      deletionProtection: true,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: "prd-db-final-0a1b2c3d",
      deleteAutomatedBackups: false,
      copyTagsToSnapshot: true,
    });
    expect(await value(db.backupRetentionDays)).toBe(30);
    expect(await value(db.multiAz)).toBe(true);
  });

  test("Performance Insights with KMS, enhanced monitoring with its role, log exports, IAM auth, minor upgrades", async () => {
    const key = await one(T.key, "prd-db-key");
    const role = await one(T.role, "prd-db-monitoring-role");
    expect(JSON.parse(String(role.inputs.assumeRolePolicy)).Statement).toEqual([
      { Effect: "Allow", Principal: { Service: "monitoring.rds.amazonaws.com" }, Action: "sts:AssumeRole" },
    ]);
    const attachment = await one(T.attachment, "prd-db-monitoring-policy");
    expect(attachment.inputs.policyArn).toBe(
      "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
    );
    expect(inputs).toMatchObject({
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: key.outputs.arn,
      performanceInsightsRetentionPeriod: 7,
      monitoringInterval: 60,
      monitoringRoleArn: role.outputs.arn,
      enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
      iamDatabaseAuthenticationEnabled: true,
      autoMinorVersionUpgrade: true,
      allowMajorVersionUpgrade: false,
    });
  });

  test("outputs: identifier, endpoint, address, port, engine version", async () => {
    expect(await value(db.instanceIdentifier)).toMatch(/^prd-db-/);
    expect(await value(db.endpoint)).toBe("prd-db-instance.abcdefghijkl.eu-west-1.rds.amazonaws.com:5432");
    expect(await value(db.address)).toBe("prd-db-instance.abcdefghijkl.eu-west-1.rds.amazonaws.com");
    expect(await value(db.port)).toBe(5432);
    expect(await value(db.engineVersion)).toBe("16");
    expect(await value(db.securityGroupId)).toBe("prd-db-sg-id");
  });
});

describe("Database: staging-like args", () => {
  test("7 days backups, single AZ, smaller class, throwaway loosening only through named flags", async () => {
    const db = await build("stg-db", {
      ...base,
      subnetIds: ["subnet-iso-1", "subnet-iso-2"],
      instanceClass: "db.t4g.micro",
      backupRetentionDays: 7,
      multiAz: false,
      deletionProtection: false,
      skipFinalSnapshot: true,
      monitoringIntervalSeconds: 30,
      engineVersion: "16.4",
      masterUsername: "taskadmin",
      databaseName: "tasks",
      backupWindow: "02:00-03:00",
      maintenanceWindow: "sun:04:00-sun:05:00",
    });
    const inputs = (await one(T.instance, "stg-db-instance")).inputs;
    expect(inputs).toMatchObject({
      instanceClass: "db.t4g.micro",
      backupRetentionPeriod: 7,
      multiAz: false,
      deletionProtection: false,
      skipFinalSnapshot: true,
      monitoringInterval: 30,
      engineVersion: "16.4",
      username: "taskadmin",
      dbName: "tasks",
      backupWindow: "02:00-03:00",
      maintenanceWindow: "sun:04:00-sun:05:00",
      // Still secure whatever the environment:
      storageEncrypted: true,
      publiclyAccessible: false,
      manageMasterUserPassword: true,
      iamDatabaseAuthenticationEnabled: true,
    });
    expect(inputs.finalSnapshotIdentifier).toBeUndefined();
    expect(await value(db.backupRetentionDays)).toBe(7);
    expect(await value(db.multiAz)).toBe(false);
  });

  test("a fixed identifier: log groups for the exports are created with retention; none without it", async () => {
    const db = await build("fixed-db", { ...base, identifier: "taskflow-production", logRetentionDays: 365 });
    const inputs = (await one(T.instance, "fixed-db-instance")).inputs;
    expect(inputs.identifier).toBe("taskflow-production");
    expect(inputs.identifierPrefix).toBeUndefined();
    expect(inputs.finalSnapshotIdentifier).toBe("taskflow-production-final-0a1b2c3d");
    for (const log of ["postgresql", "upgrade"]) {
      const group = await one("aws:cloudwatch/logGroup:LogGroup", `fixed-db-${log}-logs`);
      expect(group.inputs).toMatchObject({
        name: `/aws/rds/instance/taskflow-production/${log}`,
        retentionInDays: 365,
      });
      expect(group.inputs.kmsKeyId).toBe((await one(T.key, "fixed-db-key")).outputs.arn);
    }
    expect(await value(db.postgresqlLogGroupName)).toBe("/aws/rds/instance/taskflow-production/postgresql");
    const policy = JSON.parse((await one(T.key, "fixed-db-key")).inputs.policy as string) as {
      Statement: { Sid: string; Principal: Record<string, string>; Condition?: unknown }[];
    };
    expect(policy.Statement.map((s) => s.Principal)).toEqual([
      { AWS: "arn:aws:iam::123456789012:root" },
      { Service: "logs.eu-west-1.amazonaws.com" },
    ]);
    expect(policy.Statement[1].Condition).toEqual({
      ArnLike: {
        "kms:EncryptionContext:aws:logs:arn":
          "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/rds/instance/taskflow-production/*",
      },
    });
    // Without a fixed identifier the key keeps the default key policy.
    expect((await one(T.key, "prd-db-key")).inputs.policy).toBeUndefined();
    expect(
      registrations.filter(
        (r) => r.type === "aws:cloudwatch/logGroup:LogGroup" && r.name.startsWith("prd-db-"),
      ),
    ).toEqual([]);
    expect((await one(T.instance, "prd-db-instance")).inputs.identifierPrefix).toBe("prd-db-");
  });

  test("no allowed groups: the security group has no ingress at all until allowFrom", async () => {
    await build("closed-db", { vpcId: "vpc-1", subnetIds: ["a", "b"] });
    expect(registrations.filter((r) => r.type === T.ingress && r.name.startsWith("closed-db-"))).toEqual([]);
  });
});

describe("Database: validation errors name the argument path", () => {
  test.each<[string, Partial<DatabaseArgs>, string, RegExp]>([
    ["missing vpc", { vpcId: undefined }, "args.vpcId", /is required/],
    ["missing subnets", { subnetIds: undefined }, "args.subnetIds", /is required/],
    ["one subnet", { subnetIds: ["a"] }, "args.subnetIds", /at least two AZs/],
    ["class", { instanceClass: "t4g.micro" }, "args.instanceClass", /not an RDS instance class/],
    ["engine 15", { engineVersion: "15.6" }, "args.engineVersion", /not PostgreSQL 16/],
    ["storage", { allocatedStorageGb: 10 }, "args.allocatedStorageGb", /between 20 and 65536/],
    [
      "max storage",
      { allocatedStorageGb: 200, maxAllocatedStorageGb: 100 },
      "args.maxAllocatedStorageGb",
      /below/,
    ],
    ["db name", { databaseName: "1app" }, "args.databaseName", /not a PostgreSQL database name/],
    ["postgres user", { masterUsername: "postgres" }, "args.masterUsername", /default or reserved/],
    ["admin user", { masterUsername: "Admin" }, "args.masterUsername", /default or reserved/],
    ["bad user", { masterUsername: "my-admin" }, "args.masterUsername", /not a valid user name/],
    ["no backups", { backupRetentionDays: 0 }, "args.backupRetentionDays", /disables automated backups/],
    ["long backups", { backupRetentionDays: 36 }, "args.backupRetentionDays", /between 1 and 35/],
    [
      "pi days",
      { performanceInsightsRetentionDays: 30 },
      "args.performanceInsightsRetentionDays",
      /not 7 or a multiple of 31/,
    ],
    [
      "monitoring off",
      { monitoringIntervalSeconds: 0 },
      "args.monitoringIntervalSeconds",
      /0 would disable it/,
    ],
    ["slow log", { slowQueryLogMs: -5 }, "args.slowQueryLogMs", /between 0/],
    ["kms window", { kmsKeyDeletionWindowDays: 3 }, "args.kmsKeyDeletionWindowDays", /between 7 and 30/],
    ["backup window", { backupWindow: "3-4" }, "args.backupWindow", /not hh24:mi-hh24:mi/],
    ["identifier", { identifier: "Taskflow_DB" }, "args.identifier", /not an RDS identifier/],
    ["identifier hyphen", { identifier: "taskflow-" }, "args.identifier", /not an RDS identifier/],
    ["log retention", { logRetentionDays: 0 }, "args.logRetentionDays", /never-expire is not allowed/],
    ["maintenance window", { maintenanceWindow: "sunday 5am" }, "args.maintenanceWindow", /not ddd:hh24:mi/],
  ])("%s", (_label, override, field, message) => {
    let error: unknown;
    try {
      new Database("bad-db", { ...base, ...override } as DatabaseArgs);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).file).toBe('slipway:database:Database "bad-db"');
    expect((error as InputError).field).toBe(field);
    expect((error as InputError).problem).toMatch(message);
  });
});

describe("identifierBase", () => {
  test.each([
    ["prd-db", "prd-db"],
    ["Prod_DB", "prod-db"],
    ["9lives", "lives"],
    ["---", "db"],
    ["a".repeat(50), "a".repeat(30)],
  ])("%s -> %s", (input, expected) => {
    expect(identifierBase(input)).toBe(expected);
  });
});
