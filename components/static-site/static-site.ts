/**
 * `slipway:static-site:StaticSite`: a single-page application on a private S3 bucket behind CloudFront
 * (origin access control), with security response headers, SPA fallback, access logs, optional `/api/*`
 * routing to the ALB, and optional upload of a built assets directory.
 */
import * as pulumi from "@pulumi/pulumi";

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
   * ALB serves HTTP restricted to CloudFront's origin-facing prefix list.
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
  /** Customer-managed KMS key for the content bucket (SSE-KMS). @default undefined (SSE-S3, AES256) */
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
  /** Serve `/index.html` with 200 for 403/404 from the bucket (client-side routing). @default true */
  readonly spaFallback?: boolean;
  /** AWS WAF web ACL (ARN) attached to the distribution. @default undefined */
  readonly webAclId?: pulumi.Input<string>;
  /** Let `pulumi destroy` delete non-empty buckets. @default false */
  readonly forceDestroy?: boolean;
  /** Extra tags. @default {} */
  readonly tags?: Record<string, string>;
}

export class StaticSite extends pulumi.ComponentResource {
  public readonly bucketName!: pulumi.Output<string>;
  public readonly bucketArn!: pulumi.Output<string>;
  public readonly logsBucketName!: pulumi.Output<string>;
  public readonly distributionId!: pulumi.Output<string>;
  public readonly distributionArn!: pulumi.Output<string>;
  /** CloudFront domain name (`dxxxx.cloudfront.net`). */
  public readonly domainName!: pulumi.Output<string>;
  public readonly hostedZoneId!: pulumi.Output<string>;
  /** `https://<first alias or CloudFront domain>`. */
  public readonly url!: pulumi.Output<string>;
  /** Number of uploaded objects (0 without `assetsDir`). */
  public readonly uploadedObjects!: number;

  constructor(name: string, args: StaticSiteArgs, opts?: pulumi.ComponentResourceOptions) {
    super("slipway:static-site:StaticSite", name, {}, opts);
    void args;
    this.registerOutputs({});
  }
}
