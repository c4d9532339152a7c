/**
 * `slipway:static-site:StaticSite`: a single-page application on a private S3 bucket behind CloudFront
 * (origin access control), with security response headers, SPA fallback, access logs, optional `/api/*`
 * routing to the ALB, and optional upload of a built assets directory.
 */
// @ts-nocheck

import * as fs from "node:fs";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SecureBucket, serverAccessLogStatements, type PolicyStatement } from "../storage/secure-bucket";
import { assetObjects, DEFAULT_CSP, spaRewriteFunctionCode } from "./assets";

/** The API origin (the ALB) that `/api/*` is routed to. */
export interface ApiOrigin {
  /**
   * Host name CloudFront connects to. With HTTPS (the default) it must be covered by the ALB's
   * certificate, i.e. the API's custom domain, not the raw ALB DNS name.
   * @example "api.example.com"
   */
  readonly domainName: pulumi.Input<string>;
  /** Path pattern routed to the API. @default "/api/*" */
  readonly pathPattern?: string;
  /**
   * Loosening flag: connect to the origin over plain HTTP (`http-only`), for stacks without a domain whose
   * ALB serves HTTP restricted to CloudFront's origin-facing prefix list. The baseline policy pack rejects
   * it (`cloudfront-encrypt-origin-traffic`) unless its config downgrades that policy.
   * @default false (`https-only`, TLSv1.2)
   */
  readonly allowPlainHttp?: boolean;
}

/** Arguments of {@link StaticSite}. */
export interface StaticSiteArgs {
  /**
   * Directory of the built site to upload (one object per file). @default undefined (no upload; the
   * pipeline syncs the assets)
   * @example "examples/taskflow/frontend/dist"
   */
  readonly assetsDir?: string;
  /** Route `/api/*` to this origin. @default undefined (static files only) */
  readonly apiOrigin?: ApiOrigin;
  /** Alternate domain names; requires `certificateArn`. @default [] @example ["app.example.com"] */
  readonly aliases?: readonly string[];
  /**
   * ACM certificate in us-east-1 covering `aliases`. With it, viewers need TLSv1.2_2021 or newer.
   * @default undefined (CloudFront default certificate on `*.cloudfront.net`)
   */
  readonly certificateArn?: pulumi.Input<string>;
  /**
   * Customer-managed KMS key for the content bucket (SSE-KMS, with an S3 bucket key). Its key policy must let
   * `cloudfront.amazonaws.com` call `kms:Decrypt` for this distribution (AWS:SourceArn), or OAC reads fail.
   * @default undefined (SSE-S3, AES256)
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /** Days noncurrent object versions are kept. @default 30 */
  readonly noncurrentVersionExpirationDays?: number;
  /** Days CloudFront access logs are kept. @default 90 */
  readonly logRetentionDays?: number;
  /** CloudFront price class. @default "PriceClass_100" */
  readonly priceClass?: "PriceClass_100" | "PriceClass_200" | "PriceClass_All";
  /**
   * Content-Security-Policy response header.
   * @default "default-src 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'"
   */
  readonly contentSecurityPolicy?: string;
  /**
   * Client-side routing: unknown paths serve `/index.html` with 200. Without an API origin this is done
   * with custom error responses (403/404 -> /index.html 200); with an API origin a CloudFront Function
   * rewrites extension-less paths on the default behaviour instead, so API 403/404 are never masked.
   * @default true
   */
  readonly spaFallback?: boolean;
  /** AWS WAF web ACL (ARN) attached to the distribution. @default undefined */
  readonly webAclId?: pulumi.Input<string>;
  /** Let `pulumi destroy` delete non-empty buckets. @default false */
  readonly forceDestroy?: boolean;
  /** Extra tags. @default {} */
  readonly tags?: Record<string, string>;
}

