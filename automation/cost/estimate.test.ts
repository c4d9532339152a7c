import type { CapturedResource } from "../engine/types";
import { estimateCost, priceResource, runsPerMonth, taskDefinitionOf } from "./estimate";
import { PRICE_TABLE_DATE, PRICES } from "./prices";

function res(
  type: string,
  name: string,
  inputs: Record<string, unknown> = {},
  extra: Partial<CapturedResource> = {},
): CapturedResource {
  return {
    type,
    name,
    urn: `urn:pulumi:s::p::${type}::${name}`,
    custom: true,
    inputs,
    outputs: { ...inputs, arn: `arn:${name}` },
    secretPaths: [],
    dependencies: [],
    ...extra,
  };
}

describe("priceResource: fixed prices", () => {
  test.each([
    ["NAT gateway us-east-1", res("aws:ec2/natGateway:NatGateway", "nat"), "us-east-1", 32.85],
    ["NAT gateway eu-central-1", res("aws:ec2/natGateway:NatGateway", "nat"), "eu-central-1", 37.96],
    ["Elastic IP", res("aws:ec2/eip:Eip", "eip"), "eu-west-1", 3.65],
    [
      "ALB eu-west-1",
      res("aws:lb/loadBalancer:LoadBalancer", "alb", { loadBalancerType: "application" }),
      "eu-west-1",
      18.4,
    ],
    ["ALB default type", res("aws:lb/loadBalancer:LoadBalancer", "alb"), "us-east-1", 16.43],
    [
      "RDS db.t4g.small single-AZ 20 GB gp3 us-east-1",
      res("aws:rds/instance:Instance", "db", {
        instanceClass: "db.t4g.small",
        allocatedStorage: 20,
        storageType: "gp3",
      }),
      "us-east-1",
      23.36 + 2.3,
    ],
    [
      "RDS db.m6g.large Multi-AZ 100 GB gp3 eu-west-1",
      res("aws:rds/instance:Instance", "db", {
        instanceClass: "db.m6g.large",
        multiAz: true,
        allocatedStorage: 100,
        storageType: "gp3",
      }),
      "eu-west-1",
      0.168 * 2 * 730 + 100 * 0.127 * 2,
    ],
    ["KMS key", res("aws:kms/key:Key", "k"), "eu-central-1", 1],
    ["secret", res("aws:secretsmanager/secret:Secret", "s"), "us-east-1", 0.4],
    ["standard alarm", res("aws:cloudwatch/metricAlarm:MetricAlarm", "a", { period: 60 }), "us-east-1", 0.1],
    [
      "high-resolution alarm",
      res("aws:cloudwatch/metricAlarm:MetricAlarm", "a", { period: 10 }),
      "us-east-1",
      0.3,
    ],
    [
      "metric-math alarm on 2 metrics",
      res("aws:cloudwatch/metricAlarm:MetricAlarm", "a", {
        metricQueries: [{ metric: {} }, { metric: {} }, { expression: "m1/m2" }],
      }),
      "us-east-1",
      0.2,
    ],
    ["dashboard", res("aws:cloudwatch/dashboard:Dashboard", "d"), "eu-west-1", 3],
    [
      "canary every 5 minutes",
      res("aws:synthetics/canary:Canary", "c", { schedule: { expression: "rate(5 minutes)" } }),
      "us-east-1",
      8760 * 0.0012,
    ],
    [
      "interface endpoint in 3 AZs",
      res("aws:ec2/vpcEndpoint:VpcEndpoint", "ecr", {
        vpcEndpointType: "Interface",
        subnetIds: ["a", "b", "c"],
      }),
      "eu-west-1",
      3 * 0.011 * 730,
    ],
    ["hosted zone", res("aws:route53/zone:Zone", "z"), "us-east-1", 0.5],
    [
      "health check on an ALB",
      res("aws:route53/healthCheck:HealthCheck", "h", { fqdn: "x.eu-west-1.elb.amazonaws.com" }),
      "eu-west-1",
      0.5,
    ],
    [
      "health check elsewhere",
      res("aws:route53/healthCheck:HealthCheck", "h", { fqdn: "example.com" }),
      "eu-west-1",
      0.75,
    ],
  ])("%s", (_name, r, region, expected) => {
    const item = priceResource(r, region);
    expect(item.pricing).toBe("fixed");
    expect(item.monthlyUsd).toBeCloseTo(expected, 2);
    expect(item.basis.length).toBeGreaterThan(10);
  });
});

