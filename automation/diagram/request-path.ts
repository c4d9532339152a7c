/**
 * The request path of a stack at a glance, as a Mermaid flowchart: internet -> CDN/WAF -> load balancer
 * -> services -> data stores and queues, and the Bedrock models their task roles may invoke. Only the resources a request passes through are drawn (one node
 * per service component, its colours together); networking, logs, alarms and keys are left to the
 * folded resource diagram. Pure.
 */
import type { CapturedResource } from "../engine/types";
import { escapeLabel } from "./mermaid";

/** Data stores and queues a service may use, by type token, with their label. */
export const DATA_STORE_TYPES: Readonly<Record<string, string>> = {
  "aws:rds/instance:Instance": "PostgreSQL (RDS)",
  "aws:rds/cluster:Cluster": "Aurora",
  "aws:elasticache/replicationGroup:ReplicationGroup": "Cache (ElastiCache)",
  "aws:elasticache/cluster:Cluster": "Cache (ElastiCache)",
  "aws:elasticache/serverlessCache:ServerlessCache": "Cache (ElastiCache)",
  "aws:sqs/queue:Queue": "Queue (SQS)",
  "aws:dynamodb/table:Table": "Table (DynamoDB)",
  "aws:s3/bucket:Bucket": "Bucket (S3)",
  "aws:s3/bucketV2:BucketV2": "Bucket (S3)",
};

const CDN = "aws:cloudfront/distribution:Distribution";
const WAF = "aws:wafv2/webAcl:WebAcl";
const ALB = "aws:lb/loadBalancer:LoadBalancer";
const SERVICE = "aws:ecs/service:Service";

/** The drawn nodes and edges (exported for tests). */
export interface RequestPath {
  readonly nodes: readonly { readonly id: string; readonly label: string; readonly group: string }[];
  readonly edges: readonly string[];
}

/** The request path of a stack's resources. */
export function requestPath(input: readonly CapturedResource[]): RequestPath {
  const resources = [...input].sort((a, b) => (a.urn < b.urn ? -1 : 1));
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const nodes: { id: string; label: string; group: string }[] = [
    { id: "internet", label: "Internet", group: "" },
  ];
  const nodeOf = new Map<string, string>();
  const add = (id: string, label: string, group: string, members: readonly CapturedResource[]) => {
    nodes.push({ id, label, group });
    for (const m of members) nodeOf.set(m.urn, id);
  };
  const ofType = (type: string) => resources.filter((r) => r.custom && r.type === type);
  const wafs = ofType(WAF);
  ofType(CDN).forEach((r, i) => add(`cdn${i + 1}`, `CloudFront<br/>${escapeLabel(r.name)}`, "edge", [r]));
  const albs = ofType(ALB).filter((r) => r.inputs.internal !== true);
  albs.forEach((r, i) => add(`alb${i + 1}`, `Load balancer<br/>${escapeLabel(r.name)}`, "edge", [r]));
  if (wafs.length > 0) add("waf", "WAF", "edge", wafs);

  // One node per service component (its blue and green ECS services together).
  const services = new Map<string, CapturedResource[]>();
  for (const s of ofType(SERVICE)) {
    const key = s.parent && byUrn.has(s.parent) ? s.parent : s.urn;
    services.set(key, [...(services.get(key) ?? []), s]);
  }
  const reachable: string[] = [];
  [...services.entries()].forEach(([key, members], i) => {
    const owner = byUrn.get(key) ?? members[0];
    const public_ = members.some(
      (m) => Array.isArray(m.inputs.loadBalancers) && m.inputs.loadBalancers.length > 0,
    );
    const id = `svc${i + 1}`;
    const colours = members.length > 1 ? `, ${members.length} colours` : "";
    add(
      id,
      `${escapeLabel(owner.name)}<br/>${public_ ? "ECS service" : "ECS worker"}${colours}`,
      "services",
      members,
    );
    if (public_) reachable.push(id);
  });

  // Data stores a drawn node reaches through undrawn resources (a task definition, a secret, ...).
  const stores = resources.filter((r) => r.custom && DATA_STORE_TYPES[r.type] !== undefined);
  const storeId = new Map<string, string>();
  const edges = new Set<string>();
  const reach = (from: string, members: readonly CapturedResource[]) => {
    const seen = new Set(members.map((m) => m.urn));
    const stack = members.flatMap((m) => m.dependencies);
    while (stack.length > 0) {
      const urn = stack.pop() as string;
      if (seen.has(urn)) continue;
      seen.add(urn);
      const r = byUrn.get(urn);
      if (!r) continue;
      const drawn = nodeOf.get(urn);
      if (drawn !== undefined) {
        if (drawn !== from && from.startsWith("cdn") && drawn.startsWith("alb"))
          edges.add(`${from} --> ${drawn}`);
        continue; // never through another drawn node (a service does not use the ALB's log bucket)
      }
      if (DATA_STORE_TYPES[r.type] !== undefined) {
        let id = storeId.get(urn);
        if (id === undefined) {
          id = `db${storeId.size + 1}`;
          storeId.set(urn, id);
        }
        edges.add(`${from} --> ${id}`);
        continue;
      }
      stack.push(...r.dependencies);
    }
  };
  for (const members of services.values()) reach(nodeOf.get(members[0].urn) as string, members);
  ofType(CDN).forEach((r, i) => {
    reach(`cdn${i + 1}`, [r]);
    // A custom (non-S3) origin is the API behind the load balancer (its host name, not a dependency).
    const origins = Array.isArray(r.inputs.origins) ? (r.inputs.origins as Record<string, unknown>[]) : [];
    if (origins.some((o) => o.customOriginConfig !== undefined))
      for (const a of nodes.filter((n) => n.id.startsWith("alb"))) edges.add(`cdn${i + 1} --> ${a.id}`);
  });
  // Bedrock models a service's task role may invoke (the AI report's models): one node per model.
  const modelId = new Map<string, string>();
  for (const members of services.values()) {
    const from = nodeOf.get(members[0].urn) as string;
    for (const model of bedrockModelsOf(members, resources)) {
      let id = modelId.get(model);
      if (id === undefined) {
        id = `ai${modelId.size + 1}`;
        modelId.set(model, id);
        add(id, `Bedrock model<br/>${escapeLabel(model)}`, "ai", []);
      }
      edges.add(`${from} --> ${id}`);
    }
  }
  for (const s of stores) {
    const id = storeId.get(s.urn);
    if (id !== undefined)
      add(id, `${escapeLabel(DATA_STORE_TYPES[s.type])}<br/>${escapeLabel(s.name)}`, "data", [s]);
  }

  // The way in: internet -> WAF -> CDN, internet -> public load balancers -> the services behind them.
  const cdns = nodes.filter((n) => n.id.startsWith("cdn")).map((n) => n.id);
  const albIds = nodes.filter((n) => n.id.startsWith("alb")).map((n) => n.id);
  const entry = wafs.length > 0 ? "waf" : "internet";
  if (wafs.length > 0) edges.add("internet --> waf");
  for (const c of cdns) edges.add(`${entry} --> ${c}`);
  for (const a of albIds) edges.add(`internet --> ${a}`);
  for (const a of albIds) for (const s of reachable) edges.add(`${a} --> ${s}`);
  return { nodes, edges: [...edges].sort() };
}

