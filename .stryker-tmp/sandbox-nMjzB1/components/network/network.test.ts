// @ts-nocheck
import * as pulumi from "@pulumi/pulumi";
import { createMocks, type MockRegistration } from "../../automation/engine/mocks";
import { value } from "../../test/harness/pulumi";
import { InputError } from "../../lib/errors";
import { Network, selectAvailabilityZones, type NetworkArgs } from "./network";

const { mocks, registrations } = createMocks({ region: "eu-west-1" });
/** Invokes the component makes (data sources), recorded around the shared mocks. */
const calls: pulumi.runtime.MockCallArgs[] = [];
pulumi.runtime.setMocks(
  {
    newResource: (args) => mocks.newResource(args),
    call: (args) => {
      calls.push(args);
      return mocks.call(args);
    },
  },
  "slipway",
  "staging",
  false,
);

/** Registrations of `type` whose name starts with `prefix`, once `count` of them exist (registration is async). */
async function registered(type: string, prefix: string, count = 1): Promise<MockRegistration[]> {
  for (let i = 0; i < 200; i++) {
    const found = registrations.filter((r) => r.type === type && r.name.startsWith(prefix));
    if (found.length >= count) return found;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`expected ${count} ${type} registered under ${prefix}`);
}

async function one(type: string, name: string): Promise<MockRegistration> {
  const [r] = await registered(type, name);
  expect(r.name).toBe(name);
  return r;
}

/** Build a network and wait until everything under it is registered. */
async function build(name: string, args: NetworkArgs): Promise<Network> {
  const net = new Network(name, args);
  await value(
    pulumi.all([
      net.vpcId,
      net.publicSubnetIds,
      net.privateSubnetIds,
      net.isolatedSubnetIds,
      net.natGatewayIds,
    ]),
  );
  await value(net.flowLogGroupName);
  return net;
}

const T = {
  vpc: "aws:ec2/vpc:Vpc",
  subnet: "aws:ec2/subnet:Subnet",
  nat: "aws:ec2/natGateway:NatGateway",
  eip: "aws:ec2/eip:Eip",
  rt: "aws:ec2/routeTable:RouteTable",
  rta: "aws:ec2/routeTableAssociation:RouteTableAssociation",
  defaultSg: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
  sg: "aws:ec2/securityGroup:SecurityGroup",
  flowLog: "aws:ec2/flowLog:FlowLog",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
};

