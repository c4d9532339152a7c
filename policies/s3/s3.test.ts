import { checkTwins } from "../twins-check";
import { blamed, res, urnOf, violationsOf } from "../testing";
import { s3BlockPublicAccess } from "./s3-block-public-access";
import { s3BlockPublicAccessAccount } from "./s3-block-public-access-account";
import { s3BlockPublicRead } from "./s3-block-public-read";
import { s3BlockPublicWrite } from "./s3-block-public-write";
import { s3ConfigureLifecycle } from "./s3-configure-lifecycle";
import { s3DisableAcls } from "./s3-disable-acls";
import { s3EnableAccessLogging } from "./s3-enable-access-logging";
import { s3EncryptWithKms } from "./s3-encrypt-with-kms";
import { s3RequireSsl } from "./s3-require-ssl";
import { s3RestrictCrossAccountAccess } from "./s3-restrict-cross-account-access";

const BUCKET = "aws:s3/bucket:Bucket";
const BUCKET_V2 = "aws:s3/bucketV2:BucketV2";
const PAB = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const ACCOUNT_PAB = "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock";
const POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const ACL_V2 = "aws:s3/bucketAclV2:BucketAclV2";
const ACL = "aws:s3/bucketAcl:BucketAcl";
const LOGGING = "aws:s3/bucketLogging:BucketLogging";
const LOGGING_V2 = "aws:s3/bucketLoggingV2:BucketLoggingV2";
const OWNERSHIP = "aws:s3/bucketOwnershipControls:BucketOwnershipControls";
const LIFECYCLE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration";
const LIFECYCLE_V2 = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2";

const allFlags = {
  blockPublicAcls: true,
  blockPublicPolicy: true,
  ignorePublicAcls: true,
  restrictPublicBuckets: true,
};
const site = res(BUCKET, "site");
const siteV2 = res(BUCKET_V2, "site2");

const publicRead = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "Public",
      Effect: "Allow",
      Principal: "*",
      Action: "s3:GetObject",
      Resource: "arn:aws:s3:::site/*",
    },
  ],
});
const publicWrite = {
  Version: "2012-10-17",
  Statement: [
    { Sid: "W", Effect: "Allow", Principal: { AWS: "*" }, Action: ["s3:PutObject"], Resource: "*" },
  ],
};
const tlsOnly = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "DenyInsecure",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: ["arn:aws:s3:::site", "arn:aws:s3:::site/*"],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
  ],
});

describe("s3-block-public-access (S3.8)", () => {
  it("passes with a complete block joined by id, and by dependency when the value is unknown", async () => {
    expect(
      await violationsOf(s3BlockPublicAccess, [site, res(PAB, "pab", { bucket: "site-id", ...allFlags })]),
    ).toEqual([]);
    const byDep = res(PAB, "pab", { ...allFlags }, { propertyDependencies: { bucket: [siteV2.urn] } });
    expect(await violationsOf(s3BlockPublicAccess, [siteV2, byDep])).toEqual([]);
  });
  it("fails without a block, with an incomplete one, or with a block for another bucket", async () => {
    expect(await blamed(s3BlockPublicAccess, [site])).toEqual([site.urn]);
    const partial = res(PAB, "pab", { bucket: "site2-id", ...allFlags, restrictPublicBuckets: false });
    const v = await violationsOf(s3BlockPublicAccess, [siteV2, partial]);
    expect(v.map((x) => x.urn)).toEqual([siteV2.urn]);
    expect(v[0].message).toMatch(/restrictPublicBuckets disabled.*BucketPublicAccessBlock/);
    expect(
      await blamed(s3BlockPublicAccess, [site, res(PAB, "other", { bucket: "other-id", ...allFlags })]),
    ).toEqual([site.urn]);
  });
});

describe("s3-block-public-access-account (S3.1)", () => {
  it("passes with a complete account block, or complete bucket blocks everywhere", async () => {
    expect(
      await violationsOf(s3BlockPublicAccessAccount, [site, res(ACCOUNT_PAB, "acct", allFlags)]),
    ).toEqual([]);
    expect(
      await violationsOf(s3BlockPublicAccessAccount, [
        site,
        res(PAB, "p", { bucket: "site-id", ...allFlags }),
      ]),
    ).toEqual([]);
  });
  it("fails on an incomplete account block and on uncovered buckets; not applicable without either", async () => {
    const acct = res(ACCOUNT_PAB, "acct", { ...allFlags, blockPublicPolicy: false });
    expect(await blamed(s3BlockPublicAccessAccount, [acct])).toEqual([acct.urn]);
    expect(await blamed(s3BlockPublicAccessAccount, [siteV2])).toEqual([siteV2.urn]);
    expect(await violationsOf(s3BlockPublicAccessAccount, [res("aws:sns/topic:Topic", "t")])).toEqual([]);
  });
});

