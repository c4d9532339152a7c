/**
 * `slipway:service:Cluster`: the shared service platform. ECS cluster (Container Insights), the public
 * Application Load Balancer with its access-log bucket, its listeners (HTTPS + HTTP->HTTPS redirect, or
 * explicitly plain HTTP), and the ALB's security group. Each {@link Service} has its own security group
 * (ingress only from the ALB on its port, egress only to what it depends on) and opens the ALB's egress
 * to itself, so no service shares a network identity with another.
 */
// @ts-nocheck

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SecureBucket } from "../storage/secure-bucket";
import { albLogDeliveryStatements } from "./alb-logs";

/** Modern TLS policy: TLS 1.3 and 1.2 only, forward-secret ciphers. */
export const DEFAULT_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/** One egress rule of a service's security group. */
export interface ServiceEgressRule {
  /** TCP port (a single port). @example 443 */
  readonly port: number;
  /** Destination IPv4 CIDR blocks. @example ["10.0.0.0/16"] */
  readonly cidrBlocks?: readonly string[];
  /** Destination security group (e.g. the database's). Either this or `cidrBlocks`. */
  readonly securityGroupId?: pulumi.Input<string>;
  /** Shown on the rule. @example "PostgreSQL to the database" */
  readonly description: string;
}

/** Arguments of {@link Cluster}. */
export interface ClusterArgs {
  /** VPC of the ALB and the services. @example network.vpcId */
  readonly vpcId: pulumi.Input<string>;
  /** Public subnets for the ALB (at least two, in different AZs). @example network.publicSubnetIds */
  readonly publicSubnetIds: readonly pulumi.Input<string>[];
  /** Private (app) subnets the services run in (at least one). @example network.privateSubnetIds */
  readonly privateSubnetIds: readonly pulumi.Input<string>[];
  /**
   * ACM certificate (same region as the ALB) for the HTTPS listener. When set, the ALB serves HTTPS on 443
   * with {@link ClusterArgs.sslPolicy} and port 80 only redirects to HTTPS.
   * @default undefined (then `allowPlainHttp` must be true)
   */
  readonly certificateArn?: pulumi.Input<string>;
  /**
   * Public host name covered by the certificate, used for service URLs instead of the ALB DNS name.
   * @default undefined (URLs use the ALB DNS name)
   * @example "api.example.com"
   */
  readonly domainName?: string;
  /**
   * Loosening flag: without a certificate, serve plain HTTP on port 80 of the ALB (no redirect, no TLS).
   * Meant for stacks without a domain where the ALB is reachable only from CloudFront's origin-facing
   * prefix list (`ingressPrefixListIds`) or from a private range. Ignored when `certificateArn` is set.
   * The baseline policy pack rejects plain-HTTP listeners (`elb-use-secure-listeners`,
   * `elb-redirect-http-to-https`) unless its config downgrades them: this mode is loud on purpose.
   * @default false (a missing certificate is an error)
   */
  readonly allowPlainHttp?: boolean;
  /**
   * Loosening flag: allow the listener ports (443 and 80, or 80 only with plain HTTP) from the whole
   * internet (`0.0.0.0/0`). The ALB is the public entry point of the API, so production with a domain
   * normally sets this; without it, only `ingressCidrBlocks` / `ingressPrefixListIds` may connect.
   * @default false
   */
  readonly allowPublicIngress?: boolean;
  /** Extra IPv4 ranges allowed to reach the listener ports. @default [] @example ["203.0.113.0/24"] */
  readonly ingressCidrBlocks?: readonly string[];
  /**
   * Managed prefix lists allowed to reach the listener ports, e.g. CloudFront's
   * `com.amazonaws.global.cloudfront.origin-facing`. @default []
   */
  readonly ingressPrefixListIds?: readonly pulumi.Input<string>[];
  /**
   * Container ports the services listen on (each API service opens the ALB's egress to its own
   * security group on its port, which must be one of these).
   * @default [8080]
   */
  readonly containerPorts?: readonly number[];
  /** ALB deletion protection. Turn off only for disposable stacks. @default true */
  readonly deletionProtection?: boolean;
  /** TLS policy of the HTTPS listener. @default "ELBSecurityPolicy-TLS13-1-2-2021-06" */
  readonly sslPolicy?: string;
  /** Days ALB access logs are kept. @default 90 */
  readonly accessLogRetentionDays?: number;
  /** Let `pulumi destroy` delete the access-log bucket with its logs. @default false */
  readonly forceDestroyLogs?: boolean;
  /** Container Insights level of the ECS cluster. @default "enabled" */
  readonly containerInsights?: "enabled" | "enhanced";
  /** ALB idle timeout in seconds. @default 60 */
  readonly idleTimeoutSeconds?: number;
  /** Extra tags (the provider's default tags carry the common ones). @default {} */
  readonly tags?: Record<string, string>;
}

