// @ts-nocheck
import * as pulumi from "@pulumi/pulumi";
import { createMocks } from "../../automation/engine/mocks";
import { packConfigFor, policies } from "../../policies/all";
import { evaluatePolicies } from "../../policies/harness";
import { asAnalyzed, named, settle, value } from "../../test/harness/pulumi";

const { mocks, registrations } = createMocks({ region: "eu-west-1" });
pulumi.runtime.setMocks(mocks, "slipway", "production", false);

import {
  SecureBucket,
  secureBucketLifecycleRules,
  secureBucketPolicy,
  serverAccessLogStatements,
  type SecureBucketArgs,
} from "./secure-bucket";

const T = {
  component: "slipway:storage:SecureBucket",
  bucket: "aws:s3/bucket:Bucket",
  pab: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
  sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  versioning: "aws:s3/bucketVersioning:BucketVersioning",
  lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  policy: "aws:s3/bucketPolicy:BucketPolicy",
  logging: "aws:s3/bucketLogging:BucketLogging",
};
const KEY = "arn:aws:kms:eu-west-1:123456789012:key/abc";

async function build(name: string, args?: SecureBucketArgs, opts?: pulumi.ComponentResourceOptions) {
  const b = new SecureBucket(name, args, opts);
  await value(pulumi.all([b.bucketName, b.bucketArn]));
  await settle(registrations);
  return b;
}
const inputs = (type: string, name: string) => named(registrations, name, type).inputs as any; // eslint-disable-line @typescript-eslint/no-explicit-any
const policyOf = (name: string) => JSON.parse(inputs(T.policy, `${name}-policy`).policy as string);

describe("SecureBucket with defaults", () => {
  beforeAll(() => build("plain"));

  test("private: every public access block flag on, ACLs disabled by owner-enforced ownership", () => {
    expect(inputs(T.pab, "plain-pab")).toEqual({
      bucket: "plain-id",
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    expect(inputs(T.ownership, "plain-ownership").rule).toEqual({ objectOwnership: "BucketOwnerEnforced" });
  });

  test("SSE-S3 by default, versioned, not force-destroyed", () => {
    expect(inputs(T.sse, "plain-sse").rules).toEqual([
      { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
    ]);
    expect(inputs(T.versioning, "plain-versioning").versioningConfiguration).toEqual({ status: "Enabled" });
    expect(inputs(T.bucket, "plain").forceDestroy).toBe(false);
  });

  test("lifecycle: noncurrent versions after 7 days and incomplete uploads; current objects kept", () => {
    expect(inputs(T.lifecycle, "plain-lifecycle").rules).toEqual([
      {
        id: "expire-noncurrent-versions",
        status: "Enabled",
        filter: {},
        noncurrentVersionExpiration: { noncurrentDays: 7 },
        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
      },
    ]);
  });

  test("bucket policy denies every non-TLS request and allows nothing", () => {
    expect(policyOf("plain")).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: ["arn:aws:s3:::plain-id", "arn:aws:s3:::plain-id/*"],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ],
    });
  });

  test("no access logging unless asked; one component with the children named after it", () => {
    expect(registrations.filter((r) => r.type === T.logging && r.name.startsWith("plain"))).toEqual([]);
    expect(named(registrations, "plain", T.component).custom).toBe(false);
    expect(
      registrations
        .filter((r) => r.name === "plain" || r.name.startsWith("plain-"))
        .map((r) => r.name)
        .sort(),
    ).toEqual([
      "plain",
      "plain",
      "plain-lifecycle",
      "plain-ownership",
      "plain-pab",
      "plain-policy",
      "plain-sse",
      "plain-versioning",
    ]);
  });
});