describe("s3-block-public-read (S3.2)", () => {
  it("fails on public canned ACLs, public grants, BucketAclV2 and public policies", async () => {
    expect(await blamed(s3BlockPublicRead, [res(BUCKET, "a", { acl: "public-read" })])).toHaveLength(1);
    const grants = res(BUCKET, "g", {
      grants: [
        { type: "Group", uri: "http://acs.amazonaws.com/groups/global/AllUsers", permissions: ["READ"] },
      ],
    });
    expect(await blamed(s3BlockPublicRead, [grants])).toEqual([grants.urn]);
    const acl = res(ACL_V2, "acl", { bucket: "site-id", acl: "authenticated-read" });
    expect(await blamed(s3BlockPublicRead, [site, acl])).toEqual([site.urn]);
    const inlinePolicy = res(BUCKET, "p", { policy: publicRead });
    expect(await blamed(s3BlockPublicRead, [inlinePolicy])).toEqual([inlinePolicy.urn]);
    const sep = await violationsOf(s3BlockPublicRead, [
      siteV2,
      res(POLICY, "bp", { bucket: "site2-id", policy: publicRead }),
    ]);
    expect(sep[0].message).toMatch(/policy statement Public/);
  });
  it("passes for private buckets and when the public access block neutralises ACLs and policies", async () => {
    expect(await violationsOf(s3BlockPublicRead, [site, res(BUCKET, "p", { acl: "private" })])).toEqual([]);
    const pub = res(BUCKET, "pub", { acl: "public-read", policy: publicRead });
    const block = res(PAB, "b", { bucket: "pub-id", ignorePublicAcls: true, restrictPublicBuckets: true });
    expect(await violationsOf(s3BlockPublicRead, [pub, block])).toEqual([]);
    // Half a block is not enough: the policy still reads.
    const half = res(PAB, "b", { bucket: "pub-id", ignorePublicAcls: true });
    expect(await blamed(s3BlockPublicRead, [pub, half])).toEqual([pub.urn]);
    // A conditioned statement (e.g. CloudFront OAC with aws:SourceArn) is not public.
    const oac = JSON.stringify({
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "cloudfront.amazonaws.com" },
          Action: "s3:GetObject",
          Resource: "arn:aws:s3:::site/*",
          Condition: { StringEquals: { "AWS:SourceArn": "arn:aws:cloudfront::123456789012:distribution/X" } },
        },
      ],
    });
    expect(
      await violationsOf(s3BlockPublicRead, [site, res(POLICY, "bp", { bucket: "site-id", policy: oac })]),
    ).toEqual([]);
  });
});

describe("s3-block-public-write (S3.3)", () => {
  it("fails on public-read-write, WRITE grants in BucketAcl and public put policies", async () => {
    expect(
      await blamed(s3BlockPublicWrite, [res(BUCKET_V2, "a", { acl: "public-read-write" })]),
    ).toHaveLength(1);
    const acl = res(ACL, "acl", {
      bucket: "site-id",
      accessControlPolicy: {
        owner: { id: "o" },
        grants: [
          {
            grantee: { type: "Group", uri: "http://acs.amazonaws.com/groups/global/AllUsers" },
            permission: "WRITE",
          },
        ],
      },
    });
    expect(await blamed(s3BlockPublicWrite, [site, acl])).toEqual([site.urn]);
    expect(
      await blamed(s3BlockPublicWrite, [site, res(POLICY, "bp", { bucket: "site-id", policy: publicWrite })]),
    ).toEqual([site.urn]);
  });
  it("passes on public read only, and when blocked at account level", async () => {
    expect(await violationsOf(s3BlockPublicWrite, [res(BUCKET, "a", { acl: "public-read" })])).toEqual([]);
    const pub = res(BUCKET, "pub", { acl: "public-read-write", policy: publicWrite });
    expect(await violationsOf(s3BlockPublicWrite, [pub, res(ACCOUNT_PAB, "acct", allFlags)])).toEqual([]);
  });
});

describe("s3-require-ssl (S3.5)", () => {
  it("passes with a Deny on aws:SecureTransport false, inline or as BucketPolicy", async () => {
    expect(await violationsOf(s3RequireSsl, [res(BUCKET, "a", { policy: tlsOnly })])).toEqual([]);
    expect(
      await violationsOf(s3RequireSsl, [
        siteV2,
        res(POLICY, "bp", { bucket: "site2-id", policy: JSON.parse(tlsOnly) }),
      ]),
    ).toEqual([]);
  });
  it("fails without a policy, or with a policy that does not deny insecure transport", async () => {
    expect(await blamed(s3RequireSsl, [site])).toEqual([site.urn]);
    expect(
      await blamed(s3RequireSsl, [site, res(POLICY, "bp", { bucket: "site-id", policy: publicRead })]),
    ).toEqual([site.urn]);
    const allowOnly = tlsOnly.replace('"Deny"', '"Allow"');
    expect(await blamed(s3RequireSsl, [res(BUCKET, "a", { policy: allowOnly })])).toHaveLength(1);
  });
});