/** What a {@link Service} needs from the platform (implemented by {@link Cluster}). */
export interface ServicePlatform {
  readonly clusterArn: pulumi.Output<string>;
  readonly clusterName: pulumi.Output<string>;
  readonly vpcId: pulumi.Output<string>;
  /** Listener that carries the services' rules (HTTPS, or HTTP when `allowPlainHttp`). */
  readonly listenerArn: pulumi.Output<string>;
  /** ALB ARN suffix (CloudWatch dimension). */
  readonly albArnSuffix: pulumi.Output<string>;
  /** `https://<domain or ALB DNS>` or `http://<ALB DNS>`. */
  readonly baseUrl: pulumi.Output<string>;
  /** The ALB's security group: API services accept their port from it and open its egress to them. */
  readonly albSecurityGroupId: pulumi.Output<string>;
  readonly privateSubnetIds: pulumi.Output<string[]>;
  /** Container ports the security groups allow (plain, for synchronous validation). */
  readonly containerPorts: readonly number[];
  /** Resources the services' listener rules must wait for (listeners, security group rules). */
  readonly readyResources: readonly pulumi.Resource[];
}

/** HSTS header value the HTTPS listener adds to responses (two years, subdomains). */
export const ALB_HSTS = "max-age=63072000; includeSubDomains";

/** Prefix of the ALB access-log objects in the log bucket. */
export const ALB_LOG_PREFIX = "alb";

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** True for a syntactically valid IPv4 CIDR block. */
export function isIpv4Cidr(value: string): boolean {
  const m = CIDR.exec(value);
  if (!m) return false;
  const octets = m.slice(1, 5).map(Number);
  return octets.every((o) => o <= 255) && Number(m[5]) <= 32;
}

