/** A tiny Pulumi program for the offline engine's tests: a component with children, a secret, outputs. */
// @ts-nocheck

import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

const config = new pulumi.Config("tiny");
const environmentType = config.require("environmentType");
const retentionDays = config.requireNumber("retentionDays");

if (environmentType === "broken") {
  const err = new Error("bad");
  throw Object.assign(err, {
    name: "InputError",
    file: "Pulumi.broken.yaml",
    field: "tiny:environmentType",
    problem: "is broken",
    fix: "use staging or production",
  });
}

export interface SiteArgs {
  /** Log retention in days. */
  readonly retentionDays: number;
}

export class Site extends pulumi.ComponentResource {
  readonly bucketName: pulumi.Output<string>;
  constructor(name: string, args: SiteArgs, opts?: pulumi.ComponentResourceOptions) {
    super("tiny:web:Site", name, {}, opts);
    const bucket = new aws.s3.Bucket(`${name}-bucket`, { forceDestroy: false }, { parent: this });
    new aws.s3.BucketPublicAccessBlock(
      `${name}-pab`,
      {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      { parent: this },
    );
    new aws.cloudwatch.LogGroup(`${name}-logs`, { retentionInDays: args.retentionDays }, { parent: this });
    this.bucketName = bucket.bucket;
    this.registerOutputs({ bucketName: this.bucketName });
  }
}

const site = new Site("site", { retentionDays });
const secret = new aws.secretsmanager.Secret("db", { description: "database password" });
new aws.secretsmanager.SecretVersion("db-v1", {
  secretId: secret.id,
  secretString: config.getSecret("dbPassword") ?? pulumi.secret("generated-only-for-tests"),
});
const lb = new aws.lb.LoadBalancer(
  "alb",
  { loadBalancerType: "application", internal: false },
  { dependsOn: [secret] },
);

export const bucketName = site.bucketName;
export const url = pulumi.interpolate`http://${lb.dnsName}`;
export const environment = environmentType;
export const sizes = config.getObject<Record<string, number>>("sizes") ?? {};
export const dbSecretValue = pulumi.secret("do-not-print");
