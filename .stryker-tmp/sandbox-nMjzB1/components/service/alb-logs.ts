/**
 * Pure bucket policy for ALB access-log delivery. Regions available before August 2022 deliver logs as the
 * regional Elastic Load Balancing account; newer regions use the `logdelivery.elasticloadbalancing.amazonaws.com`
 * service principal. Every policy also denies non-TLS access.
 */
// @ts-nocheck

import { secureBucketPolicy, type PolicyStatement } from "../storage/secure-bucket";

/** Elastic Load Balancing account per (older) region, from the ALB access-log documentation. */
export const ELB_ACCOUNT_BY_REGION: Readonly<Record<string, string>> = {
  "us-east-1": "127311923021",
  "us-east-2": "033677994240",
  "us-west-1": "027434742980",
  "us-west-2": "797873946194",
  "af-south-1": "098369216593",
  "ap-east-1": "754344448648",
  "ap-southeast-3": "589379963580",
  "ap-south-1": "718504428378",
  "ap-northeast-3": "383597477331",
  "ap-northeast-2": "600734575887",
  "ap-southeast-1": "114774131450",
  "ap-southeast-2": "783225319266",
  "ap-northeast-1": "582318560864",
  "ca-central-1": "985666609251",
  "eu-central-1": "054676820928",
  "eu-west-1": "156460612806",
  "eu-west-2": "652711504416",
  "eu-south-1": "635631232127",
  "eu-west-3": "009996457667",
  "eu-north-1": "897822967062",
  "me-south-1": "076674570225",
  "sa-east-1": "507241528517",
};

export const ELB_LOG_DELIVERY_PRINCIPAL = "logdelivery.elasticloadbalancing.amazonaws.com";

/** Statement letting ALB access-log delivery write under `<prefix>/AWSLogs/<account>/`. */
export function albLogDeliveryStatements(input: {
  readonly bucketArn: string;
  readonly region: string;
  readonly accountId: string;
  readonly prefix: string;
}): PolicyStatement[] {
  const resource = `${input.bucketArn}/${input.prefix}/AWSLogs/${input.accountId}/*`;
  const elbAccount = ELB_ACCOUNT_BY_REGION[input.region];
  const write = elbAccount
    ? {
        Sid: "AllowElbLogDelivery",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${elbAccount}:root` },
        Action: "s3:PutObject",
        Resource: resource,
      }
    : {
        Sid: "AllowElbLogDelivery",
        Effect: "Allow",
        Principal: { Service: ELB_LOG_DELIVERY_PRINCIPAL },
        Action: "s3:PutObject",
        Resource: resource,
      };
  return [write];
}

/** Bucket policy of the ALB access-log bucket: TLS only, and log delivery (see above). */
export function albLogBucketPolicy(input: Parameters<typeof albLogDeliveryStatements>[0]): string {
  return secureBucketPolicy(input.bucketArn, albLogDeliveryStatements(input));
}