describe("priceResource: Fargate services use their task definition", () => {
  const def = res("aws:ecs/taskDefinition:TaskDefinition", "api-task", {
    cpu: "512",
    memory: "1024",
    family: "api",
  });
  test("x86 by task definition ARN", () => {
    const svc = res("aws:ecs/service:Service", "api", {
      launchType: "FARGATE",
      desiredCount: 2,
      taskDefinition: "arn:api-task",
    });
    expect(taskDefinitionOf(svc, [def, svc])).toBe(def);
    const item = priceResource(svc, "us-east-1", [def, svc]);
    expect(item.monthlyUsd).toBeCloseTo(2 * (0.5 * 0.04048 + 1 * 0.004445) * 730, 2);
    expect(item.basis).toContain("2 task(s)");
  });
  test("ARM through dependencies and capacity providers", () => {
    const arm = res("aws:ecs/taskDefinition:TaskDefinition", "w", {
      cpu: "256",
      memory: "512",
      runtimePlatform: { cpuArchitecture: "ARM64" },
    });
    const svc = res(
      "aws:ecs/service:Service",
      "worker",
      { capacityProviderStrategies: [{ capacityProvider: "FARGATE" }], desiredCount: 1 },
      { dependencies: [arm.urn] },
    );
    expect(priceResource(svc, "eu-central-1", [arm, svc]).monthlyUsd).toBeCloseTo(
      (0.25 * 0.03725 + 0.5 * 0.00409) * 730,
      2,
    );
  });
  test("no task size -> unpriced; EC2 launch type -> unpriced", () => {
    expect(
      priceResource(res("aws:ecs/service:Service", "s", { launchType: "FARGATE" }), "us-east-1").pricing,
    ).toBe("unpriced");
    expect(
      priceResource(res("aws:ecs/service:Service", "s", { launchType: "EC2" }), "us-east-1").pricing,
    ).toBe("unpriced");
  });
});

describe("priceResource: other classes", () => {
  test.each([
    ["aws:s3/bucket:Bucket", "usage_priced"],
    ["aws:cloudfront/distribution:Distribution", "usage_priced"],
    ["aws:cloudwatch/logGroup:LogGroup", "usage_priced"],
    ["aws:ec2/vpc:Vpc", "free"],
    ["aws:iam/role:Role", "free"],
    ["aws:sagemaker/endpoint:Endpoint", "unpriced"],
  ])("%s is %s", (type, pricing) => {
    expect(priceResource(res(type, "x"), "us-east-1").pricing).toBe(pricing);
  });
  test("gateway endpoints are free", () => {
    expect(
      priceResource(res("aws:ec2/vpcEndpoint:VpcEndpoint", "s3", { vpcEndpointType: "Gateway" }), "us-east-1")
        .pricing,
    ).toBe("free");
  });
  test("an unknown instance class is unpriced, not guessed", () => {
    expect(
      priceResource(res("aws:rds/instance:Instance", "db", { instanceClass: "db.x2g.16xlarge" }), "us-east-1")
        .pricing,
    ).toBe("unpriced");
  });
  test("a region outside the table leaves fixed-price resources unpriced", () => {
    const item = priceResource(res("aws:ec2/natGateway:NatGateway", "nat"), "ap-south-1");
    expect(item).toMatchObject({ pricing: "unpriced", monthlyUsd: 0 });
    expect(item.basis).toContain("ap-south-1");
  });
});

