/* eslint-disable @typescript-eslint/no-explicit-any -- the tests read untyped mock inputs */
// @ts-nocheck

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { createMocks } from "../../automation/engine/mocks";
import { inspect, value } from "../../test/harness/pulumi";

const { mocks, registrations } = createMocks({ region: "eu-west-1" });
pulumi.runtime.setMocks(mocks, "slipway", "production", false);

import {
  ALL_VIEWER_EXCEPT_HOST_POLICY_ID,
  CACHING_DISABLED_POLICY_ID,
  CACHING_OPTIMIZED_POLICY_ID,
  StaticSite,
  type StaticSiteArgs,
} from "./static-site";

const { settle, ofType: of, named } = inspect(registrations);
const BUCKET = "aws:s3/bucket:Bucket";
async function build(name: string, args: StaticSiteArgs): Promise<StaticSite> {
  const site = new StaticSite(name, args);
  await value(site.url);
  await settle();
  return site;
}

const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/site";

function assetsDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slipway-site-"));
  const files: Record<string, string> = {
    "index.html": "<!doctype html><title>app</title>",
    "assets/index-BvJ3k2Xa.js": "console.log(1)",
    "assets/index-C0ffee12.css": "body{}",
    "favicon.ico": "ico",
    "robots.txt": "User-agent: *",
    ".DS_Store": "junk",
  };
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

