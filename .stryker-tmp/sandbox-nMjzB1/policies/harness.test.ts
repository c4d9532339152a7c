// @ts-nocheck
import * as aws from "@pulumi/aws";
import type { Policies, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { validateResourceOfType, validateStackResourcesOfType } from "@pulumi/policy";
import { unknownValue as unknownStringValue } from "@pulumi/pulumi/runtime/rpc";
import {
  evaluatePolicies,
  type HarnessResource,
  mandatoryViolations,
  PolicyEvaluationError,
  resolvePolicyConfig,
} from "./harness";

const urn = (type: string, name: string) => `urn:pulumi:staging::slipway::${type}::${name}`;
const res = (
  type: string,
  name: string,
  props: Record<string, unknown>,
  extra: Partial<HarnessResource> = {},
) => ({
  type,
  name,
  urn: urn(type, name),
  props,
  ...extra,
});

const bucketPolicy: ResourceValidationPolicy = {
  name: "s3-no-public-acl",
  description: "No public ACL.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.s3.Bucket, (bucket, _args, report) => {
    if (bucket.acl === "public-read") report("Remove acl.");
  }),
};

const thresholdPolicy: ResourceValidationPolicy = {
  name: "logs-min-retention",
  description: "Retention at least N days.",
  enforcementLevel: "advisory",
  configSchema: { properties: { minimumDays: { type: "integer", default: 7, minimum: 1 } } },
  validateResource: (args, report) => {
    if (!args.isType(aws.cloudwatch.LogGroup)) args.notApplicable("not a log group");
    const { minimumDays } = args.getConfig<{ minimumDays: number }>();
    const lg = args.asType(aws.cloudwatch.LogGroup)!;
    if ((lg.retentionInDays ?? 0) < minimumDays) report(`Set retentionInDays >= ${minimumDays}.`);
  },
};

const envPolicy: ResourceValidationPolicy = {
  name: "env-aware",
  description: "Reads environmentType.",
  enforcementLevel: "mandatory",
  configSchema: { properties: { environmentType: { type: "string", default: "production" } } },
  validateResource: (args, report) => {
    if (args.type !== "aws:rds/instance:Instance") return;
    report(`env=${args.getConfig<{ environmentType: string }>().environmentType}`);
  },
};

const joinPolicy: StackValidationPolicy = {
  name: "bucket-has-pab",
  description: "Every bucket has a public access block.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    const blocks = args.resources.filter(
      (r) => r.type === "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    );
    for (const b of args.resources.filter((r) => r.isType(aws.s3.Bucket))) {
      const covered = blocks.some((pab) => pab.dependencies.includes(b) || pab.props.bucket === b.props.id);
      if (!covered) report(`Add a BucketPublicAccessBlock for ${b.name}.`, b.urn);
    }
  },
};

