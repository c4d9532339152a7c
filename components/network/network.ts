/**
 * `slipway:network:Network`: a VPC across N availability zones with public, private (app) and isolated
 * (db) subnets, internet and NAT gateways, route tables, VPC flow logs, a locked-down default security
 * group and optional VPC endpoints.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { InputError } from "../../lib/errors";
import {
  CidrLayoutError,
  defaultPrefixLengths,
  layoutSubnets,
  parseCidr,
  type SubnetLayout,
  type SubnetTier,
} from "./cidr";

/** How many NAT gateways the private subnets use for egress. */
export type NatGatewayMode = "perAz" | "single" | "none";

/** Interface VPC endpoints the component can create (AWS service suffixes). */
export type InterfaceEndpointService = "ecr.api" | "ecr.dkr" | "secretsmanager" | "logs";

/** The interface endpoint services accepted in `args.endpoints.interfaceServices`. */
export const INTERFACE_ENDPOINT_SERVICES: readonly InterfaceEndpointService[] = [
  "ecr.api",
  "ecr.dkr",
  "secretsmanager",
  "logs",
];

/** Flow log settings. */
export interface FlowLogArgs {
  /**
   * Days CloudWatch Logs keeps the flow logs.
   * @default 90
   * @example 30
   */
  readonly retentionInDays?: number;
  /**
   * KMS key ARN that encrypts the flow log group (the key policy must allow CloudWatch Logs).
   * @default undefined (CloudWatch Logs' own encryption)
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /**
   * Which traffic is logged.
   * @default "ALL"
   */
  readonly trafficType?: "ALL" | "ACCEPT" | "REJECT";
}

/** Optional VPC endpoints. */
export interface VpcEndpointArgs {
  /**
   * Create the S3 gateway endpoint on the private and isolated route tables (ECR image layers come from S3).
   * @default false
   */
  readonly s3Gateway?: boolean;
  /**
   * Interface endpoints in the private subnets, with private DNS and their own security group that admits
   * HTTPS (443) from the VPC CIDR only.
   * @default []
   * @example ["ecr.api", "ecr.dkr", "secretsmanager", "logs"]
   */
  readonly interfaceServices?: readonly InterfaceEndpointService[];
}

