import type { CapturedResource } from "../engine/types";
import { requestPath, requestPathDiagram } from "./request-path";

function r(
  type: string,
  name: string,
  o: { parent?: string; deps?: string[]; inputs?: Record<string, unknown>; custom?: boolean } = {},
): CapturedResource {
  return {
    type,
    name,
    urn: `urn:${name}`,
    ...(o.parent ? { parent: `urn:${o.parent}` } : {}),
    custom: o.custom ?? true,
    inputs: o.inputs ?? {},
    outputs: {},
    secretPaths: [],
    dependencies: (o.deps ?? []).map((d) => `urn:${d}`),
  };
}

const resources = [
  r("aws:wafv2/webAcl:WebAcl", "acl"),
  r("aws:cloudfront/distribution:Distribution", "cdn", {
    deps: ["site-bucket", "acl"],
    inputs: { origins: [{ originId: "s3" }, { originId: "api", customOriginConfig: {} }] },
  }),
  r("aws:s3/bucket:Bucket", "site-bucket"),
  r("aws:s3/bucket:Bucket", "alb-logs"),
  r("aws:lb/loadBalancer:LoadBalancer", "alb", { deps: ["alb-logs"], inputs: { internal: false } }),
  r("aws:lb/loadBalancer:LoadBalancer", "internal-lb", { inputs: { internal: true } }),
  r("slipway:service:Service", "api", { custom: false }),
  r("aws:ecs/service:Service", "api-blue", {
    parent: "api",
    deps: ["task", "alb"],
    inputs: { loadBalancers: [{}] },
  }),
  r("aws:ecs/service:Service", "api-green", {
    parent: "api",
    deps: ["task", "alb"],
    inputs: { loadBalancers: [{}] },
  }),
  r("aws:ecs/taskDefinition:TaskDefinition", "task", { deps: ["db-url"] }),
  r("aws:secretsmanager/secretVersion:SecretVersion", "db-url", { deps: ["db"] }),
  r("aws:rds/instance:Instance", "db"),
  r("slipway:service:Service", "jobs", { custom: false }),
  r("aws:ecs/service:Service", "jobs-blue", {
    parent: "jobs",
    deps: ["queue"],
    inputs: { loadBalancers: [] },
  }),
  r("aws:sqs/queue:Queue", "queue"),
];

test("internet -> WAF -> CDN -> bucket and ALB; ALB -> public services; services -> their data stores", () => {
  const { nodes, edges } = requestPath(resources);
  const label = (id: string) => nodes.find((n) => n.id === id)?.label ?? id;
  const named = edges.map((e) => e.split(" --> ").map(label).join(" -> "));
  expect(named.sort()).toEqual(
    [
      "Internet -> WAF",
      "WAF -> CloudFront<br/>cdn",
      "Internet -> Load balancer<br/>alb",
      "CloudFront<br/>cdn -> Load balancer<br/>alb",
      "CloudFront<br/>cdn -> Bucket (S3)<br/>site-bucket",
      "Load balancer<br/>alb -> api<br/>ECS service, 2 colours",
      "api<br/>ECS service, 2 colours -> PostgreSQL (RDS)<br/>db",
      "jobs<br/>ECS worker -> Queue (SQS)<br/>queue",
    ].sort(),
  );
  // Not on the request path: the internal load balancer, the ALB's log bucket.
  expect(nodes.map((n) => n.label).join(" ")).not.toMatch(/internal-lb|alb-logs/);
});

test("the diagram is a Mermaid flowchart grouped edge / services / data", () => {
  const d = requestPathDiagram(resources);
  expect(d.startsWith('flowchart LR\n  internet(("Internet"))\n  subgraph edge["Edge"]')).toBe(true);
  expect(d).toContain('subgraph services["Services (private subnets)"]');
  expect(d).toContain('subgraph data["Data stores and queues"]');
  expect(requestPathDiagram([])).toBe('flowchart LR\n  internet(("Internet"))\n');
});

test("a service's Bedrock models (from its task role's policy) are drawn once each; a profile stands for its model", () => {
  const HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
  const policy = (resource: string[]) =>
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "QueueSend",
          Effect: "Allow",
          Action: ["sqs:SendMessage"],
          Resource: "arn:aws:sqs:eu-west-1:1:q",
        },
        {
          Sid: "BedrockInvokeModels",
          Effect: "Allow",
          Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
          Resource: resource,
        },
      ],
    });
  const withRole = (name: string, resource: string[]) => [
    r("aws:ecs/service:Service", `${name}-svc`, { deps: [`${name}-task`], inputs: { loadBalancers: [] } }),
    r("aws:ecs/taskDefinition:TaskDefinition", `${name}-task`, {
      inputs: { taskRoleArn: `arn:role/${name}` },
    }),
    {
      ...r("aws:iam/role:Role", `${name}-role`),
      outputs: { arn: `arn:role/${name}`, name: `${name}-role-x` },
    },
    r("aws:iam/rolePolicy:RolePolicy", `${name}-policy`, {
      inputs: { role: `${name}-role-x`, policy: policy(resource) },
    }),
  ];
  const { nodes, edges } = requestPath([
    ...withRole("writer", [`arn:aws:bedrock:eu-west-1::foundation-model/${HAIKU}`]),
    ...withRole("drafts", [
      `arn:aws:bedrock:eu-west-1:1:inference-profile/eu.${HAIKU}`,
      `arn:aws:bedrock:eu-west-1::foundation-model/${HAIKU}`,
      `arn:aws:bedrock:eu-central-1::foundation-model/${HAIKU}`,
    ]),
    ...withRole("plain", []),
  ]);
  const ai = nodes.filter((n) => n.group === "ai");
  expect(ai.map((n) => n.label).sort()).toEqual([
    `Bedrock model<br/>${HAIKU}`,
    `Bedrock model<br/>eu.${HAIKU}`,
  ]);
  const label = (id: string) => nodes.find((n) => n.id === id)!.label.split("<br/>")[0];
  expect(
    edges
      .filter((e) => e.includes("--> ai"))
      .map((e) => e.split(" --> ").map(label).join(" -> "))
      .sort(),
  ).toEqual(["drafts-svc -> Bedrock model", "writer-svc -> Bedrock model"]);
  expect(
    requestPathDiagram([...withRole("writer", [`arn:aws:bedrock:eu-west-1::foundation-model/${HAIKU}`])]),
  ).toContain('subgraph ai["AI models (Amazon Bedrock)"]');
});
