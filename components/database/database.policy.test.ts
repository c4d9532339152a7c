/**
 * The Database component against the slipway-baseline CrossGuard pack (policies/all.ts), evaluated
 * in-process on the inputs the component registers: a production-like database has no mandatory
 * violation and only the listed hardening advisories, a staging-like one the same in staging, and the
 * staging-like loosening is caught in production.
 */
import * as pulumi from "@pulumi/pulumi";
import { createMocks } from "../../automation/engine/mocks";
import { value } from "../../test/harness/pulumi";
import { policies } from "../../policies/all";
import { evaluatePolicies } from "../../policies/harness";
import { packFindings, res } from "../../policies/testing";
import { standardTags } from "../tags";
import { Database, type DatabaseArgs } from "./database";

const { mocks, registrations } = createMocks({ region: "eu-west-1" });
pulumi.runtime.setMocks(mocks, "slipway", "production", false);

/** The stack's aws provider, as index.ts creates it: the standard tags travel as default tags. */
const STACK_PROVIDER = res("pulumi:providers:aws", "aws", {
  region: "eu-west-1",
  defaultTags: {
    tags: standardTags({
      project: "shop",
      environment: "production",
      owner: "platform",
      team: "shop",
      dataClassification: "internal",
      complianceFrameworks: [],
    }),
  },
});

async function resourcesOf(name: string, args: DatabaseArgs) {
  const db = new Database(name, args);
  await value(pulumi.all([db.instanceIdentifier, db.masterSecretArn, db.securityGroupId, db.kmsKeyArn]));
  await new Promise((r) => setTimeout(r, 20));
  return registrations
    .filter((r) => r.custom && r.name.startsWith(`${name}-`))
    .map((r) => res(r.type, r.name, r.inputs, { provider: STACK_PROVIDER }));
}

const base: DatabaseArgs = {
  vpcId: "vpc-1",
  subnetIds: ["a", "b", "c"],
  allowedSecurityGroupIds: ["sg-services"],
};
const staging: DatabaseArgs = {
  ...base,
  multiAz: false,
  deletionProtection: false,
  skipFinalSnapshot: true,
  backupRetentionDays: 7,
};

/**
 * Hardening advisories the component accepts: its customer managed key keeps the default key policy
 * (the account's IAM policies decide who uses it; an explicit key policy is checkov's CKV2_AWS_64).
 */
const accepted = (name: string) => [`kms-configure-key-policy ${name}-key`];

test("production-like defaults: no mandatory violation, only the accepted advisories", async () => {
  const resources = await resourcesOf("prod-db", base);
  expect(resources.map((r) => r.type)).toContain("aws:rds/instance:Instance");
  const found = await packFindings(policies, resources, { environmentType: "production" });
  expect(found).toEqual({ mandatory: [], advisories: accepted("prod-db") });
});

test("staging-like args pass in staging, and their loosening is reported in production", async () => {
  const resources = await resourcesOf("stage-db", staging);
  const inStaging = await packFindings(policies, resources, { environmentType: "staging" });
  expect(inStaging).toEqual({ mandatory: [], advisories: accepted("stage-db") });
  const inProduction = await evaluatePolicies(policies, resources, {
    enforcementLevel: "mandatory",
    environmentType: "production",
  });
  expect(inProduction.violations.map((v) => v.policy).sort()).toEqual(
    expect.arrayContaining(["rds-enable-deletion-protection", "rds-enable-multi-az"]),
  );
});