describe("s3-restrict-cross-account-access (S3.6)", () => {
  const doc = (principal: unknown, action: unknown) =>
    JSON.stringify({
      Statement: [{ Sid: "S", Effect: "Allow", Principal: principal, Action: action, Resource: "*" }],
    });
  it("fails when * or an untrusted account may change the bucket policy or ACLs", async () => {
    expect(
      await violationsOf(s3RestrictCrossAccountAccess, [res(POLICY, "p", { policy: doc("*", "s3:*") })]),
    ).toHaveLength(1);
    const other = res(BUCKET, "b", {
      policy: doc({ AWS: "arn:aws:iam::210987654321:root" }, "s3:PutBucketPolicy"),
    });
    const v = await violationsOf(s3RestrictCrossAccountAccess, [other], {
      config: { "s3-restrict-cross-account-access": { trustedAccountIds: ["123456789012"] } },
    });
    expect(v[0].message).toMatch(/s3:PutBucketPolicy to account\(s\) 210987654321/);
  });
  it("passes for read-only grants, trusted accounts and service principals", async () => {
    expect(
      await violationsOf(s3RestrictCrossAccountAccess, [
        res(POLICY, "p", { policy: doc("*", "s3:GetObject") }),
      ]),
    ).toEqual([]);
    const own = res(POLICY, "p", {
      policy: doc({ AWS: "arn:aws:iam::123456789012:role/deploy" }, "s3:PutBucketPolicy"),
    });
    expect(
      await violationsOf(s3RestrictCrossAccountAccess, [own], {
        config: { "s3-restrict-cross-account-access": { trustedAccountIds: ["123456789012"] } },
      }),
    ).toEqual([]);
    expect(
      await violationsOf(s3RestrictCrossAccountAccess, [
        res(POLICY, "p", { policy: doc({ Service: "logging.s3.amazonaws.com" }, "s3:PutObjectAcl") }),
      ]),
    ).toEqual([]);
  });
});

describe("s3-enable-access-logging (S3.9)", () => {
  const logs = res(BUCKET, "logs");
  it("passes with inline logging, BucketLogging or BucketLoggingV2; log targets are exempt", async () => {
    expect(
      await violationsOf(s3EnableAccessLogging, [
        logs,
        res(BUCKET, "a", { logging: { targetBucket: "logs-id" } }),
      ]),
    ).toEqual([]);
    expect(
      await violationsOf(s3EnableAccessLogging, [
        logs,
        site,
        res(LOGGING, "l", { bucket: "site-id", targetBucket: "logs-id", targetPrefix: "s3/" }),
      ]),
    ).toEqual([]);
    expect(
      await violationsOf(s3EnableAccessLogging, [
        logs,
        siteV2,
        res(LOGGING_V2, "l", { bucket: "site2-id", targetBucket: "logs-id", targetPrefix: "" }),
      ]),
    ).toEqual([]);
    // A bucket that only receives load balancer access logs is exempt too.
    const alb = res("aws:lb/loadBalancer:LoadBalancer", "alb", {
      accessLogs: { bucket: "logs-id", enabled: true },
    });
    expect(await violationsOf(s3EnableAccessLogging, [logs, alb])).toEqual([]);
  });
  it("fails for a bucket without logging", async () => {
    expect(
      await blamed(s3EnableAccessLogging, [
        logs,
        site,
        res(LOGGING, "l", { bucket: "other-id", targetBucket: "logs-id" }),
      ]),
    ).toEqual([site.urn]);
    // Without any logging configuration, the would-be log bucket is not a log target either.
    expect(await blamed(s3EnableAccessLogging, [logs])).toEqual([logs.urn]);
  });
});

describe("s3-disable-acls (S3.12)", () => {
  it("passes with BucketOwnerEnforced or no ACLs at all (the AWS default)", async () => {
    const oc = res(OWNERSHIP, "oc", { bucket: "site-id", rule: { objectOwnership: "BucketOwnerEnforced" } });
    expect(await violationsOf(s3DisableAcls, [site, oc])).toEqual([]);
    expect(await violationsOf(s3DisableAcls, [siteV2, res(BUCKET, "p", { acl: "private" })])).toEqual([]);
  });
  it("fails with other ownership settings, inline ACLs or BucketAcl resources", async () => {
    const oc = res(OWNERSHIP, "oc", { bucket: "site-id", rule: { objectOwnership: "ObjectWriter" } });
    expect((await violationsOf(s3DisableAcls, [site, oc]))[0].message).toMatch(
      /ObjectWriter.*BucketOwnerEnforced/,
    );
    expect(await blamed(s3DisableAcls, [res(BUCKET_V2, "a", { acl: "log-delivery-write" })])).toHaveLength(1);
    expect(
      await blamed(s3DisableAcls, [site, res(ACL_V2, "acl", { bucket: "site-id", acl: "public-read" })]),
    ).toEqual([site.urn]);
  });
});