/** Arguments of {@link Network}. */
export interface NetworkArgs {
  /**
   * VPC IPv4 CIDR, /16../28, network address aligned.
   * @default "10.0.0.0/16"
   * @example "10.20.0.0/16"
   */
  readonly cidrBlock?: string;
  /**
   * Number of availability zones (one subnet per tier in each): 2 for staging-like, 3 for production-like.
   * @default 3
   * @example 2
   */
  readonly azCount?: number;
  /**
   * Explicit availability zone names (length must equal `azCount`). When absent, the first `azCount`
   * available zones of the region are used.
   * @default undefined (looked up)
   * @example ["eu-west-1a", "eu-west-1b"]
   */
  readonly availabilityZones?: readonly string[];
  /**
   * Prefix lengths of each tier's subnets.
   * @default private: VPC prefix + 4, public and isolated: VPC prefix + 6 (a /16 gives /20 and /22), at most /28
   * @example { public: 24, private: 20, isolated: 24 }
   */
  readonly subnetPrefixLengths?: Partial<Readonly<Record<SubnetTier, number>>>;
  /**
   * NAT gateways for the private subnets' egress: `perAz` (highly available, production-like), `single`
   * (one shared, staging-like), `none` (no internet egress; use VPC endpoints).
   * @default "perAz"
   */
  readonly natGateways?: NatGatewayMode;
  /** VPC flow logs to CloudWatch Logs (always on). @default { retentionInDays: 90, trafficType: "ALL" } */
  readonly flowLogs?: FlowLogArgs;
  /** Optional VPC endpoints. @default none */
  readonly endpoints?: VpcEndpointArgs;
  /**
   * Extra tags on every resource (the provider's default tags carry project/environment/owner).
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

const VALID_RETENTION = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** Validated and defaulted args. */
interface ResolvedNetworkArgs {
  cidrBlock: string;
  azCount: number;
  availabilityZones?: readonly string[];
  layout: SubnetLayout;
  natGateways: NatGatewayMode;
  flowLogs: {
    retentionInDays: number;
    kmsKeyArn?: pulumi.Input<string>;
    trafficType: "ALL" | "ACCEPT" | "REJECT";
  };
  endpoints: { s3Gateway: boolean; interfaceServices: readonly InterfaceEndpointService[] };
  tags: Readonly<Record<string, string>>;
}

const TYPE = "slipway:network:Network";

/** Validate args synchronously; errors name the argument path. Exported for tests and config validation. */
export function resolveNetworkArgs(name: string, args: NetworkArgs): ResolvedNetworkArgs {
  const fail = (field: string, problem: string, fix: string): never => {
    throw new InputError(`${TYPE} "${name}"`, field, problem, fix);
  };
  const cidrBlock = args.cidrBlock ?? "10.0.0.0/16";
  const azCount = args.azCount ?? 3;
  if (!Number.isInteger(azCount) || azCount < 1 || azCount > 6) {
    fail("args.azCount", `${azCount} is not an integer between 1 and 6`, "use 2 (staging) or 3 (production)");
  }
  if (args.availabilityZones !== undefined) {
    if (args.availabilityZones.length !== azCount) {
      fail(
        "args.availabilityZones",
        `has ${args.availabilityZones.length} zones but args.azCount is ${azCount}`,
        "list exactly azCount zone names or omit the list",
      );
    }
    args.availabilityZones.forEach((az, i) => {
      if (!/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/.test(az)) {
        fail(
          `args.availabilityZones[${i}]`,
          `"${az}" is not an availability zone name`,
          'use a name like "eu-west-1a"',
        );
      }
    });
    if (new Set(args.availabilityZones).size !== args.availabilityZones.length) {
      fail("args.availabilityZones", "contains duplicates", "list each zone once");
    }
  }
  let layout: SubnetLayout = { public: [], private: [], isolated: [] };
  try {
    const vpc = parseCidr(cidrBlock, "cidrBlock");
    const prefixLengths = { ...defaultPrefixLengths(vpc.prefix), ...(args.subnetPrefixLengths ?? {}) };
    layout = layoutSubnets({ vpcCidr: cidrBlock, azCount, prefixLengths });
  } catch (e) {
    if (!(e instanceof CidrLayoutError)) throw e;
    const field =
      e.path === "vpcCidr" || e.path === "cidrBlock"
        ? "args.cidrBlock"
        : e.path.startsWith("prefixLengths")
          ? `args.subnetPrefixLengths${e.path.slice("prefixLengths".length)}`
          : `args.${e.path}`;
    fail(
      field,
      e.problem,
      "choose a VPC CIDR /16../28 and subnet prefixes that fit azCount subnets per tier",
    );
  }
  const natGateways = args.natGateways ?? "perAz";
  if (!["perAz", "single", "none"].includes(natGateways)) {
    fail(
      "args.natGateways",
      `"${natGateways}" is not one of perAz, single, none`,
      'use "single" (staging) or "perAz"',
    );
  }
  const retentionInDays = args.flowLogs?.retentionInDays ?? 90;
  if (!VALID_RETENTION.includes(retentionInDays)) {
    fail(
      "args.flowLogs.retentionInDays",
      `${retentionInDays} is not a CloudWatch Logs retention period (and never-expire is not allowed)`,
      `use one of ${VALID_RETENTION.join(", ")}`,
    );
  }
  const trafficType = args.flowLogs?.trafficType ?? "ALL";
  if (!["ALL", "ACCEPT", "REJECT"].includes(trafficType)) {
    fail("args.flowLogs.trafficType", `"${trafficType}" is not ALL, ACCEPT or REJECT`, 'use "ALL"');
  }
  const interfaceServices = args.endpoints?.interfaceServices ?? [];
  interfaceServices.forEach((s, i) => {
    if (!INTERFACE_ENDPOINT_SERVICES.includes(s)) {
      fail(
        `args.endpoints.interfaceServices[${i}]`,
        `"${s}" is not a supported interface endpoint`,
        `use one of ${INTERFACE_ENDPOINT_SERVICES.join(", ")}`,
      );
    }
  });
  if (new Set(interfaceServices).size !== interfaceServices.length) {
    fail("args.endpoints.interfaceServices", "contains duplicates", "list each service once");
  }
  return {
    cidrBlock,
    azCount,
    availabilityZones: args.availabilityZones,
    layout,
    natGateways,
    flowLogs: { retentionInDays, kmsKeyArn: args.flowLogs?.kmsKeyArn, trafficType },
    endpoints: { s3Gateway: args.endpoints?.s3Gateway ?? false, interfaceServices },
    tags: args.tags ?? {},
  };
}

/**
 * The first `azCount` zones of the region's available ones, in name order; throws an InputError naming
 * `args.azCount` when the region has fewer.
 */
export function selectAvailabilityZones(
  name: string,
  available: readonly string[],
  azCount: number,
): string[] {
  const sorted = [...available].sort();
  if (sorted.length < azCount) {
    throw new InputError(
      `${TYPE} "${name}"`,
      "args.azCount",
      `${azCount} zones asked but the region has ${sorted.length} available (${sorted.join(", ")})`,
      `use at most ${sorted.length} zones in this region`,
    );
  }
  return sorted.slice(0, azCount);
}

/** A VPC with three subnet tiers across N availability zones. */
export class Network extends pulumi.ComponentResource {
  /** VPC id. */
  readonly vpcId: pulumi.Output<string>;
  /** VPC IPv4 CIDR. */
  readonly cidrBlock: pulumi.Output<string>;
  /** Availability zones, in subnet order. */
  readonly availabilityZones: pulumi.Output<string[]>;
  /** Public subnets (load balancers, NAT gateways), one per AZ. */
  readonly publicSubnetIds: pulumi.Output<string[]>;
  /** Private (app) subnets with NAT egress, one per AZ. */
  readonly privateSubnetIds: pulumi.Output<string[]>;
  /** Isolated (db) subnets without any internet route, one per AZ. */
  readonly isolatedSubnetIds: pulumi.Output<string[]>;
  /** The planned subnet CIDRs per tier (pure layout, known at construction). */
  readonly subnetCidrs: SubnetLayout;
  /** NAT gateway ids (empty for `natGateways: "none"`). */
  readonly natGatewayIds: pulumi.Output<string[]>;
  /** Number of NAT gateways (known at construction: one alarm each). */
  readonly natGatewayCount: number;
  /** CloudWatch log group receiving the VPC flow logs. */
  readonly flowLogGroupName: pulumi.Output<string>;
  /** Security group of the interface endpoints, when any. */
  readonly endpointSecurityGroupId?: pulumi.Output<string>;