describe("SecureBucket with KMS, expiry, statements and access logs", () => {
  let logs: SecureBucket;
  beforeAll(async () => {
    logs = await build("logs", {
      expirationDays: 90,
      policyStatements: (arn) =>
        arn.apply((logsArn) =>
          serverAccessLogStatements({
            logsArn,
            targetPrefix: "s3/",
            accountId: "123456789012",
            sourceArns: ["arn:aws:s3:::data-id"],
          }),
        ),
    });
    await build("data", {
      kmsKeyArn: KEY,
      expirationDays: 30,
      expirationPrefix: "runs/",
      noncurrentVersionExpirationDays: 14,
      forceDestroy: true,
      tags: { Role: "data" },
      accessLogs: { targetBucket: logs.bucket.id, targetPrefix: "s3/", dependsOn: [logs.policy] },
    });
  });

  test("SSE-KMS with the given key and an S3 bucket key", () => {
    expect(inputs(T.sse, "data-sse").rules).toEqual([
      {
        applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY },
        bucketKeyEnabled: true,
      },
    ]);
  });

  test("forceDestroy and tags reach the bucket", () => {
    expect(inputs(T.bucket, "data")).toMatchObject({ forceDestroy: true, tags: { Role: "data" } });
  });

  test("current objects expire under the prefix only; noncurrent versions after the given days", () => {
    expect(inputs(T.lifecycle, "data-lifecycle").rules).toEqual([
      {
        id: "expire-noncurrent-versions",
        status: "Enabled",
        filter: {},
        noncurrentVersionExpiration: { noncurrentDays: 14 },
        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
      },
      {
        id: "expire-current-objects",
        status: "Enabled",
        filter: { prefix: "runs/" },
        expiration: { days: 30 },
      },
    ]);
    expect(inputs(T.lifecycle, "logs-lifecycle").rules[1]).toEqual({
      id: "expire-current-objects",
      status: "Enabled",
      filter: {},
      expiration: { days: 90 },
    });
  });

  test("server access logs go to the target bucket under the prefix", () => {
    expect(inputs(T.logging, "data-logging")).toEqual({
      bucket: "data-id",
      targetBucket: "logs-id",
      targetPrefix: "s3/",
    });
  });

  test("the log bucket's policy: TLS-only deny first, then S3 log delivery for the source bucket only", () => {
    const p = policyOf("logs");
    expect(p.Statement.map((s: { Sid: string }) => s.Sid)).toEqual([
      "DenyInsecureTransport",
      "AllowS3ServerAccessLogs",
    ]);
    expect(p.Statement[1]).toEqual({
      Sid: "AllowS3ServerAccessLogs",
      Effect: "Allow",
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: "arn:aws:s3:::logs-id/s3/*",
      Condition: {
        StringEquals: { "aws:SourceAccount": "123456789012" },
        ArnLike: { "aws:SourceArn": "arn:aws:s3:::data-id" },
      },
    });
  });

  test("the pair passes every policy of the pack as mandatory; without the logging S3.9 is reported", async () => {
    const resources = asAnalyzed(registrations.filter((r) => r.custom && /^(logs|data)(-|$)/.test(r.name)));
    expect(resources.filter((r) => r.type === T.bucket)).toHaveLength(2);
    const options = {
      config: { all: "mandatory" as const, ...packConfigFor("production") },
      environmentType: "production",
    };
    const s3 = (names: string[]) => names.filter((n) => n.startsWith("s3-"));
    const ok = await evaluatePolicies(policies, resources, options);
    expect(s3(ok.violations.map((v) => v.policy))).toEqual([]);
    const bad = await evaluatePolicies(
      policies,
      resources.filter((r) => r.type !== T.logging),
      options,
    );
    expect(s3(bad.violations.map((v) => v.policy))).toContain("s3-enable-access-logging");
  });
});

