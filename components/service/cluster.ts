/**
 * `slipway:service:Cluster`: the shared service platform. ECS cluster (Container Insights), the public
 * Application Load Balancer with its access-log bucket, its listeners (HTTPS + HTTP->HTTPS redirect, or
 * explicitly plain HTTP), and the two security groups (ALB, services) wired so that the ALB reaches only
 * the services and the services accept traffic only from the ALB.
 */
import * as pulumi from "@pulumi/pulumi";

/** Modern TLS policy: TLS 1.3 and 1.2 only, forward-secret ciphers. */
export const DEFAULT_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/** One egress rule of the services' security group. */
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
   * Container ports the services listen on. The ALB group may send traffic only to these ports of the
   * services group, and the services group accepts only these ports from the ALB group.
   * @default [8080]
   */
  readonly containerPorts?: readonly number[];
  /**
   * Egress of the services' security group.
   * @default [{ port: 443, cidrBlocks: ["0.0.0.0/0"], description: "HTTPS to AWS APIs (ECR, Secrets Manager, Logs) and the internet through NAT" }]
   */
  readonly serviceEgress?: readonly ServiceEgressRule[];
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
  readonly servicesSecurityGroupId: pulumi.Output<string>;
  readonly privateSubnetIds: pulumi.Output<string[]>;
  /** Container ports the security groups allow (plain, for synchronous validation). */
  readonly containerPorts: readonly number[];
  /** Resources the services' listener rules must wait for (listeners, security group rules). */
  readonly readyResources: readonly pulumi.Resource[];
}

export class Cluster extends pulumi.ComponentResource implements ServicePlatform {
  public readonly clusterArn!: pulumi.Output<string>;
  public readonly clusterName!: pulumi.Output<string>;
  public readonly vpcId!: pulumi.Output<string>;
  public readonly listenerArn!: pulumi.Output<string>;
  public readonly albArn!: pulumi.Output<string>;
  public readonly albArnSuffix!: pulumi.Output<string>;
  public readonly albDnsName!: pulumi.Output<string>;
  public readonly albZoneId!: pulumi.Output<string>;
  public readonly baseUrl!: pulumi.Output<string>;
  /** `https` with a certificate, `http` with `allowPlainHttp`. */
  public readonly protocol!: "https" | "http";
  public readonly albSecurityGroupId!: pulumi.Output<string>;
  public readonly servicesSecurityGroupId!: pulumi.Output<string>;
  public readonly privateSubnetIds!: pulumi.Output<string[]>;
  public readonly accessLogsBucketName!: pulumi.Output<string>;
  public readonly containerPorts!: readonly number[];
  public readonly readyResources!: readonly pulumi.Resource[];

  constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("slipway:service:Cluster", name, {}, opts);
    void args;
    this.registerOutputs({});
  }
}