describe("StaticSite with a domain, an API origin and uploads (production-like)", () => {
  let site: StaticSite;
  let dir: string;
  beforeAll(async () => {
    dir = assetsDir();
    site = await build("web", {
      assetsDir: dir,
      aliases: ["app.example.com"],
      certificateArn: CERT,
      apiOrigin: { domainName: "api.example.com" },
      kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/site",
      webAclId: "arn:aws:wafv2:us-east-1:123456789012:global/webacl/site/1",
    });
  });

  test("content bucket: all public access blocked, owner-enforced, versioned, SSE-KMS, noncurrent versions expire", () => {
    const bucket = named("web-bucket", BUCKET);
    expect(bucket.inputs.forceDestroy).toBe(false);
    const id = bucket.outputs.bucket;
    expect(named("web-bucket-pab").inputs).toEqual({
      bucket: id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    expect(named("web-bucket-ownership").inputs.rule).toEqual({ objectOwnership: "BucketOwnerEnforced" });
    expect(named("web-bucket-versioning").inputs.versioningConfiguration).toEqual({ status: "Enabled" });
    expect(named("web-bucket-sse").inputs.rules).toEqual([
      {
        applyServerSideEncryptionByDefault: {
          sseAlgorithm: "aws:kms",
          kmsMasterKeyId: "arn:aws:kms:eu-west-1:123456789012:key/site",
        },
        bucketKeyEnabled: true,
      },
    ]);
    const rules = named("web-bucket-lifecycle").inputs.rules as Record<string, unknown>[];
    expect(rules[0]).toMatchObject({
      status: "Enabled",
      noncurrentVersionExpiration: { noncurrentDays: 30 },
    });
  });

  test("bucket policy: TLS only, and read only for this distribution through CloudFront", () => {
    const bucketArn = named("web-bucket", BUCKET).outputs.arn as string;
    const distArn = named("web-cdn").outputs.arn as string;
    const policy = JSON.parse(named("web-bucket-policy").inputs.policy as string);
    expect(policy.Statement).toEqual([
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
      {
        Sid: "AllowCloudFrontOacRead",
        Effect: "Allow",
        Principal: { Service: "cloudfront.amazonaws.com" },
        Action: "s3:GetObject",
        Resource: `${bucketArn}/*`,
        Condition: { StringEquals: { "AWS:SourceArn": distArn } },
      },
    ]);
  });

  test("origin access control signs every request with sigv4", () => {
    expect(named("web-oac").inputs).toMatchObject({
      originAccessControlOriginType: "s3",
      signingBehavior: "always",
      signingProtocol: "sigv4",
    });
  });

  test("distribution: OAC S3 origin, HTTPS redirect, compression, root object, TLSv1.2_2021 with the certificate", () => {
    const d = named("web-cdn").inputs as Record<string, any>;
    expect(d.enabled).toBe(true);
    expect(d.defaultRootObject).toBe("index.html");
    expect(d.aliases).toEqual(["app.example.com"]);
    expect(d.viewerCertificate).toEqual({
      acmCertificateArn: CERT,
      sslSupportMethod: "sni-only",
      minimumProtocolVersion: "TLSv1.2_2021",
    });
    const s3Origin = d.origins.find((o: any) => o.originId === "s3-content");
    expect(s3Origin).toEqual({
      originId: "s3-content",
      domainName: named("web-bucket", BUCKET).outputs.bucketRegionalDomainName,
      originAccessControlId: "web-oac-id",
    });
    expect(d.defaultCacheBehavior).toMatchObject({
      targetOriginId: "s3-content",
      viewerProtocolPolicy: "redirect-to-https",
      compress: true,
      cachePolicyId: CACHING_OPTIMIZED_POLICY_ID,
      responseHeadersPolicyId: "web-security-headers-id",
      allowedMethods: ["GET", "HEAD", "OPTIONS"],
    });
    expect(d.webAclId).toBe("arn:aws:wafv2:us-east-1:123456789012:global/webacl/site/1");
    expect(d.loggingConfig).toBeUndefined();
  });

  test("/api/* goes to the ALB over HTTPS only (TLSv1.2), uncached, all viewer values except Host", () => {
    const d = named("web-cdn").inputs as Record<string, any>;
    expect(d.origins.find((o: any) => o.originId === "api")).toEqual({
      originId: "api",
      domainName: "api.example.com",
      customOriginConfig: {
        httpPort: 80,
        httpsPort: 443,
        originProtocolPolicy: "https-only",
        originSslProtocols: ["TLSv1.2"],
        originReadTimeout: 30,
        originKeepaliveTimeout: 5,
      },
    });
    expect(d.orderedCacheBehaviors).toEqual([
      {
        pathPattern: "/api/*",
        targetOriginId: "api",
        viewerProtocolPolicy: "https-only",
        allowedMethods: ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
        cachedMethods: ["GET", "HEAD"],
        compress: true,
        cachePolicyId: CACHING_DISABLED_POLICY_ID,
        originRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_POLICY_ID,
        responseHeadersPolicyId: "web-security-headers-id",
      },
    ]);
  });

  test("with an API, SPA routing is a viewer-request function (API errors are not rewritten)", () => {
    const d = named("web-cdn").inputs as Record<string, any>;
    expect(d.customErrorResponses ?? []).toEqual([]);
    const fn = named("web-spa-rewrite");
    expect(fn.inputs).toMatchObject({ runtime: "cloudfront-js-2.0", publish: true });
    expect(d.defaultCacheBehavior.functionAssociations).toEqual([
      { eventType: "viewer-request", functionArn: fn.outputs.arn },
    ]);
  });

  test("security response headers: HSTS, nosniff, DENY frames, referrer policy, XSS, CSP", () => {
    const cfg = named("web-security-headers").inputs.securityHeadersConfig as Record<string, any>;
    expect(cfg.strictTransportSecurity).toEqual({
      accessControlMaxAgeSec: 63072000,
      includeSubdomains: true,
      preload: true,
      override: true,
    });
    expect(cfg.contentTypeOptions).toEqual({ override: true });
    expect(cfg.frameOptions).toEqual({ frameOption: "DENY", override: true });
    expect(cfg.referrerPolicy).toEqual({ referrerPolicy: "strict-origin-when-cross-origin", override: true });
    expect(cfg.xssProtection).toEqual({ protection: true, modeBlock: true, override: true });
    expect(cfg.contentSecurityPolicy.contentSecurityPolicy).toContain("default-src 'self'");
    expect(cfg.contentSecurityPolicy.contentSecurityPolicy).toContain("frame-ancestors 'none'");
  });

  test("CloudFront access logs: standard logging v2 in us-east-1 from this distribution to the log bucket", () => {
    const source = named("web-access-log-source");
    expect(source.inputs).toMatchObject({
      region: "us-east-1",
      logType: "ACCESS_LOGS",
      resourceArn: named("web-cdn").outputs.arn,
    });
    const destination = named("web-access-log-destination");
    expect(destination.inputs).toMatchObject({
      region: "us-east-1",
      deliveryDestinationConfiguration: { destinationResourceArn: named("web-logs", BUCKET).outputs.arn },
    });
    expect(named("web-access-log-delivery").inputs).toMatchObject({
      region: "us-east-1",
      deliverySourceName: source.outputs.name,
      deliveryDestinationArn: destination.outputs.arn,
    });
    expect(source.inputs.name).toBe("cloudfront-web-cdn-id");
    expect(destination.inputs.name).toBe("cloudfront-web-cdn-id-s3");
  });

  test("content bucket's server access logs go to the log bucket", () => {
    expect(named("web-bucket-logging").inputs).toEqual({
      bucket: named("web-bucket", BUCKET).outputs.bucket,
      targetBucket: named("web-logs", BUCKET).outputs.bucket,
      targetPrefix: "s3/",
    });
  });

  test("log bucket: private, owner-enforced (no ACLs), SSE-S3, expiring, TLS-only, writable only by log delivery", () => {
    expect(named("web-logs-pab").inputs).toMatchObject({
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    expect(named("web-logs-ownership").inputs.rule).toEqual({ objectOwnership: "BucketOwnerEnforced" });
    expect(named("web-logs-versioning").inputs.versioningConfiguration).toEqual({ status: "Enabled" });
    expect(named("web-logs", BUCKET).inputs.forceDestroy).toBe(false);
    expect(named("web-bucket", BUCKET).inputs.forceDestroy).toBe(false);
    expect(named("web-logs-sse").inputs.rules).toEqual([
      { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
    ]);
    const rules = named("web-logs-lifecycle").inputs.rules as Record<string, unknown>[];
    expect(rules.find((r) => r.id === "expire-current-objects")).toEqual({
      id: "expire-current-objects",
      status: "Enabled",
      filter: {},
      expiration: { days: 90 },
    });
    const logsArn = named("web-logs", BUCKET).outputs.arn as string;
    const contentArn = named("web-bucket", BUCKET).outputs.arn as string;
    const policy = JSON.parse(named("web-logs-policy").inputs.policy as string);
    expect(
      policy.Statement.map((st: any) => [st.Sid, st.Effect, st.Principal, st.Action, st.Resource]),
    ).toEqual([
      ["DenyInsecureTransport", "Deny", "*", "s3:*", [logsArn, `${logsArn}/*`]],
      [
        "AllowCloudFrontLogDelivery",
        "Allow",
        { Service: "delivery.logs.amazonaws.com" },
        "s3:PutObject",
        `${logsArn}/AWSLogs/123456789012/*`,
      ],
      [
        "AllowCloudFrontLogDeliveryAclCheck",
        "Allow",
        { Service: "delivery.logs.amazonaws.com" },
        "s3:GetBucketAcl",
        logsArn,
      ],
      [
        "AllowS3ServerAccessLogs",
        "Allow",
        { Service: "logging.s3.amazonaws.com" },
        "s3:PutObject",
        `${logsArn}/s3/*`,
      ],
    ]);
    expect(policy.Statement[1].Condition.ArnLike).toEqual({
      "aws:SourceArn": "arn:aws:logs:us-east-1:123456789012:delivery-source:*",
    });
    expect(policy.Statement[3].Condition).toEqual({
      StringEquals: { "aws:SourceAccount": "123456789012" },
      ArnLike: { "aws:SourceArn": contentArn },
    });
  });

  test("uploads: one object per file with its content type and cache header; hidden files skipped", async () => {
    const objects = of("web-asset", "aws:s3/bucketObjectv2:BucketObjectv2");
    const byKey = Object.fromEntries(objects.map((o) => [o.inputs.key as string, o.inputs]));
    expect(Object.keys(byKey).sort()).toEqual([
      "assets/index-BvJ3k2Xa.js",
      "assets/index-C0ffee12.css",
      "favicon.ico",
      "index.html",
      "robots.txt",
    ]);
    expect(site.uploadedObjects).toBe(5);
    expect(byKey["index.html"]).toMatchObject({
      contentType: "text/html; charset=utf-8",
      cacheControl: "no-cache",
    });
    expect(byKey["assets/index-BvJ3k2Xa.js"]).toMatchObject({
      contentType: "text/javascript; charset=utf-8",
      cacheControl: "public, max-age=31536000, immutable",
    });
    expect(byKey["assets/index-C0ffee12.css"]).toMatchObject({
      contentType: "text/css; charset=utf-8",
      cacheControl: "public, max-age=31536000, immutable",
    });
    expect(byKey["robots.txt"]).toMatchObject({
      contentType: "text/plain; charset=utf-8",
      cacheControl: "public, max-age=300",
    });
    const bucketId = named("web-bucket", BUCKET).outputs.bucket;
    for (const o of objects) expect(o.inputs.bucket).toBe(bucketId);
  });

  test("outputs: url on the alias, distribution id and domain, bucket name", async () => {
    expect(await value(site.url)).toBe("https://app.example.com");
    expect(await value(site.distributionId)).toBe("web-cdn-id");
    expect(await value(site.domainName)).toMatch(/\.cloudfront\.net$/);
    expect(await value(site.bucketName)).toBe(named("web-bucket", BUCKET).outputs.bucket);
  });
});

describe("StaticSite without a domain or API (staging-like)", () => {
  let site: StaticSite;
  beforeAll(async () => {
    site = await build("stg", {
      forceDestroy: true,
      noncurrentVersionExpirationDays: 7,
      logRetentionDays: 14,
    });
  });

  test("default CloudFront certificate, SSE-S3, no API behaviour, error-response SPA fallback", () => {
    const d = named("stg-cdn").inputs as Record<string, any>;
    expect(d.viewerCertificate).toEqual({ cloudfrontDefaultCertificate: true });
    expect(d.aliases).toEqual([]);
    expect(d.origins).toHaveLength(1);
    expect(d.orderedCacheBehaviors ?? []).toEqual([]);
    expect(d.defaultCacheBehavior.viewerProtocolPolicy).toBe("redirect-to-https");
    expect(d.customErrorResponses).toEqual([
      { errorCode: 403, responseCode: 200, responsePagePath: "/index.html", errorCachingMinTtl: 10 },
      { errorCode: 404, responseCode: 200, responsePagePath: "/index.html", errorCachingMinTtl: 10 },
    ]);
    expect(registrations.filter((r) => r.name === "stg-spa-rewrite")).toEqual([]);
    expect(named("stg-bucket-sse").inputs.rules).toEqual([
      { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
    ]);
  });

  test("staging-like args: destroyable buckets, shorter retention, no uploads", async () => {
    expect(named("stg-bucket", BUCKET).inputs.forceDestroy).toBe(true);
    expect((named("stg-bucket-lifecycle").inputs.rules as any[])[0].noncurrentVersionExpiration).toEqual({
      noncurrentDays: 7,
    });
    const logRules = named("stg-logs-lifecycle").inputs.rules as any[];
    expect(logRules.find((r) => r.id === "expire-current-objects").expiration).toEqual({ days: 14 });
    expect(named("stg-logs", BUCKET).inputs.forceDestroy).toBe(true);
    expect(of("stg-asset", "aws:s3/bucketObjectv2:BucketObjectv2")).toEqual([]);
    expect(site.uploadedObjects).toBe(0);
    expect(await value(site.url)).toMatch(/^https:\/\/d[a-z0-9]+\.cloudfront\.net$/);
  });
});

describe("StaticSite with an explicit plain-HTTP API origin (no domain)", () => {
  test("the origin uses http-only only when allowPlainHttp is set", async () => {
    await build("plain", {
      apiOrigin: {
        domainName: "plain-alb-1234567890.eu-west-1.elb.amazonaws.com",
        allowPlainHttp: true,
        pathPattern: "/v1/*",
      },
    });
    const d = named("plain-cdn").inputs as Record<string, any>;
    const api = d.origins.find((o: any) => o.originId === "api");
    expect(api.customOriginConfig.originProtocolPolicy).toBe("http-only");
    expect(d.orderedCacheBehaviors[0].pathPattern).toBe("/v1/*");
    expect(d.orderedCacheBehaviors[0].viewerProtocolPolicy).toBe("https-only");
  });
});

describe("StaticSite validation", () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), "slipway-empty-"));
  test.each<[string, StaticSiteArgs, string]>([
    [
      "aliases without certificate",
      { aliases: ["app.example.com"] },
      "args.certificateArn: required when args.aliases are set",
    ],
    [
      "bad alias",
      { aliases: ["not a host"], certificateArn: CERT },
      "args.aliases[0]: not a valid host name",
    ],
    [
      "certificate outside us-east-1",
      { certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/x" },
      "args.certificateArn: CloudFront needs an ACM certificate in us-east-1",
    ],
    [
      "missing assets dir",
      { assetsDir: "/nonexistent/slipway-dist" },
      'args.assetsDir: directory "/nonexistent/slipway-dist" does not exist',
    ],
    ["assets dir without index.html", { assetsDir: empty }, "has no index.html"],
    ["empty API domain", { apiOrigin: { domainName: "" } }, "args.apiOrigin.domainName: required"],
    [
      "bad API domain",
      { apiOrigin: { domainName: "https://api.example.com" } },
      "args.apiOrigin.domainName: not a valid host name",
    ],
    [
      "API on the default path",
      { apiOrigin: { domainName: "api.example.com", pathPattern: "/*" } },
      "args.apiOrigin.pathPattern",
    ],
    [
      "noncurrent days",
      { noncurrentVersionExpirationDays: 0 },
      "args.noncurrentVersionExpirationDays: must be a positive integer",
    ],
    ["log retention", { logRetentionDays: -1 }, "args.logRetentionDays: must be a positive integer"],
    ["price class", { priceClass: "PriceClass_1" as never }, "args.priceClass"],
    [
      "CSP newline",
      { contentSecurityPolicy: "default-src 'self'\nscript-src *" },
      "args.contentSecurityPolicy",
    ],
  ])("%s", (_title, a, message) => {
    expect(() => new StaticSite(`bad-${Math.random().toString(36).slice(2)}`, a)).toThrow(message);
  });
});
