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
