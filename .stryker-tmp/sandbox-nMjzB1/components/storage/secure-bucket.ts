/**
 * `slipway:storage:SecureBucket`: the one way this project makes an S3 bucket. Private (all public access
 * blocked, bucket-owner-enforced ownership, so no ACLs), encrypted by default (SSE-S3 or SSE-KMS with a
 * bucket key), versioned, with lifecycle rules (noncurrent versions and incomplete uploads always expire,
 * current objects optionally), a bucket policy that denies every non-TLS request plus the caller's
 * statements (log delivery, CloudFront OAC), and optional S3 server access logging.
 *
 * The bucket keeps the component's name and the other children are `${name}-<role>` (`-pab`,
 * `-ownership`, `-sse`, `-versioning`, `-lifecycle`, `-policy`, `-logging`): the names the ALB, static
 * site and monitoring components used before this building block existed. Each child also carries an
 * alias to the same name directly under the component's parent, so stacks created before keep their
 * buckets instead of replacing them.
 */
// @ts-nocheck

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** One IAM policy statement of a bucket policy. */
export type PolicyStatement = Readonly<Record<string, unknown>>;

/** Statement denying any request that does not use TLS (FSBP S3.5). */
export function denyInsecureTransport(bucketArn: string): PolicyStatement {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}

/** The bucket policy document: the TLS-only deny first, then `statements`. */
export function secureBucketPolicy(bucketArn: string, statements: readonly PolicyStatement[] = []): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [denyInsecureTransport(bucketArn), ...statements],
  });
}

/**
 * Statements letting S3 server access logging put objects under `targetPrefix` of a log bucket, only
 * for `sourceArns` in `accountId` (confused-deputy conditions).
 */
export function serverAccessLogStatements(input: {
  readonly logsArn: string;
  readonly targetPrefix: string;
  readonly accountId: string;
  readonly sourceArns: readonly string[];
}): PolicyStatement[] {
  return [
    {
      Sid: "AllowS3ServerAccessLogs",
      Effect: "Allow",
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `${input.logsArn}/${input.targetPrefix}*`,
      Condition: {
        StringEquals: { "aws:SourceAccount": input.accountId },
        ArnLike: {
          "aws:SourceArn": input.sourceArns.length === 1 ? input.sourceArns[0] : [...input.sourceArns],
        },
      },
    },
  ];
}

/** Where the bucket's S3 server access logs go (FSBP S3.9). */
export interface SecureBucketAccessLogs {
  /** Name or id of the target log bucket (same account and region, SSE-S3, bucket-owner-enforced). */
  readonly targetBucket: pulumi.Input<string>;
  /** Key prefix of the logs in the target bucket, ending with `/`. @example "s3/" */
  readonly targetPrefix: string;
  /**
   * Resources that must exist before logging is switched on, typically the target bucket's policy
   * that lets `logging.s3.amazonaws.com` write. @default []
   */
  readonly dependsOn?: readonly pulumi.Resource[];
}

/** Arguments of {@link SecureBucket}. */
export interface SecureBucketArgs {
  /**
   * Customer-managed KMS key for SSE-KMS (with an S3 bucket key). Unset means SSE-S3 (AES256), the only
   * default encryption that ALB access-log delivery and S3 server access logging accept on a log bucket.
   * @default undefined (SSE-S3)
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /**
   * Days after which current objects expire (logs, canary artifacts), a positive whole number. Unset
   * keeps them.
   * @default undefined (current objects never expire)
   */
  readonly expirationDays?: number;
  /** Only objects under this key prefix expire after `expirationDays`. @default undefined (all objects) */
  readonly expirationPrefix?: string;
  /** Days after which noncurrent versions expire, a positive whole number. @default 7 */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Statements added to the bucket policy after the TLS-only deny, from the bucket's ARN (log delivery,
   * CloudFront origin access). May depend on resources created after the bucket (a deferred Output).
   * @default undefined (the policy only denies non-TLS requests)
   */
  readonly policyStatements?: (bucketArn: pulumi.Output<string>) => pulumi.Input<PolicyStatement[]>;
  /** S3 server access logging of this bucket. @default undefined (no access logging) */
  readonly accessLogs?: SecureBucketAccessLogs;
  /** Let `pulumi destroy` delete the bucket with its objects. @default false */
  readonly forceDestroy?: boolean;
  /** Tags of the bucket (the stack's standard tags come from the provider). @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Synchronous checks; errors name the argument path. */
