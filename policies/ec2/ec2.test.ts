import { checkTwins } from "../twins-check";
import { blamed, res, violationsOf } from "../testing";
import { ec2DisablePublicIpOnLaunch } from "./ec2-disable-public-ip-on-launch";
import { ec2EnableVpcFlowLogs } from "./ec2-enable-vpc-flow-logs";
import { ec2RestrictDefaultSecurityGroup } from "./ec2-restrict-default-security-group";
import { ec2RestrictHighRiskPorts } from "./ec2-restrict-high-risk-ports";
import { ec2RestrictNaclAdminPorts } from "./ec2-restrict-nacl-admin-ports";
import { ec2RestrictUnrestrictedIngress } from "./ec2-restrict-unrestricted-ingress";

const VPC = "aws:ec2/vpc:Vpc";
const SUBNET = "aws:ec2/subnet:Subnet";
const DEFAULT_SUBNET = "aws:ec2/defaultSubnet:DefaultSubnet";
const FLOW = "aws:ec2/flowLog:FlowLog";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const DSG = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";
const SG_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const IN_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const OUT_RULE = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";

const vpc = res(
  VPC,
  "main",
  { cidrBlock: "10.0.0.0/16" },
  { outputs: { cidrBlock: "10.0.0.0/16", defaultSecurityGroupId: "sg-default" } },
);

describe("ec2-restrict-default-security-group (EC2.2)", () => {
  it("passes when the VPC adopts its default group without rules", async () => {
    expect(
      await violationsOf(ec2RestrictDefaultSecurityGroup, [vpc, res(DSG, "default", { vpcId: "main-id" })]),
    ).toEqual([]);
  });
  it("fails when the default group is left alone, has inline rules, or gets rule resources", async () => {
    expect(await blamed(ec2RestrictDefaultSecurityGroup, [vpc])).toEqual([vpc.urn]);
    const open = res(DSG, "default", {
      vpcId: "main-id",
      egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
    });
    expect(await blamed(ec2RestrictDefaultSecurityGroup, [vpc, open])).toEqual([open.urn]);
    const dsg = res(DSG, "default", { vpcId: "main-id" });
    const rule = res(IN_RULE, "ssh", {
      securityGroupId: "default-id",
      ipProtocol: "tcp",
      fromPort: 22,
      toPort: 22,
      cidrIpv4: "10.0.0.0/8",
    });
    expect(await blamed(ec2RestrictDefaultSecurityGroup, [vpc, dsg, rule])).toEqual([dsg.urn]);
    const viaVpc = res(OUT_RULE, "out", {
      securityGroupId: "sg-default",
      ipProtocol: "-1",
      cidrIpv4: "0.0.0.0/0",
    });
    expect(await blamed(ec2RestrictDefaultSecurityGroup, [vpc, dsg, viaVpc])).toEqual([viaVpc.urn]);
  });
});

describe("ec2-enable-vpc-flow-logs (EC2.6)", () => {
  it("passes with a REJECT or ALL flow log joined by vpcId or dependency", async () => {
    expect(
      await violationsOf(ec2EnableVpcFlowLogs, [
        vpc,
        res(FLOW, "fl", { vpcId: "main-id", trafficType: "ALL" }),
      ]),
    ).toEqual([]);
    const byDep = res(FLOW, "fl", { trafficType: "REJECT" }, { propertyDependencies: { vpcId: [vpc.urn] } });
    expect(await violationsOf(ec2EnableVpcFlowLogs, [vpc, byDep])).toEqual([]);
  });
  it("fails without a flow log, with ACCEPT only, or below the configured traffic type", async () => {
    expect(await blamed(ec2EnableVpcFlowLogs, [vpc])).toEqual([vpc.urn]);
    expect(
      await blamed(ec2EnableVpcFlowLogs, [vpc, res(FLOW, "fl", { vpcId: "main-id", trafficType: "ACCEPT" })]),
    ).toEqual([vpc.urn]);
    const cfg = { config: { "ec2-enable-vpc-flow-logs": { trafficType: "ALL" } } };
    expect(
      await violationsOf(
        ec2EnableVpcFlowLogs,
        [vpc, res(FLOW, "fl", { vpcId: "main-id", trafficType: "REJECT" })],
        cfg,
      ),
    ).toHaveLength(1);
  });
});

describe("ec2-disable-public-ip-on-launch (EC2.15)", () => {
  it("fails for subnets mapping public IPs, including default subnets by default", async () => {
    expect(
      await violationsOf(ec2DisablePublicIpOnLaunch, [res(SUBNET, "pub", { mapPublicIpOnLaunch: true })]),
    ).toHaveLength(1);
    expect(
      await violationsOf(ec2DisablePublicIpOnLaunch, [
        res(DEFAULT_SUBNET, "d", { availabilityZone: "eu-west-1a" }),
      ]),
    ).toHaveLength(1);
    expect(
      await violationsOf(ec2DisablePublicIpOnLaunch, [
        res(SUBNET, "pub", {}),
        res(SUBNET, "p2", { mapPublicIpOnLaunch: false }),
      ]),
    ).toEqual([]);
  });
});