/** Synchronous validation of {@link ClusterArgs}; throws one error listing every problem. */
export function validateClusterArgs(args: ClusterArgs): void {
  const errors: string[] = [];
  if (!args.vpcId) errors.push("args.vpcId: required");
  if (!Array.isArray(args.publicSubnetIds) || args.publicSubnetIds.length < 2) {
    errors.push(
      `args.publicSubnetIds: an ALB needs at least two public subnets in different AZs (got ${args.publicSubnetIds?.length ?? 0})`,
    );
  }
  if (!Array.isArray(args.privateSubnetIds) || args.privateSubnetIds.length < 1) {
    errors.push("args.privateSubnetIds: at least one private subnet is required for the services");
  }
  if (args.certificateArn === undefined && args.allowPlainHttp !== true) {
    errors.push(
      "args.certificateArn: required for HTTPS; without a certificate set args.allowPlainHttp: true explicitly (plain HTTP on port 80, restrict ingress to CloudFront or private ranges)",
    );
  }
  if (args.domainName !== undefined && args.certificateArn === undefined) {
    errors.push(
      "args.domainName: a domain name needs args.certificateArn (the URL would be https without a certificate)",
    );
  }
  (args.ingressCidrBlocks ?? []).forEach((c, i) => {
    if (!isIpv4Cidr(c))
      errors.push(`args.ingressCidrBlocks[${i}]: not an IPv4 CIDR block (got ${JSON.stringify(c)})`);
    else if (c === "0.0.0.0/0")
      errors.push(
        `args.ingressCidrBlocks[${i}]: use args.allowPublicIngress: true to open the ALB to the internet`,
      );
  });
  const sources =
    (args.allowPublicIngress ? 1 : 0) +
    (args.ingressCidrBlocks?.length ?? 0) +
    (args.ingressPrefixListIds?.length ?? 0);
  if (sources === 0) {
    errors.push(
      "args.allowPublicIngress: the ALB has no ingress source; set allowPublicIngress: true (public API), or ingressCidrBlocks / ingressPrefixListIds",
    );
  }
  const ports = args.containerPorts ?? [8080];
  if (ports.length === 0) errors.push("args.containerPorts: at least one port is required");
  ports.forEach((p, i) => {
    if (!Number.isInteger(p) || p < 1 || p > 65535)
      errors.push(`args.containerPorts[${i}]: must be an integer from 1 to 65535 (got ${JSON.stringify(p)})`);
  });
  if (new Set(ports).size !== ports.length) errors.push("args.containerPorts: ports must be distinct");
  const retention = args.accessLogRetentionDays ?? 90;
  if (!Number.isInteger(retention) || retention < 1)
    errors.push(`args.accessLogRetentionDays: must be a positive integer (got ${JSON.stringify(retention)})`);
  const idle = args.idleTimeoutSeconds ?? 60;
  if (!Number.isInteger(idle) || idle < 1 || idle > 4000)
    errors.push(`args.idleTimeoutSeconds: must be an integer from 1 to 4000 (got ${JSON.stringify(idle)})`);
  if (args.sslPolicy !== undefined && !/^ELBSecurityPolicy-TLS13-/.test(args.sslPolicy))
    errors.push(
      `args.sslPolicy: must be a TLS 1.3 policy (ELBSecurityPolicy-TLS13-*), got ${JSON.stringify(args.sslPolicy)}`,
    );
  if (errors.length > 0)
    throw new Error(`slipway:service:Cluster: invalid arguments\n  ${errors.join("\n  ")}`);
}

/** Problems of a list of egress rules given as `path` (e.g. `args.egress`). */
export function egressRuleErrors(rules: readonly ServiceEgressRule[], path: string): string[] {
  const errors: string[] = [];
  rules.forEach((r, i) => {
    if (!Number.isInteger(r.port) || r.port < 1 || r.port > 65535)
      errors.push(`${path}[${i}].port: must be an integer from 1 to 65535 (got ${JSON.stringify(r.port)})`);
    const hasCidr = (r.cidrBlocks?.length ?? 0) > 0;
    if (hasCidr === (r.securityGroupId !== undefined))
      errors.push(`${path}[${i}]: give exactly one of cidrBlocks or securityGroupId`);
    (r.cidrBlocks ?? []).forEach((c, j) => {
      if (!isIpv4Cidr(c))
        errors.push(`${path}[${i}].cidrBlocks[${j}]: not an IPv4 CIDR block (got ${JSON.stringify(c)})`);
    });
    if (!r.description) errors.push(`${path}[${i}].description: required`);
  });
  return errors;
}

/** Default egress of a service's security group. */
export const DEFAULT_SERVICE_EGRESS: readonly ServiceEgressRule[] = [
  {
    port: 443,
    cidrBlocks: ["0.0.0.0/0"],
    description: "HTTPS to AWS APIs (ECR, Secrets Manager, Logs) and the internet through NAT",
  },
];

