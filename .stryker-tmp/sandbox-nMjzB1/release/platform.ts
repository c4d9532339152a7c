/**
 * Follow the architect, or say why not: slipway deploys containers on AWS ECS Fargate. A release whose
 * project-config or packet names another cloud, another orchestrator (Kubernetes/EKS, Cloud Run, ...)
 * or serverless compute is refused (bad input) with what slipway supports, instead of being planned
 * onto ECS without a word. And the packet's `technology_stack.infrastructure.services` is compared with
 * the AWS services a planned stack registers: every difference is listed in the plan and the report.
 * Pure.
 */
// @ts-nocheck

import { FILES, type Issue, type PacketDoc, type ProjectConfigDoc } from "./derive";

/** What slipway deploys, as shown in refusals. */
export const SUPPORTED_PLATFORM =
  "slipway deploys to AWS: containers on ECS Fargate behind an ALB, a static site on S3 + CloudFront, RDS PostgreSQL";

const AWS_RE = /^(aws|amazon( web services)?|amazon aws)$/i;
/** Orchestrators that are ECS (or say nothing about the orchestrator). */
const ECS_RE = /^((aws|amazon)[\s_-]*)?(ecs|fargate|ecs[\s_-]*fargate|elastic container service)$/i;
/** Words that name compute slipway does not run (orchestrators, serverless, other clouds' runtimes). */
const FOREIGN_COMPUTE_RE =
  /\b(kubernetes|k8s|eks|gke|aks|openshift|nomad|lambda|serverless|cloud[\s_-]*run|cloud[\s_-]*functions?|app[\s_-]*engine|azure|gcp|google[\s_-]*cloud|app[\s_-]*runner|beanstalk|vercel|netlify|heroku|railway|fly\.io|cloudflare[\s_-]*workers)\b/i;

/** The refusals of a release that asks for a platform slipway does not deploy to. */
export function platformIssues(packet: PacketDoc, projectConfig: ProjectConfigDoc): Issue[] {
  const issues: Issue[] = [];
  const infra = (projectConfig.technology_stack as { infrastructure?: Record<string, unknown> } | undefined)
    ?.infrastructure;
  const refuse = (file: string, field: string, what: string, value: string): void => {
    issues.push({
      file,
      field,
      problem: `${what} "${value}" is not what slipway deploys to (${SUPPORTED_PLATFORM})`,
      fix: "deploy this release with the tooling of that platform, or change the architecture to AWS ECS Fargate (the architect's decision: update the packet and project-config together)",
    });
  };
  const cloud = typeof infra?.cloud_provider === "string" ? infra.cloud_provider : undefined;
  if (cloud !== undefined && !AWS_RE.test(cloud.trim()))
    refuse(FILES.projectConfig, "/technology_stack/infrastructure/cloud_provider", "cloud provider", cloud);
  const orchestration = typeof infra?.orchestration === "string" ? infra.orchestration : undefined;
  if (orchestration !== undefined && !ECS_RE.test(orchestration.trim()))
    refuse(
      FILES.projectConfig,
      "/technology_stack/infrastructure/orchestration",
      "orchestration",
      orchestration,
    );
  const packetCloud = packet.technology_stack.infrastructure?.cloud_provider;
  if (packetCloud !== undefined && !AWS_RE.test(packetCloud.trim()))
    refuse(FILES.packet, "/technology_stack/infrastructure/cloud_provider", "cloud provider", packetCloud);
  const style = packet.architecture_overview?.architecture_style;
  if (style !== undefined && /serverless/i.test(style))
    refuse(FILES.packet, "/architecture_overview/architecture_style", "architecture style", style);
  (packet.technology_stack.infrastructure?.services ?? []).forEach((service, i) => {
    if (FOREIGN_COMPUTE_RE.test(service))
      refuse(
        FILES.packet,
        `/technology_stack/infrastructure/services/${i}`,
        "infrastructure service",
        service,
      );
  });
  return issues;
}

/**
 * The AWS services slipway can provision, each with how the architect may name it and the resource
 * type prefixes that show a stack provisions it. Services of the packet's list that match none of
 * these are listed as "not provisioned by slipway".
 */
