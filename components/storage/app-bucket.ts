/**
 * `slipway:storage:AppBucket`: a private bucket for an application's data (an `object_storage`
 * component of the packet) with the secure-bucket baseline (no public access, owner-enforced,
 * encrypted, versioned, TLS-only, noncurrent versions expiring) and S3 server access logging into its
 * own log bucket. Nothing may use it until a service that depends on it gets the task role statements
 * for exactly this bucket (`program/access.ts`).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SecureBucket, serverAccessLogStatements } from "./secure-bucket";

/** Key prefix of the access logs in the log bucket. */
export const APP_BUCKET_LOG_PREFIX = "s3/";

/** Arguments of {@link AppBucket}. */
export interface AppBucketArgs {
  /** Days noncurrent object versions are kept. @default 30 */
  readonly noncurrentVersionExpirationDays?: number;
  /** Days the access logs are kept. @default 90 */
  readonly accessLogRetentionDays?: number;
  /** Let `pulumi destroy` delete the buckets with their objects. @default false */
  readonly forceDestroy?: boolean;
  /** Extra tags. @default {} */
  readonly tags?: Record<string, string>;
}

export class AppBucket extends pulumi.ComponentResource {
  public readonly bucketName: pulumi.Output<string>;
  public readonly bucketArn: pulumi.Output<string>;
  public readonly logsBucketName: pulumi.Output<string>;

  constructor(name: string, args: AppBucketArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super("slipway:storage:AppBucket", name, {}, opts);
    const parent = { parent: this };
    const tags = args.tags ?? {};
    const forceDestroy = args.forceDestroy ?? false;
    const [contentArn, resolveContentArn] = pulumi.deferredOutput<string>();
    const accountId = aws.getCallerIdentityOutput({}, parent).accountId;
    const logs = new SecureBucket(
      `${name}-logs`,
      {
        forceDestroy,
        tags,
        expirationDays: args.accessLogRetentionDays ?? 90,
        policyStatements: (logsArn) =>
          pulumi.all([logsArn, accountId, contentArn]).apply(([l, a, c]) =>
            serverAccessLogStatements({
              logsArn: l,
              targetPrefix: APP_BUCKET_LOG_PREFIX,
              accountId: a,
              sourceArns: [c],
            }),
          ),
      },
      parent,
    );
    const content = new SecureBucket(
      `${name}-data`,
      {
        forceDestroy,
        tags,
        noncurrentVersionExpirationDays: args.noncurrentVersionExpirationDays ?? 30,
        accessLogs: {
          targetBucket: logs.bucket.id,
          targetPrefix: APP_BUCKET_LOG_PREFIX,
          dependsOn: [logs.policy],
        },
      },
      parent,
    );
    resolveContentArn(content.bucketArn);
    this.bucketName = content.bucketName;
    this.bucketArn = content.bucketArn;
    this.logsBucketName = logs.bucketName;
    this.registerOutputs({
      bucketName: this.bucketName,
      bucketArn: this.bucketArn,
      logsBucketName: this.logsBucketName,
    });
  }
}
