/**
 * Deterministic, realistic values for Pulumi's mock runtime: ids, ARNs in the stack's region and a
 * fixed account, DNS names for load balancers, distributions and databases, availability zones.
 * Used by the offline engine and by the program/component tests.
 */
import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";

/** The fixed account id used in every mocked ARN. */
export const MOCK_ACCOUNT_ID = "123456789012";

export interface MockOptions {
  /** AWS region of the stack. @default "eu-west-1" */
  readonly region?: string;
  /** Account id used in ARNs. @default MOCK_ACCOUNT_ID */
  readonly accountId?: string;
}

/** A resource registration seen by the mocks. */
export interface MockRegistration {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  readonly outputs: Record<string, unknown>;
  readonly custom: boolean;
  readonly provider?: string;
}

/** Short service name and resource path used to build an ARN for a type token. */
function arnFor(type: string, name: string, id: string, region: string, account: string): string {
  const [pkg, mod = "", kind = ""] = type.split(":");
  const service = mod.split("/")[0];
  const resource = kind.charAt(0).toLowerCase() + kind.slice(1);
  if (pkg !== "aws") return `arn:aws:${pkg}:${region}:${account}:${resource}/${id}`;
  switch (service) {
    case "s3":
      return `arn:aws:s3:::${id}`;
    case "iam":
      return `arn:aws:iam::${account}:${resource}/${name}`;
    case "cloudfront":
      return `arn:aws:cloudfront::${account}:${resource}/${id}`;
    case "sns":
      return `arn:aws:sns:${region}:${account}:${name}`;
    case "sqs":
      return `arn:aws:sqs:${region}:${account}:${name}`;
    case "secretsmanager":
      return `arn:aws:secretsmanager:${region}:${account}:secret:${name}-AbCdEf`;
    case "lb":
      return `arn:aws:elasticloadbalancing:${region}:${account}:${resource.toLowerCase()}/app/${name}/50dc6c495c0c9188`;
    case "rds":
      return `arn:aws:rds:${region}:${account}:db:${id}`;
    case "cloudwatch":
      return `arn:aws:logs:${region}:${account}:log-group:${name}`;
    default:
      return `arn:aws:${service}:${region}:${account}:${resource}/${id}`;
  }
}