export function validateSecureBucketArgs(args: SecureBucketArgs): void {
  const errors: string[] = [];
  const days = (path: string, v: number | undefined) => {
    if (v !== undefined && (!Number.isInteger(v) || v < 1))
      errors.push(`args.${path}: must be a positive whole number of days (got ${v})`);
  };
  days("expirationDays", args.expirationDays);
  days("noncurrentVersionExpirationDays", args.noncurrentVersionExpirationDays);
  if (args.expirationPrefix !== undefined) {
    if (args.expirationDays === undefined)
      errors.push("args.expirationPrefix: only applies with args.expirationDays (set both or neither)");
    if (args.expirationPrefix === "" || args.expirationPrefix.startsWith("/"))
      errors.push(
        `args.expirationPrefix: a non-empty key prefix without a leading "/" (got ${JSON.stringify(args.expirationPrefix)})`,
      );
  }
  if (args.accessLogs !== undefined) {
    const p = args.accessLogs.targetPrefix;
    if (p === "" || !p.endsWith("/") || p.startsWith("/"))
      errors.push(
        `args.accessLogs.targetPrefix: a key prefix ending with "/" and not starting with one (got ${JSON.stringify(p)})`,
      );
  }
  if (errors.length > 0)
    throw new Error(`slipway:storage:SecureBucket: invalid arguments\n  ${errors.join("\n  ")}`);
}

/** The lifecycle rules of a secure bucket (pure, for the component and its tests). */
export function secureBucketLifecycleRules(
  args: Pick<SecureBucketArgs, "expirationDays" | "expirationPrefix" | "noncurrentVersionExpirationDays">,
) {
  const rules: aws.types.input.s3.BucketLifecycleConfigurationRule[] = [
    {
      id: "expire-noncurrent-versions",
      status: "Enabled",
      filter: {},
      noncurrentVersionExpiration: { noncurrentDays: args.noncurrentVersionExpirationDays ?? 7 },
      abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
    },
  ];
  if (args.expirationDays !== undefined) {
    rules.push({
      id: "expire-current-objects",
      status: "Enabled",
      filter: args.expirationPrefix !== undefined ? { prefix: args.expirationPrefix } : {},
      expiration: { days: args.expirationDays },
    });
  }
  return rules;
}

export class SecureBucket extends pulumi.ComponentResource {
  /** The bucket (for origins, canary locations and similar references). */
  public readonly bucket: aws.s3.Bucket;
  public readonly bucketName: pulumi.Output<string>;
  public readonly bucketArn: pulumi.Output<string>;
  /** The bucket policy: depend on it before a service delivers into the bucket. */
  public readonly policy: aws.s3.BucketPolicy;
  /** Ownership and default encryption: depend on them before uploading objects. */
  public readonly ready: readonly pulumi.Resource[];

  constructor(name: string, args: SecureBucketArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    validateSecureBucketArgs(args);
    super("slipway:storage:SecureBucket", name, {}, opts);
    // Same name directly under the former parent: the URN these resources had before this component.
    const child = (): pulumi.CustomResourceOptions =>
      opts?.parent !== undefined ? { parent: this, aliases: [{ parent: opts.parent }] } : { parent: this };

    const bucket = new aws.s3.Bucket(
      name,
      { forceDestroy: args.forceDestroy ?? false, tags: { ...(args.tags ?? {}) } },
      child(),
    );
    const pab = new aws.s3.BucketPublicAccessBlock(
      `${name}-pab`,
      {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      child(),
    );
    const ownership = new aws.s3.BucketOwnershipControls(
      `${name}-ownership`,
      { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
      child(),
    );
    const sse = new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-sse`,
      {
        bucket: bucket.id,
        rules: [
          args.kmsKeyArn !== undefined
            ? {
                applyServerSideEncryptionByDefault: {
                  sseAlgorithm: "aws:kms",
                  kmsMasterKeyId: args.kmsKeyArn,
                },
                bucketKeyEnabled: true,
              }
            : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
        ],
      },
      child(),
    );
    new aws.s3.BucketVersioning(
      `${name}-versioning`,
      { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
      child(),
    );
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-lifecycle`,
      { bucket: bucket.id, rules: secureBucketLifecycleRules(args) },
      child(),
    );
    const statements = args.policyStatements?.(bucket.arn) ?? [];
    this.policy = new aws.s3.BucketPolicy(
      `${name}-policy`,
      {
        bucket: bucket.id,
        policy: pulumi
          .all([bucket.arn, pulumi.output(statements)])
          .apply(([arn, s]) => secureBucketPolicy(arn, s as PolicyStatement[])),
      },
      // The public access block first: a policy applied before it could be public for a moment.
      { ...child(), dependsOn: [pab] },
    );
    if (args.accessLogs !== undefined) {
      new aws.s3.BucketLogging(
        `${name}-logging`,
        {
          bucket: bucket.id,
          targetBucket: args.accessLogs.targetBucket,
          targetPrefix: args.accessLogs.targetPrefix,
        },
        { ...child(), dependsOn: [...(args.accessLogs.dependsOn ?? [])] },
      );
    }

    this.bucket = bucket;
    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    this.ready = [ownership, sse];
    this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn });
  }
}