  constructor(name: string, args: NetworkArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super(TYPE, name, {}, opts);
    const a = resolveNetworkArgs(name, args);
    const parent = { parent: this };
    const tags = (role: string): Record<string, string> => ({ ...a.tags, Name: `${name}-${role}` });
    this.subnetCidrs = a.layout;

    const azs: pulumi.Output<string>[] = [];
    if (a.availabilityZones) {
      a.availabilityZones.forEach((az) => azs.push(pulumi.output(az)));
    } else {
      const available = aws.getAvailabilityZonesOutput(
        // Regular zones only: Local Zones and Wavelength Zones are opt-in and lack NAT/RDS Multi-AZ support.
        { state: "available", filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }] },
        parent,
      );
      const chosen = available.names.apply((names) => selectAvailabilityZones(name, names, a.azCount));
      for (let i = 0; i < a.azCount; i++) azs.push(chosen.apply((zones) => zones[i]));
    }

    const vpc = new aws.ec2.Vpc(
      `${name}-vpc`,
      { cidrBlock: a.cidrBlock, enableDnsHostnames: true, enableDnsSupport: true, tags: tags("vpc") },
      parent,
    );

    // The default security group: managed, with every rule removed (nothing may use it by accident).
    new aws.ec2.DefaultSecurityGroup(
      `${name}-default-sg`,
      { vpcId: vpc.id, ingress: [], egress: [], tags: tags("default-sg") },
      parent,
    );