describe("s3-configure-lifecycle (S3.13)", () => {
  it("passes with an enabled inline rule or an enabled rule in a lifecycle configuration (V1 or V2)", async () => {
    expect(
      await violationsOf(s3ConfigureLifecycle, [res(BUCKET, "a", { lifecycleRules: [{ enabled: true }] })]),
    ).toEqual([]);
    const lc = res(LIFECYCLE, "lc", { bucket: "site-id", rules: [{ id: "abort", status: "Enabled" }] });
    expect(await violationsOf(s3ConfigureLifecycle, [site, lc])).toEqual([]);
    const lc2 = res(LIFECYCLE_V2, "lc", { bucket: "site2-id", rules: [{ id: "abort", status: "Enabled" }] });
    expect(await violationsOf(s3ConfigureLifecycle, [siteV2, lc2])).toEqual([]);
  });
  it("fails (advisory) without rules or with only disabled rules", async () => {
    const lc = res(LIFECYCLE, "lc", { bucket: "site-id", rules: [{ id: "x", status: "Disabled" }] });
    const v = await violationsOf(s3ConfigureLifecycle, [site, lc]);
    expect(v.map((x) => [x.urn, x.enforcementLevel])).toEqual([[site.urn, "advisory"]]);
    expect(
      await blamed(s3ConfigureLifecycle, [res(BUCKET, "a", { lifecycleRules: [{ enabled: false }] })]),
    ).toHaveLength(1);
  });
});

describe("preview semantics (unknown outputs)", () => {
  // The sentinel the engine sends for values computed during the update.
  const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
  it("joins through dependencies when the reference is unknown, and turns unknown content into an advisory can't-run", async () => {
    const bp = res(
      POLICY,
      "bp",
      { bucket: UNKNOWN, policy: UNKNOWN },
      { propertyDependencies: { bucket: [site.urn] } },
    );
    const v = await violationsOf(s3RequireSsl, [site, bp]);
    expect(v.map((x) => x.enforcementLevel)).toEqual(["advisory"]);
    expect(v[0].message).toMatch(/can't run policy 's3-require-ssl' during preview/);
    // A complete block referenced by an unknown bucket id still counts, through the dependency.
    const pab = res(PAB, "pab", { bucket: UNKNOWN, ...allFlags }, { dependencies: [site.urn] });
    expect(await violationsOf(s3BlockPublicAccess, [site, pab])).toEqual([]);
  });
});

describe("s3-configure-abort-incomplete-uploads (twins)", () =>
  checkTwins("s3-configure-abort-incomplete-uploads"));
describe("s3-enable-versioning (twins)", () => checkTwins("s3-enable-versioning"));
describe("s3-encrypt-with-kms (twins)", () => checkTwins("s3-encrypt-with-kms"));

describe("s3-encrypt-with-kms exemptions", () => {
  const sseS3 = (name: string) => [
    res("aws:s3/bucket:Bucket", name, { bucket: name }),
    res(
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      `${name}-sse`,
      { bucket: `${name}-id`, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
    ),
  ];
  it("a load balancer's access-log bucket keeps SSE-S3 (ELB delivers under no other key)", async () => {
    const lb = res("aws:lb/loadBalancer:LoadBalancer", "alb", {
      accessLogs: { bucket: "alb-logs", enabled: true },
    });
    expect(await blamed(s3EncryptWithKms, [...sseS3("alb-logs"), lb])).toEqual([]);
  });
  it("a CloudFront log bucket is not exempt (CloudFront delivers under a KMS key)", async () => {
    const cdn = res("aws:cloudfront/distribution:Distribution", "cdn", {
      loggingConfig: { bucket: "cdn-logs.s3.amazonaws.com" },
    });
    expect(await blamed(s3EncryptWithKms, [...sseS3("cdn-logs"), cdn])).toEqual([
      urnOf("aws:s3/bucket:Bucket", "cdn-logs"),
    ]);
  });
});
describe("s3-use-dns-compliant-names (twins)", () => checkTwins("s3-use-dns-compliant-names"));
describe("s3-enable-bucket-key (twins)", () => checkTwins("s3-enable-bucket-key"));