/** AWS managed cache policy `Managed-CachingOptimized`. */
export const CACHING_OPTIMIZED_POLICY_ID = "658327ea-f89d-4fab-a63d-7e88639e58f6";
/** AWS managed cache policy `Managed-CachingDisabled`. */
export const CACHING_DISABLED_POLICY_ID = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
/** AWS managed origin request policy `Managed-AllViewerExceptHostHeader`. */
export const ALL_VIEWER_EXCEPT_HOST_POLICY_ID = "b689b0a8-53d0-40ab-baf2-68738e2966ac";

const S3_ORIGIN_ID = "s3-content";
const API_ORIGIN_ID = "api";
const HOSTNAME = /^(?=.{1,253}$)(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** Synchronous validation of {@link StaticSiteArgs}; throws one error listing every problem. */
export function validateStaticSiteArgs(args: StaticSiteArgs): void {
  const errors: string[] = [];
  const aliases = args.aliases ?? [];
  aliases.forEach((a, i) => {
    if (!HOSTNAME.test(a))
      errors.push(`args.aliases[${i}]: not a valid host name (got ${JSON.stringify(a)})`);
  });
  if (aliases.length > 0 && args.certificateArn === undefined) {
    errors.push(
      "args.certificateArn: required when args.aliases are set (CloudFront needs a certificate covering them)",
    );
  }
  if (
    typeof args.certificateArn === "string" &&
    !/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\//.test(args.certificateArn)
  ) {
    errors.push(
      `args.certificateArn: CloudFront needs an ACM certificate in us-east-1 (got ${JSON.stringify(args.certificateArn)})`,
    );
  }
  if (args.assetsDir !== undefined) {
    const dir = path.resolve(args.assetsDir);
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
      errors.push(`args.assetsDir: directory ${JSON.stringify(args.assetsDir)} does not exist`);
    } else if (!fs.existsSync(path.join(dir, "index.html"))) {
      errors.push(
        `args.assetsDir: ${JSON.stringify(args.assetsDir)} has no index.html (the default root object)`,
      );
    }
  }
  if (args.apiOrigin !== undefined) {
    const d = args.apiOrigin.domainName;
    if (d === undefined || d === "") errors.push("args.apiOrigin.domainName: required");
    else if (typeof d === "string" && !HOSTNAME.test(d)) {
      errors.push(`args.apiOrigin.domainName: not a valid host name (got ${JSON.stringify(d)})`);
    }
    const p = args.apiOrigin.pathPattern ?? "/api/*";
    if (!/^\/[A-Za-z0-9_\-.~/]*\*?$/.test(p) || p === "/*" || p === "/") {
      errors.push(
        `args.apiOrigin.pathPattern: must be a path like "/api/*", not the default path (got ${JSON.stringify(p)})`,
      );
    }
  }
  const nc = args.noncurrentVersionExpirationDays ?? 30;
  if (!Number.isInteger(nc) || nc < 1) {
    errors.push(
      `args.noncurrentVersionExpirationDays: must be a positive integer (got ${JSON.stringify(nc)})`,
    );
  }
  const lr = args.logRetentionDays ?? 90;
  if (!Number.isInteger(lr) || lr < 1)
    errors.push(`args.logRetentionDays: must be a positive integer (got ${JSON.stringify(lr)})`);
  const pc = args.priceClass ?? "PriceClass_100";
  if (!["PriceClass_100", "PriceClass_200", "PriceClass_All"].includes(pc)) {
    errors.push(
      `args.priceClass: must be PriceClass_100, PriceClass_200 or PriceClass_All (got ${JSON.stringify(pc)})`,
    );
  }
  const csp = args.contentSecurityPolicy ?? DEFAULT_CSP;
  if (csp.trim() === "" || /[\r\n]/.test(csp)) {
    errors.push("args.contentSecurityPolicy: must be a non-empty single-line header value");
  }
  if (errors.length > 0)
    throw new Error(`slipway:static-site:StaticSite: invalid arguments\n  ${errors.join("\n  ")}`);
}