describe("ec2-restrict-unrestricted-ingress (EC2.18)", () => {
  it("passes for 80/443 from the internet and anything from private CIDRs", async () => {
    const sg = res(SG, "alb", {
      ingress: [
        { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] },
        { protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"] },
        { protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["10.0.0.0/16"] },
      ],
    });
    expect(await violationsOf(ec2RestrictUnrestrictedIngress, [sg])).toEqual([]);
  });
  it("fails in every rule form: inline, SecurityGroupRule, vpc.SecurityGroupIngressRule, IPv6, all traffic", async () => {
    expect(
      await violationsOf(ec2RestrictUnrestrictedIngress, [
        res(SG, "s", {
          ingress: [{ protocol: "tcp", fromPort: 8443, toPort: 8443, cidrBlocks: ["0.0.0.0/0"] }],
        }),
      ]),
    ).toHaveLength(1);
    expect(
      await violationsOf(ec2RestrictUnrestrictedIngress, [
        res(SG_RULE, "r", {
          type: "ingress",
          protocol: "tcp",
          fromPort: 80,
          toPort: 443,
          cidrBlocks: ["0.0.0.0/0"],
        }),
      ]),
    ).toHaveLength(1);
    expect(
      await violationsOf(ec2RestrictUnrestrictedIngress, [
        res(IN_RULE, "r", { ipProtocol: "udp", fromPort: 53, toPort: 53, cidrIpv6: "::/0" }),
      ]),
    ).toHaveLength(1);
    expect(
      await violationsOf(ec2RestrictUnrestrictedIngress, [
        res(IN_RULE, "r", { ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" }),
      ]),
    ).toHaveLength(1);
    // Egress rules are not ingress.
    expect(
      await violationsOf(ec2RestrictUnrestrictedIngress, [
        res(SG_RULE, "e", {
          type: "egress",
          protocol: "-1",
          fromPort: 0,
          toPort: 0,
          cidrBlocks: ["0.0.0.0/0"],
        }),
      ]),
    ).toEqual([]);
  });
  it("honours configured authorized ports", async () => {
    const cfg = { config: { "ec2-restrict-unrestricted-ingress": { authorizedTcpPorts: [443] } } };
    expect(
      await violationsOf(
        ec2RestrictUnrestrictedIngress,
        [res(IN_RULE, "r", { ipProtocol: "tcp", fromPort: 80, toPort: 80, cidrIpv4: "0.0.0.0/0" })],
        cfg,
      ),
    ).toHaveLength(1);
  });
});

describe("ec2-restrict-high-risk-ports (EC2.19)", () => {
  it("fails for open SSH, open databases, and all-traffic rules", async () => {
    const v = await violationsOf(ec2RestrictHighRiskPorts, [
      res(SG, "s", { ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }] }),
    ]);
    expect(v[0].message).toMatch(/high-risk port\(s\) 22/);
    expect(
      await violationsOf(ec2RestrictHighRiskPorts, [
        res(SG_RULE, "r", {
          type: "ingress",
          protocol: "6",
          fromPort: 5000,
          toPort: 6000,
          cidrBlocks: ["0.0.0.0/0"],
        }),
      ]),
    ).toHaveLength(1);
    expect(
      await violationsOf(ec2RestrictHighRiskPorts, [
        res(IN_RULE, "r", { ipProtocol: "-1", cidrIpv6: "::/0" }),
      ]),
    ).toHaveLength(1);
  });
  it("passes for 443 from the internet and SSH from a private CIDR", async () => {
    const sg = res(SG, "s", {
      ingress: [
        { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] },
        { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.0.0.0/8"] },
      ],
    });
    expect(await violationsOf(ec2RestrictHighRiskPorts, [sg])).toEqual([]);
  });
});

describe("ec2-restrict-nacl-admin-ports (EC2.21)", () => {
  const NACL = "aws:ec2/networkAcl:NetworkAcl";
  const DEFAULT_NACL = "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl";
  const NACL_RULE = "aws:ec2/networkAclRule:NetworkAclRule";
  it("fails for allow entries from anywhere covering 22 or 3389 (inline, default NACL, rule resource)", async () => {
    const inline = res(NACL, "n", {
      ingress: [
        { action: "allow", protocol: "tcp", ruleNo: 100, fromPort: 22, toPort: 22, cidrBlock: "0.0.0.0/0" },
      ],
    });
    const dflt = res(DEFAULT_NACL, "d", {
      ingress: [
        { action: "allow", protocol: "-1", ruleNo: 100, fromPort: 0, toPort: 0, cidrBlock: "0.0.0.0/0" },
      ],
    });
    const rule = res(NACL_RULE, "r", {
      ruleAction: "allow",
      egress: false,
      protocol: "6",
      ruleNumber: 10,
      fromPort: 3000,
      toPort: 4000,
      ipv6CidrBlock: "::/0",
    });
    expect(await violationsOf(ec2RestrictNaclAdminPorts, [inline, dflt, rule])).toHaveLength(3);
  });
  it("passes for deny entries, private sources, egress rules and other ports", async () => {
    const ok = res(NACL, "n", {
      ingress: [
        { action: "deny", protocol: "tcp", ruleNo: 90, fromPort: 22, toPort: 22, cidrBlock: "0.0.0.0/0" },
        { action: "allow", protocol: "tcp", ruleNo: 100, fromPort: 22, toPort: 22, cidrBlock: "10.0.0.0/8" },
        { action: "allow", protocol: "tcp", ruleNo: 110, fromPort: 443, toPort: 443, cidrBlock: "0.0.0.0/0" },
      ],
    });
    const egress = res(NACL_RULE, "e", {
      ruleAction: "allow",
      egress: true,
      protocol: "-1",
      ruleNumber: 10,
      cidrBlock: "0.0.0.0/0",
    });
    expect(await violationsOf(ec2RestrictNaclAdminPorts, [ok, egress])).toEqual([]);
  });
});

describe("ec2-forbid-default-vpc (twins)", () => checkTwins("ec2-forbid-default-vpc"));
describe("ec2-restrict-egress (twins)", () => checkTwins("ec2-restrict-egress"));
describe("ec2-restrict-nacl-all-ports (twins)", () => checkTwins("ec2-restrict-nacl-all-ports"));