export const PROVISIONED_SERVICES: readonly {
  readonly service: string;
  readonly names: RegExp;
  readonly typePrefixes: readonly string[];
  /** Listed as "provisioned but not named by the architect" when the stack has it and the packet does not. */
  readonly notable: boolean;
}[] = [
  {
    service: "ECS Fargate",
    names: /\b(ecs|fargate|elastic container service)\b/i,
    typePrefixes: ["aws:ecs/"],
    notable: true,
  },
  {
    service: "ECR",
    names: /\b(ecr|elastic container registry)\b/i,
    typePrefixes: ["aws:ecr/"],
    notable: false,
  },
  {
    service: "RDS PostgreSQL",
    names: /\b(rds|postgres(ql)?)\b/i,
    typePrefixes: ["aws:rds/"],
    notable: true,
  },
  { service: "ALB", names: /\b(alb|elb|load[\s_-]*balanc\w*)\b/i, typePrefixes: ["aws:lb/"], notable: true },
  { service: "S3", names: /\b(s3|simple storage service)\b/i, typePrefixes: ["aws:s3/"], notable: true },
  {
    service: "CloudFront",
    names: /\bcloud[\s_-]*front\b/i,
    typePrefixes: ["aws:cloudfront/"],
    notable: true,
  },
  {
    service: "Secrets Manager",
    names: /\bsecrets?[\s_-]*manager\b/i,
    typePrefixes: ["aws:secretsmanager/"],
    notable: true,
  },
  {
    service: "CloudWatch",
    names: /\bcloud[\s_-]*watch\b/i,
    typePrefixes: ["aws:cloudwatch/"],
    notable: false,
  },
  { service: "Route 53", names: /\broute[\s_-]*53\b/i, typePrefixes: ["aws:route53/"], notable: false },
  { service: "ACM", names: /\b(acm|certificate manager)\b/i, typePrefixes: ["aws:acm/"], notable: false },
  { service: "KMS", names: /\b(kms|key management)\b/i, typePrefixes: ["aws:kms/"], notable: false },
  {
    service: "SNS",
    names: /\b(sns|simple notification service)\b/i,
    typePrefixes: ["aws:sns/"],
    notable: false,
  },
  { service: "VPC", names: /\bvpc\b/i, typePrefixes: ["aws:ec2/vpc:"], notable: false },
  { service: "WAF", names: /\bwaf\b/i, typePrefixes: ["aws:wafv2/"], notable: false },
  {
    service: "ElastiCache",
    names: /\b(elasti[\s_-]*cache|redis|valkey|memcached)\b/i,
    typePrefixes: ["aws:elasticache/"],
    notable: true,
  },
  { service: "SQS", names: /\b(sqs|simple queue service)\b/i, typePrefixes: ["aws:sqs/"], notable: true },
  { service: "Bedrock", names: /\bbedrock\b/i, typePrefixes: ["aws:bedrock"], notable: true },
  {
    service: "CloudWatch Synthetics",
    names: /\bsynthetics\b/i,
    typePrefixes: ["aws:synthetics/"],
    notable: false,
  },
  { service: "X-Ray", names: /\bx[\s_-]*ray\b/i, typePrefixes: ["aws:xray/"], notable: false },
];

/**
 * Differences between the services the architect listed and the resource types a stack registers:
 * a listed service the stack does not provision, a listed name slipway does not know, and a notable
 * service the stack provisions that the list does not name. Empty when the packet lists no services.
 */
export function infrastructureDifferences(
  listed: readonly string[] | undefined,
  resourceTypes: readonly string[],
): string[] {
  if (!listed || listed.length === 0) return [];
  const provisioned = (s: (typeof PROVISIONED_SERVICES)[number]): boolean =>
    resourceTypes.some((t) => s.typePrefixes.some((p) => t.startsWith(p)));
  const out: string[] = [];
  const named = new Set<string>();
  for (const name of listed) {
    const hits = PROVISIONED_SERVICES.filter((s) => s.names.test(name));
    if (hits.length === 0) {
      out.push(`"${name}" is in the packet's infrastructure services but slipway does not provision it`);
      continue;
    }
    for (const h of hits) named.add(h.service);
    if (!hits.some(provisioned))
      out.push(
        `"${name}" is in the packet's infrastructure services but this stack provisions no ${hits.map((h) => h.service).join(" / ")}`,
      );
  }
  for (const s of PROVISIONED_SERVICES)
    if (s.notable && !named.has(s.service) && provisioned(s))
      out.push(`${s.service} is provisioned but not in the packet's infrastructure services`);
  return out;
}