/** Content bucket statement: CloudFront (this distribution only, through OAC) may read objects. */
export function cloudFrontOacReadStatements(bucketArn: string, distributionArn: string): PolicyStatement[] {
  return [
    {
      Sid: "AllowCloudFrontOacRead",
      Effect: "Allow",
      Principal: { Service: "cloudfront.amazonaws.com" },
      Action: "s3:GetObject",
      Resource: `${bucketArn}/*`,
      Condition: { StringEquals: { "AWS:SourceArn": distributionArn } },
    },
  ];
}

/** Prefix of the content bucket's S3 server access logs in the log bucket. */
export const S3_ACCESS_LOG_PREFIX = "s3/";

/**
 * Log bucket statements: CloudWatch vended-log delivery (CloudFront access logs, from a delivery source
 * of this account in us-east-1) and S3 server access logging (from the content bucket) may write.
 */
export function logDeliveryStatements(input: {
  logsArn: string;
  contentArn: string;
  accountId: string;
}): PolicyStatement[] {
  const { logsArn, contentArn, accountId } = input;
  return [
    {
      Sid: "AllowCloudFrontLogDelivery",
      Effect: "Allow",
      Principal: { Service: "delivery.logs.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `${logsArn}/AWSLogs/${accountId}/*`,
      Condition: {
        StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceAccount": accountId },
        ArnLike: { "aws:SourceArn": `arn:aws:logs:us-east-1:${accountId}:delivery-source:*` },
      },
    },
    {
      Sid: "AllowCloudFrontLogDeliveryAclCheck",
      Effect: "Allow",
      Principal: { Service: "delivery.logs.amazonaws.com" },
      Action: "s3:GetBucketAcl",
      Resource: logsArn,
      Condition: {
        StringEquals: { "aws:SourceAccount": accountId },
        ArnLike: { "aws:SourceArn": `arn:aws:logs:us-east-1:${accountId}:delivery-source:*` },
      },
    },
    ...serverAccessLogStatements({
      logsArn,
      targetPrefix: S3_ACCESS_LOG_PREFIX,
      accountId,
      sourceArns: [contentArn],
    }),
  ];
}

export class StaticSite extends pulumi.ComponentResource {
  public readonly bucketName: pulumi.Output<string>;
  public readonly bucketArn: pulumi.Output<string>;
  public readonly logsBucketName: pulumi.Output<string>;
  public readonly distributionId: pulumi.Output<string>;
  public readonly distributionArn: pulumi.Output<string>;
  /** CloudFront domain name (`dxxxx.cloudfront.net`). */
  public readonly domainName: pulumi.Output<string>;
  public readonly hostedZoneId: pulumi.Output<string>;
  /** `https://<first alias or CloudFront domain>`. */
  public readonly url: pulumi.Output<string>;
  /** Number of uploaded objects (0 without `assetsDir`). */
  public readonly uploadedObjects: number;

  constructor(name: string, args: StaticSiteArgs, opts?: pulumi.ComponentResourceOptions) {
    validateStaticSiteArgs(args);
    super("slipway:static-site:StaticSite", name, {}, opts);
    const parent = { parent: this };
    const tags = args.tags ?? {};
    const forceDestroy = args.forceDestroy ?? false;
    const aliases = [...(args.aliases ?? [])];
    const spaFallback = args.spaFallback ?? true;

    // Content bucket: private, owner-enforced, versioned, encrypted (SSE-KMS with args.kmsKeyArn), old
    // versions expire; only this distribution may read (through OAC), once it exists.
    const [distributionArn, resolveDistributionArn] = pulumi.deferredOutput<string>();
    const [contentArn, resolveContentArn] = pulumi.deferredOutput<string>();
    const accountId = aws.getCallerIdentityOutput({}, parent).accountId;
    const logs = new SecureBucket(
      `${name}-logs`,
      {
        forceDestroy,
        tags,
        expirationDays: args.logRetentionDays ?? 90,
        // CloudFront access logs (standard logging v2, delivered by CloudWatch vended logs) and the
        // content bucket's S3 server access logs. SSE-S3: neither delivery accepts SSE-KMS here.
        policyStatements: (logsArn) =>
          pulumi
            .all([logsArn, contentArn, accountId])
            .apply(([l, c, account]) =>
              logDeliveryStatements({ logsArn: l, contentArn: c, accountId: account }),
            ),
      },
      parent,
    );
    const content = new SecureBucket(
      `${name}-bucket`,
      {
        forceDestroy,
        tags,
        kmsKeyArn: args.kmsKeyArn,
        noncurrentVersionExpirationDays: args.noncurrentVersionExpirationDays ?? 30,
        policyStatements: (bucketArn) =>
          pulumi.all([bucketArn, distributionArn]).apply(([b, d]) => cloudFrontOacReadStatements(b, d)),
        accessLogs: {
          targetBucket: logs.bucket.id,
          targetPrefix: S3_ACCESS_LOG_PREFIX,
          dependsOn: [logs.policy],
        },
      },
      parent,
    );
    resolveContentArn(content.bucketArn);
    const bucket = content.bucket;

    const oac = new aws.cloudfront.OriginAccessControl(
      `${name}-oac`,
      {
        description: `S3 origin access of ${name}`,
        originAccessControlOriginType: "s3",
        signingBehavior: "always",
        signingProtocol: "sigv4",
      },
      parent,
    );

    const headers = new aws.cloudfront.ResponseHeadersPolicy(
      `${name}-security-headers`,
      {
        comment: `Security headers of ${name}`,
        securityHeadersConfig: {
          strictTransportSecurity: {
            accessControlMaxAgeSec: 63072000,
            includeSubdomains: true,
            preload: true,
            override: true,
          },
          contentTypeOptions: { override: true },
          frameOptions: { frameOption: "DENY", override: true },
          referrerPolicy: { referrerPolicy: "strict-origin-when-cross-origin", override: true },
          xssProtection: { protection: true, modeBlock: true, override: true },
          contentSecurityPolicy: {
            contentSecurityPolicy: args.contentSecurityPolicy ?? DEFAULT_CSP,
            override: true,
          },
        },
      },
      parent,
    );

    const api = args.apiOrigin;
    const rewrite =
      spaFallback && api !== undefined
        ? new aws.cloudfront.Function(
            `${name}-spa-rewrite`,
            {
              runtime: "cloudfront-js-2.0",
              comment: "SPA routing: extension-less paths serve /index.html",
              code: spaRewriteFunctionCode(),
              publish: true,
              tags,
            },
            parent,
          )
        : undefined;

    const origins: aws.types.input.cloudfront.DistributionOrigin[] = [
      { originId: S3_ORIGIN_ID, domainName: bucket.bucketRegionalDomainName, originAccessControlId: oac.id },
    ];
    const orderedCacheBehaviors: aws.types.input.cloudfront.DistributionOrderedCacheBehavior[] = [];
    if (api !== undefined) {
      origins.push({
        originId: API_ORIGIN_ID,
        domainName: api.domainName,
        customOriginConfig: {
          httpPort: 80,
          httpsPort: 443,
          originProtocolPolicy: api.allowPlainHttp ? "http-only" : "https-only",
          originSslProtocols: ["TLSv1.2"],
          originReadTimeout: 30,
          originKeepaliveTimeout: 5,
        },
      });
      orderedCacheBehaviors.push({
        pathPattern: api.pathPattern ?? "/api/*",
        targetOriginId: API_ORIGIN_ID,
        viewerProtocolPolicy: "https-only",
        allowedMethods: ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
        cachedMethods: ["GET", "HEAD"],
        compress: true,
        cachePolicyId: CACHING_DISABLED_POLICY_ID,
        originRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_POLICY_ID,
        responseHeadersPolicyId: headers.id,
      });
    }

    const distribution = new aws.cloudfront.Distribution(
      `${name}-cdn`,
      {
        enabled: true,
        comment: `${name} static site`,
        isIpv6Enabled: true,
        httpVersion: "http2and3",
        priceClass: args.priceClass ?? "PriceClass_100",
        defaultRootObject: "index.html",
        aliases,
        origins,
        defaultCacheBehavior: {
          targetOriginId: S3_ORIGIN_ID,
          viewerProtocolPolicy: "redirect-to-https",
          allowedMethods: ["GET", "HEAD", "OPTIONS"],
          cachedMethods: ["GET", "HEAD"],
          compress: true,
          cachePolicyId: CACHING_OPTIMIZED_POLICY_ID,
          responseHeadersPolicyId: headers.id,
          functionAssociations: rewrite ? [{ eventType: "viewer-request", functionArn: rewrite.arn }] : [],
        },
        orderedCacheBehaviors,
        customErrorResponses:
          spaFallback && api === undefined
            ? [403, 404].map((errorCode) => ({
                errorCode,
                responseCode: 200,
                responsePagePath: "/index.html",
                errorCachingMinTtl: 10,
              }))
            : [],
        restrictions: { geoRestriction: { restrictionType: "none" } },
        viewerCertificate:
          args.certificateArn !== undefined
            ? {
                acmCertificateArn: args.certificateArn,
                sslSupportMethod: "sni-only",
                minimumProtocolVersion: "TLSv1.2_2021",
              }
            : // The default *.cloudfront.net certificate: CloudFront fixes its minimum protocol (TLSv1).
              { cloudfrontDefaultCertificate: true },
        webAclId: args.webAclId,
        tags,
      },
      parent,
    );

    // CloudFront access logs, standard logging v2: source, destination and delivery live in us-east-1
    // (CloudFront's home region) and write to the log bucket under AWSLogs/<account>/CloudFront/.
    const logSource = new aws.cloudwatch.LogDeliverySource(
      `${name}-access-log-source`,
      {
        // Unique per account and region: named after the distribution.
        name: pulumi.interpolate`cloudfront-${distribution.id}`,
        region: "us-east-1",
        logType: "ACCESS_LOGS",
        resourceArn: distribution.arn,
        tags,
      },
      parent,
    );
    const logDestination = new aws.cloudwatch.LogDeliveryDestination(
      `${name}-access-log-destination`,
      {
        name: pulumi.interpolate`cloudfront-${distribution.id}-s3`,
        region: "us-east-1",
        outputFormat: "json",
        deliveryDestinationConfiguration: { destinationResourceArn: logs.bucketArn },
        tags,
      },
      parent,
    );
    new aws.cloudwatch.LogDelivery(
      `${name}-access-log-delivery`,
      {
        region: "us-east-1",
        deliverySourceName: logSource.name,
        deliveryDestinationArn: logDestination.arn,
        tags,
      },
      { parent: this, dependsOn: [logs.policy] },
    );

    resolveDistributionArn(distribution.arn);

    // Optional upload of the built assets.
    const objects = args.assetsDir !== undefined ? assetObjects(args.assetsDir) : [];
    for (const o of objects) {
      new aws.s3.BucketObjectv2(
        `${name}-asset-${o.resourceSuffix}`,
        {
          bucket: bucket.id,
          key: o.key,
          source: new pulumi.asset.FileAsset(o.source),
          contentType: o.contentType,
          cacheControl: o.cacheControl,
          tags,
        },
        { parent: this, dependsOn: [...content.ready] },
      );
    }
    this.uploadedObjects = objects.length;

    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    this.logsBucketName = logs.bucketName;
    this.distributionId = distribution.id;
    this.distributionArn = distribution.arn;
    this.domainName = distribution.domainName;
    this.hostedZoneId = distribution.hostedZoneId;
    this.url =
      aliases.length > 0
        ? pulumi.output(`https://${aliases[0]}`)
        : pulumi.interpolate`https://${distribution.domainName}`;

    this.registerOutputs({
      bucketName: this.bucketName,
      logsBucketName: this.logsBucketName,
      distributionId: this.distributionId,
      domainName: this.domainName,
      url: this.url,
      uploadedObjects: this.uploadedObjects,
    });
  }
}
