// @ts-nocheck
import * as pulumi from "@pulumi/pulumi";
import { createMocks, type MockRegistration } from "../../automation/engine/mocks";
import { inspect, value } from "../../test/harness/pulumi";

const { mocks, registrations } = createMocks({ region: "eu-west-1" });
pulumi.runtime.setMocks(mocks, "slipway", "staging", false);

import { Cluster, DEFAULT_SSL_POLICY, type ClusterArgs } from "./cluster";

const { settle, ofType: of } = inspect(registrations);
function one(prefix: string, type: string, name?: string): MockRegistration {
  const found = of(prefix, type).filter((r) => name === undefined || r.name === name);
  if (found.length !== 1) throw new Error(`expected one ${type} ${name ?? ""}, found ${found.length}`);
  return found[0];
}

const base: ClusterArgs = {
  vpcId: "vpc-1",
  publicSubnetIds: ["subnet-pub-a", "subnet-pub-b"],
  privateSubnetIds: ["subnet-app-a", "subnet-app-b"],
  certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc",
  domainName: "api.example.com",
  allowPublicIngress: true,
};

async function build(name: string, args: ClusterArgs): Promise<Cluster> {
  const c = new Cluster(name, args);
  await value(c.baseUrl);
  await settle();
  return c;
}

describe("Cluster with a certificate (production-like)", () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await build("prod", { ...base, containerPorts: [8080, 9090] });
  });

  test("ECS cluster has Container Insights", () => {
    expect(one("prod", "aws:ecs/cluster:Cluster").inputs.settings).toEqual([
      { name: "containerInsights", value: "enabled" },
    ]);
  });

  test("ALB: public subnets, deletion protection on by default, invalid headers dropped, access logs", () => {
    const alb = one("prod", "aws:lb/loadBalancer:LoadBalancer").inputs;
    expect(alb.internal).toBe(false);
    expect(alb.loadBalancerType).toBe("application");
    expect(alb.subnets).toEqual(["subnet-pub-a", "subnet-pub-b"]);
    expect(alb.enableDeletionProtection).toBe(true);
    expect(alb.dropInvalidHeaderFields).toBe(true);
    expect(alb.desyncMitigationMode).toBe("strictest");
    const logsBucket = one("prod", "aws:s3/bucket:Bucket").outputs.bucket;
    expect(alb.accessLogs).toEqual({ bucket: logsBucket, prefix: "alb", enabled: true });
  });

  test("HTTPS listener with the TLS 1.3 policy and the certificate; port 80 only redirects", () => {
    const listeners = of("prod", "aws:lb/listener:Listener");
    expect(listeners).toHaveLength(2);
    const httpsL = listeners.find((l) => l.inputs.port === 443)!.inputs;
    expect(httpsL.protocol).toBe("HTTPS");
    expect(httpsL.sslPolicy).toBe(DEFAULT_SSL_POLICY);
    expect(DEFAULT_SSL_POLICY).toBe("ELBSecurityPolicy-TLS13-1-2-2021-06");
    expect(httpsL.certificateArn).toBe(base.certificateArn);
    expect(httpsL).toMatchObject({
      routingHttpResponseStrictTransportSecurityHeaderValue: "max-age=63072000; includeSubDomains",
      routingHttpResponseXContentTypeOptionsHeaderValue: "nosniff",
      routingHttpResponseXFrameOptionsHeaderValue: "DENY",
      routingHttpResponseServerEnabled: false,
    });
    expect(httpsL.defaultActions).toEqual([
      {
        type: "fixed-response",
        fixedResponse: { contentType: "text/plain", messageBody: "Not Found", statusCode: "404" },
      },
    ]);
    const httpL = listeners.find((l) => l.inputs.port === 80)!.inputs;
    expect(httpL.protocol).toBe("HTTP");
    expect(httpL.defaultActions).toEqual([
      { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
    ]);
  });

  test("outputs: https base URL on the domain, listener is the HTTPS one", async () => {
    expect(cluster.protocol).toBe("https");
    expect(await value(cluster.baseUrl)).toBe("https://api.example.com");
    const httpsL = of("prod", "aws:lb/listener:Listener").find((l) => l.inputs.port === 443)!;
    expect(await value(cluster.listenerArn)).toBe(httpsL.outputs.arn);
    expect(await value(cluster.privateSubnetIds)).toEqual(["subnet-app-a", "subnet-app-b"]);
    expect(cluster.containerPorts).toEqual([8080, 9090]);
  });

  test("ALB group: 443 and 80 from the internet (explicit); no egress until a service opens it", async () => {
    const albSgId = await value(cluster.albSecurityGroupId);
    const ingress = of("prod", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter(
      (r) => r.inputs.securityGroupId === albSgId,
    );
    expect(ingress.map((r) => [r.inputs.fromPort, r.inputs.cidrIpv4]).sort()).toEqual([
      [443, "0.0.0.0/0"],
      [80, "0.0.0.0/0"],
    ]);
    // Each API service adds the ALB's egress to its own group (service.test.ts); the cluster adds none.
    expect(of("prod", "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")).toEqual([]);
    // One group (the ALB's), no inline rules.
    const groups = of("prod", "aws:ec2/securityGroup:SecurityGroup");
    expect(groups).toHaveLength(1);
    for (const sg of groups) {
      expect(sg.inputs.ingress ?? []).toEqual([]);
      expect(sg.inputs.egress ?? []).toEqual([]);
    }
  });

  test("access-log bucket: private, owner-enforced, SSE-S3, versioned, expiring, TLS-only + ELB delivery policy", async () => {
    const bucket = one("prod", "aws:s3/bucket:Bucket");
    expect(bucket.inputs.forceDestroy).toBe(false);
    const id = bucket.outputs.bucket;
    expect(one("prod", "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs).toMatchObject({
      bucket: id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    expect(one("prod", "aws:s3/bucketOwnershipControls:BucketOwnershipControls").inputs.rule).toEqual({
      objectOwnership: "BucketOwnerEnforced",
    });
    expect(
      one("prod", "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration")
        .inputs.rules,
    ).toEqual([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
    expect(one("prod", "aws:s3/bucketVersioning:BucketVersioning").inputs.versioningConfiguration).toEqual({
      status: "Enabled",
    });
    const rules = one("prod", "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs
      .rules as Record<string, unknown>[];
    expect(rules.map((r) => r.id)).toEqual(["expire-noncurrent-versions", "expire-current-objects"]);
    expect(rules[1]).toEqual({
      id: "expire-current-objects",
      status: "Enabled",
      filter: {},
      expiration: { days: 90 },
    });
    expect(rules[0]).toMatchObject({ noncurrentVersionExpiration: { noncurrentDays: 7 } });
    const policy = JSON.parse(one("prod", "aws:s3/bucketPolicy:BucketPolicy").inputs.policy as string);
    const arn = bucket.outputs.arn as string;
    expect(policy.Statement).toEqual([
      expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
      expect.objectContaining({
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::156460612806:root" },
        Action: "s3:PutObject",
        Resource: `${arn}/alb/AWSLogs/123456789012/*`,
      }),
    ]);
  });
});

describe("Cluster without a certificate (staging-like, behind CloudFront)", () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await build("stg", {
      vpcId: "vpc-2",
      publicSubnetIds: ["p1", "p2"],
      privateSubnetIds: ["a1"],
      allowPlainHttp: true,
      ingressPrefixListIds: ["pl-cloudfront"],
      deletionProtection: false,
      containerInsights: "enhanced",
      accessLogRetentionDays: 30,
    });
  });

  test("one plain HTTP listener on 80 with no redirect, and an http base URL on the ALB name", async () => {
    const listeners = of("stg", "aws:lb/listener:Listener");
    expect(listeners).toHaveLength(1);
    expect(listeners[0].inputs).toMatchObject({ port: 80, protocol: "HTTP" });
    expect(listeners[0].inputs.certificateArn).toBeUndefined();
    expect(cluster.protocol).toBe("http");
    expect(await value(cluster.baseUrl)).toBe("http://stg-alb-1234567890.eu-west-1.elb.amazonaws.com");
  });

  test("ingress only from the prefix list on port 80; nothing from 0.0.0.0/0", async () => {
    const albSgId = await value(cluster.albSecurityGroupId);
    const ingress = of("stg", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter(
      (r) => r.inputs.securityGroupId === albSgId,
    );
    expect(ingress.map((r) => [r.inputs.fromPort, r.inputs.prefixListId, r.inputs.cidrIpv4])).toEqual([
      [80, "pl-cloudfront", undefined],
    ]);
  });

  test("staging-like args: no deletion protection, enhanced insights, 30-day logs", () => {
    expect(one("stg", "aws:lb/loadBalancer:LoadBalancer").inputs.enableDeletionProtection).toBe(false);
    expect(one("stg", "aws:ecs/cluster:Cluster").inputs.settings).toEqual([
      { name: "containerInsights", value: "enhanced" },
    ]);
    const rules = one("stg", "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs
      .rules as Record<string, unknown>[];
    expect(rules[1]).toMatchObject({ id: "expire-current-objects", expiration: { days: 30 } });
  });
});

describe("Cluster validation", () => {
  test.each<[string, Partial<ClusterArgs>, string]>([
    ["no VPC", { vpcId: "" }, "args.vpcId: required"],
    [
      "one public subnet",
      { publicSubnetIds: ["p1"] },
      "args.publicSubnetIds: an ALB needs at least two public subnets",
    ],
    ["no private subnet", { privateSubnetIds: [] }, "args.privateSubnetIds: at least one private subnet"],
    [
      "no certificate and no explicit plain HTTP",
      { certificateArn: undefined, domainName: undefined },
      "args.certificateArn: required for HTTPS; without a certificate set args.allowPlainHttp: true",
    ],
    [
      "domain without certificate",
      { certificateArn: undefined, allowPlainHttp: true },
      "args.domainName: a domain name needs args.certificateArn",
    ],
    [
      "no ingress source",
      { allowPublicIngress: false },
      "args.allowPublicIngress: the ALB has no ingress source",
    ],
    [
      "0.0.0.0/0 smuggled through ingressCidrBlocks",
      { allowPublicIngress: false, ingressCidrBlocks: ["0.0.0.0/0"] },
      "args.ingressCidrBlocks[0]: use args.allowPublicIngress: true",
    ],
    ["bad CIDR", { ingressCidrBlocks: ["10.0.0.0/33"] }, "args.ingressCidrBlocks[0]: not an IPv4 CIDR block"],
    ["bad port", { containerPorts: [0] }, "args.containerPorts[0]: must be an integer from 1 to 65535"],
    ["duplicate ports", { containerPorts: [80, 80] }, "args.containerPorts: ports must be distinct"],
    ["no ports", { containerPorts: [] }, "args.containerPorts: at least one port"],
    [
      "old TLS policy",
      { sslPolicy: "ELBSecurityPolicy-2016-08" },
      "args.sslPolicy: must be a TLS 1.3 policy",
    ],
    ["retention", { accessLogRetentionDays: 0 }, "args.accessLogRetentionDays: must be a positive integer"],
    [
      "idle timeout",
      { idleTimeoutSeconds: 5000 },
      "args.idleTimeoutSeconds: must be an integer from 1 to 4000",
    ],
  ])("%s", (_title, override, message) => {
    expect(() => new Cluster(`bad-${Math.random().toString(36).slice(2)}`, { ...base, ...override })).toThrow(
      message,
    );
  });
});