describe("evaluatePolicies", () => {
  it("runs resource policies with real isType semantics and blames the resource", async () => {
    const r = await evaluatePolicies(
      [bucketPolicy],
      [
        res("aws:s3/bucket:Bucket", "public", { acl: "public-read" }),
        res("aws:s3/bucket:Bucket", "private", { acl: "private" }),
        res("aws:s3/bucketV2:BucketV2", "v2", { acl: "public-read" }),
      ],
    );
    expect(r.violations).toEqual([
      {
        policy: "s3-no-public-acl",
        enforcementLevel: "mandatory",
        message: "Remove acl.",
        description: "No public ACL.",
        urn: urn("aws:s3/bucket:Bucket", "public"),
      },
    ]);
    // The typed validation carries __pulumiType: other types are not applicable.
    expect(r.notApplicable).toContainEqual({
      policy: "s3-no-public-acl",
      reason: "Policy only applies to resources of type 'aws:s3/bucket:Bucket'",
    });
  });

  it("applies config schema defaults, honours overrides and rejects invalid config", async () => {
    const lg = [res("aws:cloudwatch/logGroup:LogGroup", "lg", { retentionInDays: 14 })];
    expect((await evaluatePolicies([thresholdPolicy], lg)).violations).toHaveLength(0);
    const strict = await evaluatePolicies([thresholdPolicy], lg, {
      config: { "logs-min-retention": { minimumDays: 30 } },
    });
    expect(strict.violations.map((v) => [v.message, v.enforcementLevel])).toEqual([
      ["Set retentionInDays >= 30.", "advisory"],
    ]);
    await expect(
      evaluatePolicies([thresholdPolicy], lg, { config: { "logs-min-retention": { minimumDays: 0 } } }),
    ).rejects.toThrow(PolicyEvaluationError);
    expect(resolvePolicyConfig(thresholdPolicy, { config: { "logs-min-retention": "mandatory" } })).toEqual({
      minimumDays: 7,
    });
  });

  it("honours enforcement levels from config: disabled, remediate, all", async () => {
    const r = [res("aws:s3/bucket:Bucket", "b", { acl: "public-read" })];
    expect(
      (await evaluatePolicies([bucketPolicy], r, { config: { "s3-no-public-acl": "disabled" } })).violations,
    ).toEqual([]);
    const adv = await evaluatePolicies([bucketPolicy], r, {
      config: { "s3-no-public-acl": { enforcementLevel: "advisory" } },
    });
    expect(adv.violations[0].enforcementLevel).toBe("advisory");
    expect(mandatoryViolations(adv)).toEqual([]);
    const rem = await evaluatePolicies([bucketPolicy], r, { config: { all: "remediate" } });
    expect(rem.violations[0].enforcementLevel).toBe("mandatory");
    await expect(
      evaluatePolicies([bucketPolicy], r, { config: { "s3-no-public-acl": "madatory" as never } }),
    ).rejects.toThrow(/invalid enforcement level 'madatory'/);
    // Pack default applies only when the policy sets no level.
    const noLevel: ResourceValidationPolicy = { ...bucketPolicy, enforcementLevel: undefined };
    expect((await evaluatePolicies([noLevel], r)).violations[0].enforcementLevel).toBe("advisory");
    expect(
      (await evaluatePolicies([noLevel], r, { enforcementLevel: "mandatory" })).violations[0]
        .enforcementLevel,
    ).toBe("mandatory");
  });

  it("passes environmentType only to policies that declare it", async () => {
    const r = [res("aws:rds/instance:Instance", "db", {})];
    expect((await evaluatePolicies([envPolicy], r)).violations[0].message).toBe("env=production");
    expect(
      (await evaluatePolicies([envPolicy], r, { environmentType: "staging" })).violations[0].message,
    ).toBe("env=staging");
    expect(resolvePolicyConfig(thresholdPolicy, { environmentType: "staging" })).toEqual({ minimumDays: 7 });
  });

  it("runs stack policies with linked dependencies and the blamed urn", async () => {
    const bucket = res("aws:s3/bucket:Bucket", "site", {}, { id: "site-id" });
    const other = res("aws:s3/bucket:Bucket", "logs", {});
    const pabByDep = res(
      "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
      "site-pab",
      { bucket: "site-id" },
      { dependencies: [bucket.urn] },
    );
    const r = await evaluatePolicies([joinPolicy], [bucket, other, pabByDep]);
    expect(r.violations.map((v) => v.urn)).toEqual([other.urn]);
    // Join by id only (no dependency recorded).
    const pabById = res("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "p", { bucket: "site-id" });
    const r2 = await evaluatePolicies([joinPolicy], [bucket, pabById]);
    expect(r2.violations).toEqual([]);
  });

  it("uses outputs for stack policies and inputs for resource policies", async () => {
    const seen: Record<string, unknown>[] = [];
    const policies: Policies = [
      { name: "a", description: "a", validateResource: (args) => void seen.push({ ...args.props }) },
      {
        name: "b",
        description: "b",
        validateStack: (args) => void seen.push({ ...args.resources[0].props }),
      },
    ];
    await evaluatePolicies(policies, [
      res("t:m:T", "x", { in: 1 }, { outputs: { in: 1, out: 2 }, id: "x-id" }),
    ]);
    expect(seen).toEqual([{ in: 1 }, { in: 1, out: 2, id: "x-id" }]);
  });

  it("skips stack policies with a typed validation when no resource of the type exists", async () => {
    let called = false;
    const typed: StackValidationPolicy = {
      name: "typed",
      description: "typed",
      enforcementLevel: "mandatory",
      validateStack: validateStackResourcesOfType(aws.s3.Bucket, () => {
        called = true;
      }),
    };
    const r = await evaluatePolicies([typed], [res("aws:sns/topic:Topic", "t", {})]);
    expect(called).toBe(false);
    expect(r.notApplicable.map((n) => n.policy)).toEqual(["typed"]);
  });

  it("turns unknown values into advisory can't-run violations", async () => {
    const r = await evaluatePolicies(
      [bucketPolicy],
      [res("aws:s3/bucket:Bucket", "b", { acl: unknownStringValue })],
    );
    expect(r.violations).toHaveLength(1);
    expect(r.violations[0].enforcementLevel).toBe("advisory");
    expect(r.violations[0].message).toMatch(/can't run policy 's3-no-public-acl' during preview: .*\.acl/);
  });

  it("reports policy errors with the policy name, and rejects duplicate names", async () => {
    const boom: ResourceValidationPolicy = {
      name: "boom",
      description: "throws",
      validateResource: () => {
        throw new Error("kaput");
      },
    };
    await expect(evaluatePolicies([boom], [res("t:m:T", "x", {})])).rejects.toThrow(/policy 'boom': .*kaput/);
    await expect(evaluatePolicies([bucketPolicy, bucketPolicy], [])).rejects.toThrow(/duplicate/);
  });

  it("resolves a provider reference to the provider resource", async () => {
    const prov = res("pulumi:providers:aws", "use1", { region: "us-east-1" });
    let region: unknown;
    const p: ResourceValidationPolicy = {
      name: "prov",
      description: "prov",
      validateResource: (args) => {
        if (args.type === "aws:acm/certificate:Certificate") region = args.provider?.props.region;
      },
    };
    await evaluatePolicies(
      [p],
      [prov, res("aws:acm/certificate:Certificate", "cert", {}, { provider: `${prov.urn}::prov-id` })],
    );
    expect(region).toBe("us-east-1");
  });
});