    const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: tags("igw") }, parent);

    const subnet = (tier: SubnetTier, i: number): aws.ec2.Subnet =>
      new aws.ec2.Subnet(
        `${name}-${tier}-${i + 1}`,
        {
          vpcId: vpc.id,
          cidrBlock: a.layout[tier][i],
          availabilityZone: azs[i],
          mapPublicIpOnLaunch: false,
          tags: { ...tags(`${tier}-${i + 1}`), "slipway:tier": tier },
        },
        parent,
      );
    const range = [...Array(a.azCount).keys()];
    const publicSubnets = range.map((i) => subnet("public", i));
    const privateSubnets = range.map((i) => subnet("private", i));
    const isolatedSubnets = range.map((i) => subnet("isolated", i));

    // Public: one route table, default route to the internet gateway.
    const publicRt = new aws.ec2.RouteTable(
      `${name}-public-rt`,
      { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }], tags: tags("public-rt") },
      parent,
    );
    publicSubnets.forEach(
      (s, i) =>
        new aws.ec2.RouteTableAssociation(
          `${name}-public-rta-${i + 1}`,
          { subnetId: s.id, routeTableId: publicRt.id },
          parent,
        ),
    );

    // NAT gateways in the public subnets.
    const natCount = a.natGateways === "perAz" ? a.azCount : a.natGateways === "single" ? 1 : 0;
    const nats = [...Array(natCount).keys()].map((i) => {
      const eip = new aws.ec2.Eip(
        `${name}-nat-eip-${i + 1}`,
        { domain: "vpc", tags: tags(`nat-eip-${i + 1}`) },
        parent,
      );
      return new aws.ec2.NatGateway(
        `${name}-nat-${i + 1}`,
        {
          allocationId: eip.id,
          subnetId: publicSubnets[i].id,
          connectivityType: "public",
          tags: tags(`nat-${i + 1}`),
        },
        { parent: this, dependsOn: [igw] },
      );
    });

    // Private: one route table per AZ, default route to that AZ's NAT (or the shared one).
    const privateRts = range.map((i) => {
      const nat = nats.length === 0 ? undefined : nats[Math.min(i, nats.length - 1)];
      const rt = new aws.ec2.RouteTable(
        `${name}-private-rt-${i + 1}`,
        {
          vpcId: vpc.id,
          routes: nat ? [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }] : [],
          tags: tags(`private-rt-${i + 1}`),
        },
        parent,
      );
      new aws.ec2.RouteTableAssociation(
        `${name}-private-rta-${i + 1}`,
        { subnetId: privateSubnets[i].id, routeTableId: rt.id },
        parent,
      );
      return rt;
    });

    // Isolated: one route table, local routes only.
    const isolatedRt = new aws.ec2.RouteTable(
      `${name}-isolated-rt`,
      { vpcId: vpc.id, routes: [], tags: tags("isolated-rt") },
      parent,
    );
    isolatedSubnets.forEach(
      (s, i) =>
        new aws.ec2.RouteTableAssociation(
          `${name}-isolated-rta-${i + 1}`,
          { subnetId: s.id, routeTableId: isolatedRt.id },
          parent,
        ),
    );

    // Flow logs: CloudWatch Logs with retention, a role that may write only to that log group.
    const flowLogGroup = new aws.cloudwatch.LogGroup(
      `${name}-flow-logs`,
      {
        namePrefix: `/slipway/vpc-flow-logs/${name}-`,
        retentionInDays: a.flowLogs.retentionInDays,
        kmsKeyId: a.flowLogs.kmsKeyArn,
        tags: tags("flow-logs"),
      },
      parent,
    );
    const flowLogRole = new aws.iam.Role(
      `${name}-flow-logs-role`,
      {
        assumeRolePolicy: vpc.arn.apply((vpcArn) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: { ArnLike: { "aws:SourceArn": vpcArn.replace(/:vpc\/.*$/, ":vpc-flow-log/*") } },
              },
            ],
          }),
        ),
        tags: tags("flow-logs-role"),
      },
      parent,
    );
    new aws.iam.RolePolicy(
      `${name}-flow-logs-policy`,
      {
        role: flowLogRole.id,
        policy: flowLogGroup.arn.apply((arn) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                Resource: [arn, `${arn}:*`],
              },
            ],
          }),
        ),
      },
      parent,
    );
    new aws.ec2.FlowLog(
      `${name}-flow-log`,
      {
        vpcId: vpc.id,
        trafficType: a.flowLogs.trafficType,
        logDestinationType: "cloud-watch-logs",
        logDestination: flowLogGroup.arn,
        iamRoleArn: flowLogRole.arn,
        maxAggregationInterval: 60,
        tags: tags("flow-log"),
      },
      parent,
    );

    // Optional endpoints.
    const region = aws.getRegionOutput({}, parent).region;
    if (a.endpoints.s3Gateway) {
      new aws.ec2.VpcEndpoint(
        `${name}-s3-endpoint`,
        {
          vpcId: vpc.id,
          serviceName: pulumi.interpolate`com.amazonaws.${region}.s3`,
          vpcEndpointType: "Gateway",
          routeTableIds: [...privateRts.map((rt) => rt.id), isolatedRt.id],
          tags: tags("s3-endpoint"),
        },
        parent,
      );
    }
    if (a.endpoints.interfaceServices.length > 0) {
      const sg = new aws.ec2.SecurityGroup(
        `${name}-endpoints-sg`,
        {
          vpcId: vpc.id,
          description: "Interface VPC endpoints: HTTPS from inside the VPC only",
          ingress: [
            {
              protocol: "tcp",
              fromPort: 443,
              toPort: 443,
              cidrBlocks: [a.cidrBlock],
              description: "HTTPS from the VPC",
            },
          ],
          egress: [],
          tags: tags("endpoints-sg"),
        },
        parent,
      );
      this.endpointSecurityGroupId = sg.id;
      for (const service of a.endpoints.interfaceServices) {
        new aws.ec2.VpcEndpoint(
          `${name}-${service.replace(".", "-")}-endpoint`,
          {
            vpcId: vpc.id,
            serviceName: pulumi.interpolate`com.amazonaws.${region}.${service}`,
            vpcEndpointType: "Interface",
            privateDnsEnabled: true,
            subnetIds: privateSubnets.map((s) => s.id),
            securityGroupIds: [sg.id],
            tags: tags(`${service.replace(".", "-")}-endpoint`),
          },
          parent,
        );
      }
    }

    this.vpcId = vpc.id;
    this.cidrBlock = vpc.cidrBlock;
    this.availabilityZones = pulumi.all(azs);
    this.publicSubnetIds = pulumi.all(publicSubnets.map((s) => s.id));
    this.privateSubnetIds = pulumi.all(privateSubnets.map((s) => s.id));
    this.isolatedSubnetIds = pulumi.all(isolatedSubnets.map((s) => s.id));
    this.natGatewayIds = pulumi.all(nats.map((n) => n.id));
    this.natGatewayCount = nats.length;
    this.flowLogGroupName = flowLogGroup.name;
    this.registerOutputs({
      vpcId: this.vpcId,
      cidrBlock: this.cidrBlock,
      availabilityZones: this.availabilityZones,
      publicSubnetIds: this.publicSubnetIds,
      privateSubnetIds: this.privateSubnetIds,
      isolatedSubnetIds: this.isolatedSubnetIds,
      natGatewayIds: this.natGatewayIds,
      flowLogGroupName: this.flowLogGroupName,
      endpointSecurityGroupId: this.endpointSecurityGroupId,
    });
  }
}