test("policy statements may come from resources created after the bucket (deferred Output)", async () => {
  const [distributionArn, resolve] = pulumi.deferredOutput<string>();
  const b = new SecureBucket("late", {
    policyStatements: (arn) =>
      pulumi.all([arn, distributionArn]).apply(([a, d]) => [
        {
          Sid: "AllowOac",
          Effect: "Allow",
          Resource: `${a}/*`,
          Condition: { StringEquals: { "AWS:SourceArn": d } },
        },
      ]),
  });
  resolve(b.bucketName.apply((n) => `arn:aws:cloudfront::123456789012:distribution/for-${n}`));
  await value(b.bucketArn);
  await settle(registrations);
  expect(policyOf("late").Statement[1]).toEqual({
    Sid: "AllowOac",
    Effect: "Allow",
    Resource: "arn:aws:s3:::late-id/*",
    Condition: {
      StringEquals: { "AWS:SourceArn": "arn:aws:cloudfront::123456789012:distribution/for-late-id" },
    },
  });
});

test("under a parent, every child aliases its former URN (same name directly under that parent)", async () => {
  const seen: pulumi.ResourceTransformationArgs[] = [];
  const outer = new pulumi.ComponentResource(
    "test:index:Outer",
    "outer",
    {},
    {
      transformations: [(a) => void seen.push(a)],
    },
  );
  await build(
    "outer-bucket",
    { accessLogs: { targetBucket: "x-logs", targetPrefix: "s3/" } },
    { parent: outer },
  );
  const children = seen.filter((a) => a.type.startsWith("aws:s3/"));
  expect(children.map((a) => a.name).sort()).toEqual([
    "outer-bucket",
    "outer-bucket-lifecycle",
    "outer-bucket-logging",
    "outer-bucket-ownership",
    "outer-bucket-pab",
    "outer-bucket-policy",
    "outer-bucket-sse",
    "outer-bucket-versioning",
  ]);
  // (aws.s3.Bucket adds its own type alias to BucketV2.)
  for (const c of children) expect(c.opts.aliases).toContainEqual({ parent: outer });
});

describe("validation names the argument", () => {
  test.each<[SecureBucketArgs, RegExp]>([
    [{ expirationDays: 0 }, /args\.expirationDays: must be a positive whole number of days \(got 0\)/],
    [{ expirationDays: 1.5 }, /args\.expirationDays/],
    [{ noncurrentVersionExpirationDays: -1 }, /args\.noncurrentVersionExpirationDays/],
    [{ expirationPrefix: "runs/" }, /args\.expirationPrefix: only applies with args\.expirationDays/],
    [{ expirationDays: 3, expirationPrefix: "/runs" }, /args\.expirationPrefix: a non-empty key prefix/],
    [{ accessLogs: { targetBucket: "b", targetPrefix: "s3" } }, /args\.accessLogs\.targetPrefix/],
  ])("%j", (args, message) => {
    expect(() => new SecureBucket("bad", args)).toThrow(message);
  });
});

describe("pure parts", () => {
  test("secureBucketPolicy puts the TLS deny before the given statements", () => {
    const doc = JSON.parse(secureBucketPolicy("arn:aws:s3:::b", [{ Sid: "X" }]));
    expect(doc.Statement.map((s: { Sid: string }) => s.Sid)).toEqual(["DenyInsecureTransport", "X"]);
  });
  test("serverAccessLogStatements lists several sources as an array", () => {
    const [s] = serverAccessLogStatements({
      logsArn: "arn:aws:s3:::l",
      targetPrefix: "p/",
      accountId: "1",
      sourceArns: ["arn:aws:s3:::a", "arn:aws:s3:::b"],
    });
    expect(s.Condition).toEqual({
      StringEquals: { "aws:SourceAccount": "1" },
      ArnLike: { "aws:SourceArn": ["arn:aws:s3:::a", "arn:aws:s3:::b"] },
    });
  });
  test("secureBucketLifecycleRules: expiry without a prefix covers every object", () => {
    expect(secureBucketLifecycleRules({ expirationDays: 5 })[1]).toEqual({
      id: "expire-current-objects",
      status: "Enabled",
      filter: {},
      expiration: { days: 5 },
    });
  });
});