/** Computed outputs that AWS would fill in, by type token. */
function computedOutputs(
  type: string,
  name: string,
  id: string,
  inputs: Record<string, unknown>,
  region: string,
): Record<string, unknown> {
  switch (type) {
    case "aws:lb/loadBalancer:LoadBalancer":
      return {
        dnsName: `${name}-1234567890.${region}.elb.amazonaws.com`,
        zoneId: "Z32O12XQLNTSW2",
        // The CloudWatch `LoadBalancer` dimension.
        arnSuffix: `app/${name}/50dc6c495c0c9188`,
      };
    case "aws:lb/targetGroup:TargetGroup":
      // Target group ARNs have no `app/` segment; the suffix is the CloudWatch `TargetGroup` dimension.
      return {
        arn: `arn:aws:elasticloadbalancing:${region}:${MOCK_ACCOUNT_ID}:targetgroup/${name}/73e2d6bc24d8a067`,
        arnSuffix: `targetgroup/${name}/73e2d6bc24d8a067`,
      };
    case "aws:cloudfront/distribution:Distribution":
      return {
        domainName: `d${id
          .slice(0, 12)
          .toLowerCase()
          .replace(/[^a-z0-9]/g, "0")}.cloudfront.net`,
        hostedZoneId: "Z2FDTNDATAQYW2",
      };
    case "aws:rds/instance:Instance":
      return {
        endpoint: `${name}.abcdefghijkl.${region}.rds.amazonaws.com:5432`,
        address: `${name}.abcdefghijkl.${region}.rds.amazonaws.com`,
        port: inputs.port ?? 5432,
        identifier: inputs.identifier ?? `${String(inputs.identifierPrefix ?? "db-")}20261128000000`,
        masterUserSecrets: [
          { secretArn: `arn:aws:secretsmanager:${region}:${MOCK_ACCOUNT_ID}:secret:rds!db-${id}` },
        ],
      };
    case "aws:s3/bucket:Bucket":
    case "aws:s3/bucketV2:BucketV2":
      return {
        bucket: inputs.bucket ?? id,
        bucketRegionalDomainName: `${inputs.bucket ?? id}.s3.${region}.amazonaws.com`,
      };
    case "aws:ecs/cluster:Cluster":
    case "aws:ecs/service:Service":
    case "aws:cloudwatch/logGroup:LogGroup":
    case "aws:sns/topic:Topic":
      return { name: inputs.name ?? name };
    case "aws:ecr/repository:Repository":
      return {
        name: inputs.name ?? name,
        repositoryUrl: `123456789012.dkr.ecr.${region}.amazonaws.com/${inputs.name ?? name}`,
      };
    case "awsx:ecr:Image":
      // The pushed image, pinned by tag (a real build adds the digest).
      return { imageUri: `${String(inputs.repositoryUrl)}:${String(inputs.imageTag ?? "latest")}` };
    case "aws:acm/certificate:Certificate":
      // One validation option per name: the domain name and each subject alternative name.
      return {
        domainValidationOptions: [
          inputs.domainName,
          ...(Array.isArray(inputs.subjectAlternativeNames) ? inputs.subjectAlternativeNames : []),
        ].map((domainName) => ({
          domainName,
          resourceRecordName: `_abc.${String(domainName)}.`,
          resourceRecordType: "CNAME",
          resourceRecordValue: "_xyz.acm-validations.aws.",
        })),
      };
    case "aws:route53/record:Record":
      return { fqdn: String(inputs.name).replace(/\.$/, "") };
    case "aws:rds/subnetGroup:SubnetGroup":
    case "aws:rds/parameterGroup:ParameterGroup":
    case "aws:elasticache/subnetGroup:SubnetGroup":
    case "aws:elasticache/parameterGroup:ParameterGroup":
    case "aws:iam/role:Role":
      // Pulumi auto-names these when no name is given: `<name>-<7 hex>` (or the name prefix + suffix).
      return { name: inputs.name ?? `${String(inputs.namePrefix ?? `${name}-`)}1a2b3c4` };
    case "aws:kms/key:Key":
      return { keyId: id };
    case "aws:sqs/queue:Queue": {
      const queueName = String(inputs.name ?? name);
      return { name: queueName, url: `https://sqs.${region}.amazonaws.com/${MOCK_ACCOUNT_ID}/${queueName}` };
    }
    case "aws:elasticache/replicationGroup:ReplicationGroup": {
      const group = String(inputs.replicationGroupId ?? name);
      return {
        replicationGroupId: group,
        primaryEndpointAddress: `master.${group}.abc123.euw1.cache.amazonaws.com`,
        readerEndpointAddress: `replica.${group}.abc123.euw1.cache.amazonaws.com`,
        memberClusters: Array.from(
          { length: Number(inputs.numCacheClusters ?? 1) },
          (_, i) => `${group}-00${i + 1}`,
        ),
      };
    }
    case "aws:secretsmanager/secret:Secret":
      return { name: inputs.name ?? `${String(inputs.namePrefix ?? "")}${id.slice(-8)}` };
    case "random:index/randomPassword:RandomPassword":
      // Deterministic, obviously fake value of the requested length (never a real secret).
      return { result: "mock-password-".padEnd(Number(inputs.length ?? 16), "x") };
    case "random:index/randomId:RandomId":
      return { hex: "0a1b2c3d", b64Url: "ChssPQ", dec: "169553981" };
    default:
      return {};
  }
}

/**
 * The id AWS would assign, where its shape matters to names built from it: CloudFront distribution ids
 * are `E` and 13 capitals/digits (log delivery names embed them, 60 characters at most); elsewhere
 * `<logical name>-id`.
 */
function mockId(type: string, name: string): string {
  if (type === "aws:cloudfront/distribution:Distribution")
    return `E${createHash("sha256").update(name).digest("hex").slice(0, 13).toUpperCase()}`;
  return `${name}-id`;
}

/**
 * Build mocks for `pulumi.runtime.setMocks`, recording every registration into `registrations`.
 */
export function createMocks(options: MockOptions = {}): {
  mocks: pulumi.runtime.Mocks;
  registrations: MockRegistration[];
} {
  const region = options.region ?? "eu-west-1";
  const account = options.accountId ?? MOCK_ACCOUNT_ID;
  const registrations: MockRegistration[] = [];
  const mocks: pulumi.runtime.Mocks = {
    newResource(args) {
      const id = args.id || mockId(args.type, args.name);
      const outputs = {
        ...args.inputs,
        arn: arnFor(args.type, args.name, id, region, account),
        ...computedOutputs(args.type, args.name, id, args.inputs, region),
      };
      registrations.push({
        type: args.type,
        name: args.name,
        inputs: args.inputs,
        outputs,
        custom: args.custom ?? true,
        provider: args.provider,
      });
      return { id, state: outputs };
    },
    call(args) {
      switch (args.token) {
        case "aws:index/getRegion:getRegion":
          return { name: region, region, id: region };
        case "aws:index/getCallerIdentity:getCallerIdentity":
          return { accountId: account, arn: `arn:aws:iam::${account}:root`, userId: account };
        case "aws:index/getPartition:getPartition":
          return { partition: "aws", dnsSuffix: "amazonaws.com" };
        case "aws:index/getAvailabilityZones:getAvailabilityZones":
          return { names: ["a", "b", "c"].map((s) => `${region}${s}`), zoneIds: ["1", "2", "3"] };
        default:
          return args.inputs;
      }
    },
  };
  return { mocks, registrations };
}
