// @ts-nocheck
import type { PacketDoc, ProjectConfigDoc } from "./derive";
import { infrastructureDifferences, platformIssues } from "./platform";

const packet = (
  extra: Partial<PacketDoc> = {},
  infrastructure?: PacketDoc["technology_stack"]["infrastructure"],
): PacketDoc => ({
  system_components: [],
  api_specifications: [],
  technology_stack: infrastructure ? { infrastructure } : {},
  deployment_architecture: { strategy: "rolling" },
  ...extra,
});
const config = (infrastructure?: Record<string, string>): ProjectConfigDoc =>
  ({
    project_name: "x",
    project_type: "api_only_backend",
    technology_stack: infrastructure ? { infrastructure } : {},
  }) as ProjectConfigDoc;

describe("platformIssues", () => {
  it.each([
    ["aws, ecs", config({ cloud_provider: "aws", orchestration: "ecs" }), packet()],
    [
      "AWS, Fargate",
      config({ cloud_provider: "AWS", orchestration: "ECS Fargate" }),
      packet({}, { cloud_provider: "Amazon Web Services", services: ["ECS Fargate", "RDS PostgreSQL"] }),
    ],
    ["nothing said", config(), packet()],
  ])("accepts %s", (_l, c, p) => expect(platformIssues(p, c)).toEqual([]));

  it.each([
    [
      "gcp in project-config",
      config({ cloud_provider: "gcp" }),
      packet(),
      "project-config.json",
      "/technology_stack/infrastructure/cloud_provider",
      'cloud provider "gcp"',
    ],
    [
      "kubernetes",
      config({ cloud_provider: "aws", orchestration: "kubernetes" }),
      packet(),
      "project-config.json",
      "/technology_stack/infrastructure/orchestration",
      'orchestration "kubernetes"',
    ],
    [
      "cloud-run",
      config({ orchestration: "cloud-run" }),
      packet(),
      "project-config.json",
      "/technology_stack/infrastructure/orchestration",
      'orchestration "cloud-run"',
    ],
    [
      "azure in the packet",
      config(),
      packet({}, { cloud_provider: "Azure" }),
      "ARTIFACTS/system-architect/architecture-handover-packet.json",
      "/technology_stack/infrastructure/cloud_provider",
      'cloud provider "Azure"',
    ],
    [
      "serverless style",
      config(),
      packet({ architecture_overview: { architecture_style: "serverless" } }),
      "ARTIFACTS/system-architect/architecture-handover-packet.json",
      "/architecture_overview/architecture_style",
      'architecture style "serverless"',
    ],
    [
      "EKS in services",
      config(),
      packet({}, { services: ["RDS", "Amazon EKS"] }),
      "ARTIFACTS/system-architect/architecture-handover-packet.json",
      "/technology_stack/infrastructure/services/1",
      'infrastructure service "Amazon EKS"',
    ],
    [
      "Lambda in services",
      config(),
      packet({}, { services: ["AWS Lambda"] }),
      "ARTIFACTS/system-architect/architecture-handover-packet.json",
      "/technology_stack/infrastructure/services/0",
      'infrastructure service "AWS Lambda"',
    ],
  ])("refuses %s, naming the file, the field and what slipway supports", (_l, c, p, file, field, what) => {
    const issues = platformIssues(p, c);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file, field });
    expect(issues[0].problem).toContain(what);
    expect(issues[0].problem).toContain("slipway deploys to AWS: containers on ECS Fargate");
  });
});

describe("infrastructureDifferences", () => {
  const types = [
    "aws:ecs/service:Service",
    "aws:rds/instance:Instance",
    "aws:lb/loadBalancer:LoadBalancer",
    "aws:s3/bucket:Bucket",
    "aws:cloudfront/distribution:Distribution",
    "aws:secretsmanager/secret:Secret",
    "aws:cloudwatch/metricAlarm:MetricAlarm",
    "aws:sqs/queue:Queue",
  ];

  it("is empty when the packet lists nothing", () => {
    expect(infrastructureDifferences(undefined, types)).toEqual([]);
    expect(infrastructureDifferences([], types)).toEqual([]);
  });

  it("lists named-but-missing, unknown names and provisioned-but-unnamed services", () => {
    expect(
      infrastructureDifferences(
        [
          "ECS Fargate",
          "RDS PostgreSQL",
          "ElastiCache Redis",
          "Datadog",
          "ALB",
          "S3",
          "CloudFront",
          "Secrets Manager",
          "CloudWatch",
        ],
        types,
      ),
    ).toEqual([
      '"ElastiCache Redis" is in the packet\'s infrastructure services but this stack provisions no ElastiCache',
      '"Datadog" is in the packet\'s infrastructure services but slipway does not provision it',
      "SQS is provisioned but not in the packet's infrastructure services",
    ]);
  });

  it("a list that matches the stack has no differences", () => {
    expect(
      infrastructureDifferences(
        ["ECS Fargate", "RDS PostgreSQL", "ALB", "S3", "CloudFront", "Secrets Manager", "CloudWatch", "SQS"],
        types,
      ),
    ).toEqual([]);
  });
});