test("runsPerMonth", () => {
  expect(runsPerMonth("rate(5 minutes)")).toBe(8760);
  expect(runsPerMonth("rate(1 hour)")).toBe(730);
  expect(runsPerMonth("rate(0 minute)")).toBe(1);
  expect(runsPerMonth("cron(0 12 * * ? *)")).toBeUndefined();
});

test("estimateCost sums fixed items, skips components and providers, and is dated", () => {
  const resources = [
    res("aws:ec2/natGateway:NatGateway", "nat"),
    res("aws:kms/key:Key", "k"),
    res("aws:s3/bucket:Bucket", "b"),
    res("slipway:network:Network", "net", {}, { custom: false }),
    res("pulumi:providers:aws", "east"),
  ];
  const e = estimateCost(resources, "us-east-1");
  expect(e.monthlyUsd).toBeCloseTo(33.85, 2);
  expect(e.items.map((i) => i.name).sort()).toEqual(["b", "k", "nat"]);
  expect(e.counts).toEqual({ fixed: 2, usage_priced: 1, free: 0, unpriced: 0 });
  expect(e.priceTableDate).toBe(PRICE_TABLE_DATE);
  expect(e.regionPriced).toBe(true);
});

test("the table covers the three required regions with every price (ElastiCache nodes: us-east-1 only so far)", () => {
  const partial = ["elasticacheRedisOssHour"];
  const keys = Object.keys(PRICES["us-east-1"])
    .filter((k) => !partial.includes(k))
    .sort();
  expect(Object.keys(PRICES["us-east-1"])).toEqual(expect.arrayContaining(partial));
  for (const region of ["us-east-1", "eu-west-1", "eu-central-1"]) {
    expect(
      Object.keys(PRICES[region])
        .filter((k) => !partial.includes(k))
        .sort(),
    ).toEqual(keys);
    for (const v of Object.values(PRICES[region])) {
      if (typeof v === "number") expect(v).toBeGreaterThan(0);
    }
  }
});

describe("priceResource: caches and queues", () => {
  const group = (nodeType: string, numCacheClusters: number, engine = "valkey") =>
    res("aws:elasticache/replicationGroup:ReplicationGroup", "cache", { nodeType, numCacheClusters, engine });

  it("a Valkey replication group: nodes x node-hour price (0.8 x Redis OSS) x 730 h", () => {
    const item = priceResource(group("cache.r7g.large", 2), "us-east-1");
    expect(item.pricing).toBe("fixed");
    expect(item.monthlyUsd).toBeCloseTo(2 * 0.219 * 0.8 * 730, 2); // 255.79
    expect(item.basis).toContain("2 x ");
    expect(priceResource(group("cache.t4g.micro", 1, "redis"), "us-east-1").monthlyUsd).toBeCloseTo(11.68, 2);
  });

  it("a node type or region the table lacks is unpriced, saying which", () => {
    expect(priceResource(group("cache.r7g.large", 2), "eu-west-1")).toMatchObject({
      pricing: "unpriced",
      basis: expect.stringContaining("2 x cache.r7g.large valkey node(s)"),
    });
    expect(priceResource(group("cache.x9.huge", 1), "us-east-1").pricing).toBe("unpriced");
  });

  it("SQS queues are usage-priced; queue policies, subnet and parameter groups are free", () => {
    expect(priceResource(res("aws:sqs/queue:Queue", "q"), "eu-west-1").pricing).toBe("usage_priced");
    for (const t of [
      "aws:sqs/queuePolicy:QueuePolicy",
      "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy",
      "aws:elasticache/subnetGroup:SubnetGroup",
      "aws:elasticache/parameterGroup:ParameterGroup",
    ])
      expect(priceResource(res(t, "x"), "eu-west-1").pricing).toBe("free");
  });
});
