// @ts-nocheck
import { albLogBucketPolicy, ELB_LOG_DELIVERY_PRINCIPAL } from "./alb-logs";

describe("albLogBucketPolicy", () => {
  const bucketArn = "arn:aws:s3:::alb-logs";
  test("older region: the regional ELB account may write under the prefix; non-TLS denied", () => {
    const doc = JSON.parse(
      albLogBucketPolicy({ bucketArn, region: "eu-west-1", accountId: "123456789012", prefix: "alb" }),
    );
    expect(doc.Statement).toEqual([
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
      {
        Sid: "AllowElbLogDelivery",
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::156460612806:root" },
        Action: "s3:PutObject",
        Resource: "arn:aws:s3:::alb-logs/alb/AWSLogs/123456789012/*",
      },
    ]);
  });

  test("newer region: the log delivery service principal", () => {
    const doc = JSON.parse(
      albLogBucketPolicy({ bucketArn, region: "eu-central-2", accountId: "123456789012", prefix: "alb" }),
    );
    expect(doc.Statement[1].Principal).toEqual({ Service: ELB_LOG_DELIVERY_PRINCIPAL });
    expect(doc.Statement[1].Resource).toBe("arn:aws:s3:::alb-logs/alb/AWSLogs/123456789012/*");
  });
});