/**
 * The Bedrock models the task role of a service's task definition may invoke, read from its role
 * policies: inference profile IDs where the grant names a profile (its foundation-model ARNs in other
 * Regions are the same model), else foundation model IDs.
 */
function bedrockModelsOf(
  members: readonly CapturedResource[],
  resources: readonly CapturedResource[],
): string[] {
  const defs = resources.filter(
    (r) =>
      r.type === "aws:ecs/taskDefinition:TaskDefinition" &&
      members.some((m) => m.dependencies.includes(r.urn)),
  );
  const roleArns = new Set<unknown>(defs.map((d) => d.inputs.taskRoleArn).filter((a) => a !== undefined));
  const roles = resources.filter((r) => r.type === "aws:iam/role:Role" && roleArns.has(r.outputs.arn));
  const roleNames = new Set<unknown>(
    roles.flatMap((r) => [r.outputs.name, r.outputs.id, r.inputs.name]).filter(Boolean),
  );
  const arns: string[] = [];
  for (const p of resources.filter(
    (r) => r.type === "aws:iam/rolePolicy:RolePolicy" && roleNames.has(r.inputs.role),
  )) {
    let doc: { Statement?: { Action?: string | string[]; Resource?: string | string[] }[] };
    try {
      doc = JSON.parse(String(p.inputs.policy)) as typeof doc;
    } catch {
      continue; // not resolved offline: nothing to draw
    }
    for (const st of doc.Statement ?? [])
      if ([st.Action ?? []].flat().some((a) => a.startsWith("bedrock:Invoke")))
        arns.push(...[st.Resource ?? []].flat());
  }
  const profiles = arns.filter((a) => a.includes(":inference-profile/")).map((a) => a.split("/").pop()!);
  const models = arns.filter((a) => a.includes(":foundation-model/")).map((a) => a.split("/").pop()!);
  const viaProfile = new Set(profiles.map((p) => p.slice(p.indexOf(".") + 1)));
  return [...new Set([...profiles, ...models.filter((m) => !viaProfile.has(m))])].sort();
}

/** Mermaid flowchart source of the request path. */
export function requestPathDiagram(resources: readonly CapturedResource[]): string {
  const { nodes, edges } = requestPath(resources);
  const lines = ["flowchart LR"];
  const groups: [string, string][] = [
    ["edge", "Edge"],
    ["services", "Services (private subnets)"],
    ["data", "Data stores and queues"],
    ["ai", "AI models (Amazon Bedrock)"],
  ];
  lines.push(`  internet(("Internet"))`);
  for (const [group, title] of groups) {
    const members = nodes.filter((n) => n.group === group);
    if (members.length === 0) continue;
    lines.push(`  subgraph ${group}["${title}"]`);
    for (const n of members) lines.push(`    ${n.id}["${n.label}"]`);
    lines.push("  end");
  }
  for (const e of edges) lines.push(`  ${e}`);
  return `${lines.join("\n")}\n`;
}
