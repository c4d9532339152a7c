/**
 * The Database component against the slipway-baseline CrossGuard pack (policies/all.ts), evaluated
 * in-process on the inputs the component registers: a production-like database has no violation at
 * all, a staging-like one none in staging, and the staging-like loosening is caught in production.
 */
// @ts-nocheck

import * as pulumi from "@pulumi/pulumi";
import { createMocks } from "../../automation/engine/mocks";
import { value } from "../../test/harness/pulumi";
import { policies } from "../../policies/all";
import { evaluatePolicies } from "../../policies/harness";
import { res } from "../../policies/testing";
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

test("production-like defaults pass every policy of the pack as mandatory", async () => {
  const resources = await resourcesOf("prod-db", base);
  expect(resources.map((r) => r.type)).toContain("aws:rds/instance:Instance");
  const result = await evaluatePolicies(policies, resources, {
    enforcementLevel: "mandatory",
    environmentType: "production",
  });
  expect(result.violations).toEqual([]);
});

test("staging-like args pass in staging, and their loosening is reported in production", async () => {
  const resources = await resourcesOf("stage-db", staging);
  const inStaging = await evaluatePolicies(policies, resources, {
    enforcementLevel: "mandatory",
    environmentType: "staging",
  });
  expect(inStaging.violations).toEqual([]);
  const inProduction = await evaluatePolicies(policies, resources, {
    enforcementLevel: "mandatory",
    environmentType: "production",
  });
  expect(inProduction.violations.map((v) => v.policy).sort()).toEqual(
    expect.arrayContaining(["rds-enable-deletion-protection", "rds-enable-multi-az"]),
  );
});