export class Cluster extends pulumi.ComponentResource implements ServicePlatform {
  public readonly clusterArn: pulumi.Output<string>;
  public readonly clusterName: pulumi.Output<string>;
  public readonly vpcId: pulumi.Output<string>;
  public readonly listenerArn: pulumi.Output<string>;
  public readonly albArn: pulumi.Output<string>;
  public readonly albArnSuffix: pulumi.Output<string>;
  public readonly albDnsName: pulumi.Output<string>;
  public readonly albZoneId: pulumi.Output<string>;
  public readonly baseUrl: pulumi.Output<string>;
  /** `https` with a certificate, `http` with `allowPlainHttp`. */
  public readonly protocol: "https" | "http";
  public readonly albSecurityGroupId: pulumi.Output<string>;
  public readonly privateSubnetIds: pulumi.Output<string[]>;
  public readonly accessLogsBucketName: pulumi.Output<string>;
  public readonly containerPorts: readonly number[];
  public readonly readyResources: readonly pulumi.Resource[];

  constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    validateClusterArgs(args);
    super("slipway:service:Cluster", name, {}, opts);
    const parent = { parent: this };
    const tags = args.tags ?? {};
    const https = args.certificateArn !== undefined;
    this.protocol = https ? "https" : "http";
    this.containerPorts = [...(args.containerPorts ?? [8080])];
    this.vpcId = pulumi.output(args.vpcId);
    this.privateSubnetIds = pulumi.output([...args.privateSubnetIds]);

    const region = aws.getRegionOutput({}, parent).region;
    const accountId = aws.getCallerIdentityOutput({}, parent).accountId;

    // ECS cluster with Container Insights.
    const cluster = new aws.ecs.Cluster(
      `${name}-cluster`,
      { settings: [{ name: "containerInsights", value: args.containerInsights ?? "enabled" }], tags },
      parent,
    );
    this.clusterArn = cluster.arn;
    this.clusterName = cluster.name;

    // Access-log bucket: SSE-S3 (the only encryption ALB log delivery supports), TLS-only, expiring logs.
    const logs = new SecureBucket(
      `${name}-alb-logs`,
      {
        forceDestroy: args.forceDestroyLogs ?? false,
        tags,
        expirationDays: args.accessLogRetentionDays ?? 90,
        policyStatements: (bucketArn) =>
          pulumi
            .all([bucketArn, region, accountId])
            .apply(([arn, r, a]) =>
              albLogDeliveryStatements({ bucketArn: arn, region: r, accountId: a, prefix: ALB_LOG_PREFIX }),
            ),
      },
      parent,
    );
    this.accessLogsBucketName = logs.bucketName;