describe("Network: staging-like (2 AZs, one shared NAT)", () => {
  let net: Network;
  beforeAll(async () => {
    net = await build("stg", {
      cidrBlock: "10.10.0.0/16",
      azCount: 2,
      natGateways: "single",
      flowLogs: { retentionInDays: 30 },
    });
  });

  test("VPC with DNS, subnets per tier in 2 AZs from the CIDR layout, no public IPs on launch", async () => {
    const vpc = await one(T.vpc, "stg-vpc");
    expect(vpc.inputs).toMatchObject({
      cidrBlock: "10.10.0.0/16",
      enableDnsHostnames: true,
      enableDnsSupport: true,
    });
    const subnets = await registered(T.subnet, "stg-", 6);
    expect(subnets).toHaveLength(6);
    for (const s of subnets) expect(s.inputs.mapPublicIpOnLaunch).toBe(false);
    const byName = Object.fromEntries(subnets.map((s) => [s.name, s.inputs]));
    expect(byName["stg-private-1"]).toMatchObject({
      cidrBlock: "10.10.0.0/20",
      availabilityZone: "eu-west-1a",
    });
    expect(byName["stg-private-2"]).toMatchObject({
      cidrBlock: "10.10.16.0/20",
      availabilityZone: "eu-west-1b",
    });
    expect(byName["stg-public-1"]).toMatchObject({
      cidrBlock: "10.10.32.0/22",
      availabilityZone: "eu-west-1a",
    });
    expect(byName["stg-isolated-2"]).toMatchObject({
      cidrBlock: "10.10.44.0/22",
      availabilityZone: "eu-west-1b",
    });
    expect(net.subnetCidrs.isolated).toEqual(["10.10.40.0/22", "10.10.44.0/22"]);
    expect(await value(net.availabilityZones)).toEqual(["eu-west-1a", "eu-west-1b"]);
    expect(await value(net.cidrBlock)).toBe("10.10.0.0/16");
  });

  test("zones are looked up among the region's regular (not opt-in) available zones", () => {
    const lookups = calls.filter((c) => c.token === "aws:index/getAvailabilityZones:getAvailabilityZones");
    expect(lookups.length).toBeGreaterThan(0);
    expect(lookups[0].inputs).toEqual({
      state: "available",
      filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }],
    });
  });

  test("one NAT gateway in the first public subnet; both private route tables use it", async () => {
    const nats = await registered(T.nat, "stg-nat");
    expect(nats).toHaveLength(1);
    expect(nats[0].inputs).toMatchObject({ subnetId: "stg-public-1-id", allocationId: "stg-nat-eip-1-id" });
    expect((await registered(T.eip, "stg-nat-eip")).map((e) => e.inputs.domain)).toEqual(["vpc"]);
    expect(await value(net.natGatewayIds)).toEqual(["stg-nat-1-id"]);
    for (const n of [1, 2]) {
      const rt = await one(T.rt, `stg-private-rt-${n}`);
      expect(rt.inputs.routes).toEqual([
        expect.objectContaining({ cidrBlock: "0.0.0.0/0", natGatewayId: "stg-nat-1-id" }),
      ]);
      const rta = await one(T.rta, `stg-private-rta-${n}`);
      expect(rta.inputs).toMatchObject({
        subnetId: `stg-private-${n}-id`,
        routeTableId: `stg-private-rt-${n}-id`,
      });
    }
  });

  test("public route table goes to the internet gateway; isolated route table has no routes at all", async () => {
    const pub = await one(T.rt, "stg-public-rt");
    expect(pub.inputs.routes).toEqual([
      expect.objectContaining({ cidrBlock: "0.0.0.0/0", gatewayId: "stg-igw-id" }),
    ]);
    const iso = await one(T.rt, "stg-isolated-rt");
    expect(iso.inputs.routes ?? []).toEqual([]);
    const isoAssoc = await registered(T.rta, "stg-isolated-rta", 2);
    expect(isoAssoc.map((a) => a.inputs.routeTableId)).toEqual(["stg-isolated-rt-id", "stg-isolated-rt-id"]);
  });

  test("the default security group is managed with no ingress and no egress rules", async () => {
    const sg = await one(T.defaultSg, "stg-default-sg");
    expect(sg.inputs.vpcId).toBe("stg-vpc-id");
    expect(sg.inputs.ingress).toEqual([]);
    expect(sg.inputs.egress).toEqual([]);
  });

  test("flow logs: ALL traffic to a CloudWatch log group with retention, through a least-privilege role", async () => {
    const group = await one(T.logGroup, "stg-flow-logs");
    expect(group.inputs.retentionInDays).toBe(30);
    expect(group.inputs.kmsKeyId).toBeUndefined();
    const flow = await one(T.flowLog, "stg-flow-log");
    expect(flow.inputs).toMatchObject({
      vpcId: "stg-vpc-id",
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: group.outputs.arn,
      iamRoleArn: "arn:aws:iam::123456789012:role/stg-flow-logs-role",
    });
    const role = await one(T.role, "stg-flow-logs-role");
    const trust = JSON.parse(String(role.inputs.assumeRolePolicy));
    expect(trust.Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "vpc-flow-logs.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { ArnLike: { "aws:SourceArn": "arn:aws:ec2:eu-west-1:123456789012:vpc-flow-log/*" } },
      },
    ]);
    const policy = JSON.parse(String((await one(T.rolePolicy, "stg-flow-logs-policy")).inputs.policy));
    expect(policy.Statement).toHaveLength(1);
    expect(policy.Statement[0].Action).toEqual([
      "logs:CreateLogStream",
      "logs:PutLogEvents",
      "logs:DescribeLogStreams",
    ]);
    expect(policy.Statement[0].Resource).toEqual([group.outputs.arn, `${String(group.outputs.arn)}:*`]);
    expect(JSON.stringify(policy)).not.toContain('"*"');
  });

  test("no endpoints unless asked", async () => {
    expect(registrations.filter((r) => r.type === T.endpoint && r.name.startsWith("stg-"))).toEqual([]);
    expect(net.endpointSecurityGroupId).toBeUndefined();
  });

  test("outputs: subnet id lists per tier", async () => {
    expect(await value(net.publicSubnetIds)).toEqual(["stg-public-1-id", "stg-public-2-id"]);
    expect(await value(net.privateSubnetIds)).toEqual(["stg-private-1-id", "stg-private-2-id"]);
    expect(await value(net.isolatedSubnetIds)).toEqual(["stg-isolated-1-id", "stg-isolated-2-id"]);
    expect(await value(net.vpcId)).toBe("stg-vpc-id");
  });
});

describe("Network: production-like (3 AZs, NAT per AZ, endpoints, KMS flow logs)", () => {
  let net: Network;
  beforeAll(async () => {
    net = await build("prd", {
      azCount: 3,
      natGateways: "perAz",
      flowLogs: { retentionInDays: 365, kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/logs" },
      endpoints: { s3Gateway: true, interfaceServices: ["ecr.api", "ecr.dkr", "secretsmanager", "logs"] },
    });
  });

  test("defaults: 10.0.0.0/16, three AZs, one NAT per AZ and each private route table uses its own", async () => {
    expect((await one(T.vpc, "prd-vpc")).inputs.cidrBlock).toBe("10.0.0.0/16");
    expect(await value(net.availabilityZones)).toEqual(["eu-west-1a", "eu-west-1b", "eu-west-1c"]);
    const nats = await registered(T.nat, "prd-nat-", 3);
    expect(nats.map((n) => n.inputs.subnetId)).toEqual([
      "prd-public-1-id",
      "prd-public-2-id",
      "prd-public-3-id",
    ]);
    for (const n of [1, 2, 3]) {
      const rt = await one(T.rt, `prd-private-rt-${n}`);
      expect(rt.inputs.routes).toEqual([expect.objectContaining({ natGatewayId: `prd-nat-${n}-id` })]);
    }
    const subnets = await registered(T.subnet, "prd-", 9);
    expect(subnets.every((s) => s.inputs.mapPublicIpOnLaunch === false)).toBe(true);
  });

  test("flow log group is KMS-encrypted with the given key and kept for the given retention", async () => {
    const group = await one(T.logGroup, "prd-flow-logs");
    expect(group.inputs).toMatchObject({
      retentionInDays: 365,
      kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/logs",
    });
  });

  test("S3 gateway endpoint on the private and isolated route tables", async () => {
    const s3 = await one(T.endpoint, "prd-s3-endpoint");
    expect(s3.inputs).toMatchObject({
      serviceName: "com.amazonaws.eu-west-1.s3",
      vpcEndpointType: "Gateway",
    });
    expect(s3.inputs.routeTableIds).toEqual([
      "prd-private-rt-1-id",
      "prd-private-rt-2-id",
      "prd-private-rt-3-id",
      "prd-isolated-rt-id",
    ]);
  });

  test("interface endpoints in the private subnets with private DNS and their own HTTPS-from-VPC group", async () => {
    const sg = await one(T.sg, "prd-endpoints-sg");
    expect(sg.inputs.ingress).toEqual([
      expect.objectContaining({ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/16"] }),
    ]);
    expect(sg.inputs.egress).toEqual([]);
    expect(await value(net.endpointSecurityGroupId!)).toBe("prd-endpoints-sg-id");
    const names = ["ecr-api", "ecr-dkr", "secretsmanager", "logs"];
    for (const n of names) {
      const ep = await one(T.endpoint, `prd-${n}-endpoint`);
      expect(ep.inputs).toMatchObject({
        serviceName: `com.amazonaws.eu-west-1.${n.replace("-", ".")}`,
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        subnetIds: ["prd-private-1-id", "prd-private-2-id", "prd-private-3-id"],
        securityGroupIds: ["prd-endpoints-sg-id"],
      });
    }
  });
});

describe("Network: no NAT and explicit zones", () => {
  test("natGateways none: no EIP/NAT, private route tables without a default route", async () => {
    const net = await build("iso", {
      azCount: 2,
      natGateways: "none",
      availabilityZones: ["eu-west-1c", "eu-west-1a"],
    });
    expect(await value(net.natGatewayIds)).toEqual([]);
    expect(registrations.filter((r) => r.name.startsWith("iso-nat"))).toEqual([]);
    expect((await one(T.rt, "iso-private-rt-1")).inputs.routes ?? []).toEqual([]);
    expect(await value(net.availabilityZones)).toEqual(["eu-west-1c", "eu-west-1a"]);
    expect((await one(T.subnet, "iso-public-1")).inputs.availabilityZone).toBe("eu-west-1c");
  });

  test("tags: extra tags and a Name on every resource", async () => {
    await build("tg", { azCount: 2, natGateways: "single", tags: { team: "platform" } });
    const vpc = await one(T.vpc, "tg-vpc");
    expect(vpc.inputs.tags).toEqual({ team: "platform", Name: "tg-vpc" });
    const sub = await one(T.subnet, "tg-private-1");
    expect(sub.inputs.tags).toEqual({ team: "platform", Name: "tg-private-1", "slipway:tier": "private" });
  });
});

describe("Network: validation errors name the argument path", () => {
  test.each<[string, NetworkArgs, string, RegExp]>([
    ["azCount 0", { azCount: 0 }, "args.azCount", /0 is not an integer between 1 and 6/],
    ["azCount 7", { azCount: 7 }, "args.azCount", /between 1 and 6/],
    [
      "zones vs count",
      { azCount: 3, availabilityZones: ["eu-west-1a", "eu-west-1b"] },
      "args.availabilityZones",
      /has 2 zones but args.azCount is 3/,
    ],
    [
      "bad zone name",
      { azCount: 2, availabilityZones: ["eu-west-1a", "west"] },
      "args.availabilityZones[1]",
      /"west" is not an availability zone/,
    ],
    [
      "duplicate zone",
      { azCount: 2, availabilityZones: ["eu-west-1a", "eu-west-1a"] },
      "args.availabilityZones",
      /duplicates/,
    ],
    ["bad cidr", { cidrBlock: "10.0.0.0" }, "args.cidrBlock", /not an IPv4 CIDR/],
    ["host bits", { cidrBlock: "10.0.0.1/16" }, "args.cidrBlock", /host bits set/],
    ["vpc too large", { cidrBlock: "10.0.0.0/8" }, "args.cidrBlock", /outside the AWS VPC range/],
    [
      "subnet prefix",
      { subnetPrefixLengths: { private: 30 } },
      "args.subnetPrefixLengths.private",
      /between the VPC prefix/,
    ],
    [
      "does not fit",
      { cidrBlock: "10.0.0.0/24", azCount: 3, subnetPrefixLengths: { private: 25 } },
      "args.subnetPrefixLengths",
      /need \d+ addresses/,
    ],
    [
      "nat mode",
      { natGateways: "two" as never },
      "args.natGateways",
      /"two" is not one of perAz, single, none/,
    ],
    [
      "retention",
      { flowLogs: { retentionInDays: 0 } },
      "args.flowLogs.retentionInDays",
      /not a CloudWatch Logs retention period/,
    ],
    ["retention 10", { flowLogs: { retentionInDays: 10 } }, "args.flowLogs.retentionInDays", /10 is not/],
    ["traffic", { flowLogs: { trafficType: "SOME" as never } }, "args.flowLogs.trafficType", /"SOME"/],
    [
      "endpoint",
      { endpoints: { interfaceServices: ["ec2" as never] } },
      "args.endpoints.interfaceServices[0]",
      /"ec2" is not a supported/,
    ],
    [
      "endpoint dup",
      { endpoints: { interfaceServices: ["logs", "logs"] } },
      "args.endpoints.interfaceServices",
      /duplicates/,
    ],
  ])("%s", (_label, args, field, message) => {
    let error: unknown;
    try {
      new Network("bad", args);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).field).toBe(field);
    expect((error as InputError).file).toBe('slipway:network:Network "bad"');
    expect((error as InputError).problem).toMatch(message);
    expect((error as InputError).fix.length).toBeGreaterThan(0);
  });
});

describe("selectAvailabilityZones", () => {
  test("the first N zones in name order", () => {
    expect(selectAvailabilityZones("n", ["eu-west-1c", "eu-west-1a", "eu-west-1b"], 2)).toEqual([
      "eu-west-1a",
      "eu-west-1b",
    ]);
  });

  test("too few zones in the region is an input error on args.azCount", () => {
    let error: unknown;
    try {
      selectAvailabilityZones("n", ["us-west-1a", "us-west-1c"], 3);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).field).toBe("args.azCount");
    expect((error as InputError).problem).toBe(
      "3 zones asked but the region has 2 available (us-west-1a, us-west-1c)",
    );
  });
});