    // The ALB's group; rules are separate resources so the services' groups can reference it.
    const albSg = new aws.ec2.SecurityGroup(
      `${name}-alb-sg`,
      {
        vpcId: args.vpcId,
        description:
          "Public entry point: listener ports from the allowed sources; egress only to the API services",
        tags,
      },
      parent,
    );
    this.albSecurityGroupId = albSg.id;
    const rules: pulumi.Resource[] = [];
    const listenerPorts = https ? [443, 80] : [80];
    for (const port of listenerPorts) {
      const what =
        port === 443 ? "HTTPS" : https ? "HTTP (redirected to HTTPS)" : "plain HTTP (allowPlainHttp)";
      if (args.allowPublicIngress) {
        rules.push(
          new aws.vpc.SecurityGroupIngressRule(
            `${name}-alb-in-${port}-public`,
            {
              securityGroupId: albSg.id,
              tags,
              ipProtocol: "tcp",
              fromPort: port,
              toPort: port,
              cidrIpv4: "0.0.0.0/0",
              description: `${what} from the internet (allowPublicIngress: the ALB is the public entry point)`,
            },
            parent,
          ),
        );
      }
      (args.ingressCidrBlocks ?? []).forEach((cidr, i) => {
        rules.push(
          new aws.vpc.SecurityGroupIngressRule(
            `${name}-alb-in-${port}-cidr-${i}`,
            {
              securityGroupId: albSg.id,
              tags,
              ipProtocol: "tcp",
              fromPort: port,
              toPort: port,
              cidrIpv4: cidr,
              description: `${what} from ${cidr}`,
            },
            parent,
          ),
        );
      });
      (args.ingressPrefixListIds ?? []).forEach((pl, i) => {
        rules.push(
          new aws.vpc.SecurityGroupIngressRule(
            `${name}-alb-in-${port}-pl-${i}`,
            {
              securityGroupId: albSg.id,
              tags,
              ipProtocol: "tcp",
              fromPort: port,
              toPort: port,
              prefixListId: pl,
              description: `${what} from an allowed prefix list`,
            },
            parent,
          ),
        );
      });
    }
    // The load balancer.
    const alb = new aws.lb.LoadBalancer(
      `${name}-alb`,
      {
        loadBalancerType: "application",
        internal: false,
        subnets: [...args.publicSubnetIds],
        securityGroups: [albSg.id],
        enableDeletionProtection: args.deletionProtection ?? true,
        dropInvalidHeaderFields: true,
        desyncMitigationMode: "strictest",
        enableHttp2: true,
        idleTimeout: args.idleTimeoutSeconds ?? 60,
        accessLogs: { bucket: logs.bucketName, prefix: ALB_LOG_PREFIX, enabled: true },
        tags,
      },
      { parent: this, dependsOn: [logs.policy] },
    );
    this.albArn = alb.arn;
    this.albArnSuffix = alb.arnSuffix;
    this.albDnsName = alb.dnsName;
    this.albZoneId = alb.zoneId;

    const notFound = {
      type: "fixed-response",
      fixedResponse: { contentType: "text/plain", messageBody: "Not Found", statusCode: "404" },
    };
    let listener: aws.lb.Listener;
    if (https) {
      listener = new aws.lb.Listener(
        `${name}-https`,
        {
          loadBalancerArn: alb.arn,
          port: 443,
          protocol: "HTTPS",
          sslPolicy: args.sslPolicy ?? DEFAULT_SSL_POLICY,
          certificateArn: args.certificateArn,
          defaultActions: [notFound],
          // Security headers on every response of the API's public entry point (direct API clients do not
          // pass through CloudFront's response headers policy), and no `Server: awselb` banner.
          routingHttpResponseStrictTransportSecurityHeaderValue: ALB_HSTS,
          routingHttpResponseXContentTypeOptionsHeaderValue: "nosniff",
          routingHttpResponseXFrameOptionsHeaderValue: "DENY",
          routingHttpResponseServerEnabled: false,
          tags,
        },
        parent,
      );
      new aws.lb.Listener(
        `${name}-http-redirect`,
        {
          loadBalancerArn: alb.arn,
          port: 80,
          protocol: "HTTP",
          defaultActions: [
            { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
          ],
          tags,
        },
        parent,
      );
    } else {
      listener = new aws.lb.Listener(
        `${name}-http`,
        { loadBalancerArn: alb.arn, port: 80, protocol: "HTTP", defaultActions: [notFound], tags },
        parent,
      );
    }
    this.listenerArn = listener.arn;
    this.readyResources = [listener, ...rules];
    const host = args.domainName !== undefined ? pulumi.output(args.domainName) : alb.dnsName;
    this.baseUrl = pulumi.interpolate`${this.protocol}://${host}`;

    this.registerOutputs({
      clusterArn: this.clusterArn,
      clusterName: this.clusterName,
      albArn: this.albArn,
      albDnsName: this.albDnsName,
      listenerArn: this.listenerArn,
      baseUrl: this.baseUrl,
      protocol: this.protocol,
      albSecurityGroupId: this.albSecurityGroupId,
      accessLogsBucketName: this.accessLogsBucketName,
    });
  }
}
