/**
 * A Mermaid architecture diagram generated from a stack's resource graph. Pure. Readable rather than
 * complete: components become subgraphs, only key resources (load balancers, services, databases,
 * distributions, buckets, networks, secrets, keys, topics...) become nodes, and an edge `A --> B` means
 * A depends on B, directly or through resources that are not drawn. Edges implied by a longer drawn
 * path are left out (transitive reduction), so a dashboard that depends on everything does not fill the
 * picture. Three or more key resources of the
 * same type in the same component are drawn as one node (`NAT gateway x3`).
 */
// @ts-nocheck

import type { CapturedResource } from "../engine/types";

/** Type tokens drawn as nodes, with their label. */
export const KEY_TYPES: Readonly<Record<string, string>> = {
  "aws:ec2/vpc:Vpc": "VPC",
  "aws:ec2/natGateway:NatGateway": "NAT gateway",
  "aws:lb/loadBalancer:LoadBalancer": "Load balancer",
  "aws:ecs/cluster:Cluster": "ECS cluster",
  "aws:ecs/service:Service": "ECS service",
  "aws:rds/instance:Instance": "RDS instance",
  "aws:rds/cluster:Cluster": "Aurora cluster",
  "aws:cloudfront/distribution:Distribution": "CloudFront",
  "aws:s3/bucket:Bucket": "S3 bucket",
  "aws:s3/bucketV2:BucketV2": "S3 bucket",
  "aws:secretsmanager/secret:Secret": "Secret",
  "aws:kms/key:Key": "KMS key",
  "aws:sns/topic:Topic": "SNS topic",
  "aws:acm/certificate:Certificate": "Certificate",
  "aws:route53/zone:Zone": "Hosted zone",
  "aws:wafv2/webAcl:WebAcl": "WAF",
  "aws:ecr/repository:Repository": "ECR repository",
  "aws:synthetics/canary:Canary": "Canary",
  "aws:cloudwatch/dashboard:Dashboard": "Dashboard",
};

export interface DiagramOptions {
  /** Direction of the flowchart. @default "LR" */
  readonly direction?: "LR" | "TB";
  /** Collapse groups of this many same-type key resources in one component into one node. @default 3 */
  readonly collapseAt?: number;
}

interface Node {
  readonly id: string;
  /** Escaped label (Mermaid text). */
  readonly label: string;
  readonly parent?: string;
  readonly members: readonly string[];
}

const ENTITIES: Readonly<Record<string, string>> = {
  "#": "#35;",
  '"': "#quot;",
  "<": "#lt;",
  ">": "#gt;",
  "`": "#96;",
};

/**
 * Text for a quoted Mermaid label: `#` (which starts an entity code), quotes, angle brackets and
 * backticks as entity codes, line breaks as spaces. Labels join escaped parts with a literal `<br/>`.
 */
export function escapeLabel(text: string): string {
  return text.replace(/[#"<>`]/g, (c) => ENTITIES[c]).replace(/\s*[\r\n]+\s*/g, " ");
}

function typeLabel(type: string): string {
  return KEY_TYPES[type] ?? type.split(":").pop() ?? type;
}

/** Generate the Mermaid flowchart source for a stack's resources. */
export function mermaidDiagram(input: readonly CapturedResource[], options: DiagramOptions = {}): string {
  const resources = [...input].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
  const collapseAt = options.collapseAt ?? 3;
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const children = new Map<string, CapturedResource[]>();
  for (const r of resources) {
    if (r.parent && byUrn.has(r.parent)) {
      const list = children.get(r.parent) ?? [];
      list.push(r);
      children.set(r.parent, list);
    }
  }
  const parentOf = (r: CapturedResource) => (r.parent && byUrn.has(r.parent) ? r.parent : undefined);
  const isComponent = (r: CapturedResource) => !r.custom && !r.remote;
  const isKey = (r: CapturedResource) =>
    (r.custom && KEY_TYPES[r.type] !== undefined) || (!r.custom && r.remote === true);

  // Components that contain at least one key resource somewhere below them become subgraphs; the others
  // become a node of their own so the part is still visible.
  const hasKeyBelow = new Map<string, boolean>();
  const keyBelow = (urn: string): boolean => {
    const known = hasKeyBelow.get(urn);
    if (known !== undefined) return known;
    const v = (children.get(urn) ?? []).some((c) => isKey(c) || (isComponent(c) && keyBelow(c.urn)));
    hasKeyBelow.set(urn, v);
    return v;
  };
  const components = resources.filter(isComponent);
  const subgraphs = components.filter((c) => keyBelow(c.urn));
  const componentNodes = components.filter((c) => !keyBelow(c.urn));

  // Nodes: key resources grouped by (parent, type), plus leaf components.
  const groups = new Map<string, CapturedResource[]>();
  for (const r of resources.filter(isKey)) {
    const k = `${parentOf(r) ?? ""}|${r.type}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const nodes: Node[] = [];
  const nodeOf = new Map<string, string>();
  let n = 0;
  const add = (label: string, members: CapturedResource[], parent?: string) => {
    const id = `n${++n}`;
    nodes.push({ id, label, parent, members: members.map((m) => m.urn) });
    for (const m of members) nodeOf.set(m.urn, id);
  };
  for (const [, members] of [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const sorted = [...members].sort((a, b) => (a.name < b.name ? -1 : 1));
    if (sorted.length >= collapseAt) {
      add(escapeLabel(`${typeLabel(sorted[0].type)} x${sorted.length}`), sorted, parentOf(sorted[0]));
    } else {
      for (const r of sorted) {
        const kind = r.remote ? `${r.type} (remote, opaque)` : typeLabel(r.type);
        add(`${escapeLabel(r.name)}<br/>${escapeLabel(kind)}`, [r], parentOf(r));
      }
    }
  }
  const descendants = (urn: string): CapturedResource[] =>
    (children.get(urn) ?? []).flatMap((c) => [c, ...descendants(c.urn)]);
  // A component without key resources is one node in the nearest subgraph (or at the top); components
  // nested inside it are part of that node, so every drawn node sits in an emitted container.
  const subgraphUrns = new Set(subgraphs.map((c) => c.urn));
  for (const c of componentNodes) {
    const parent = parentOf(c);
    if (parent !== undefined && !subgraphUrns.has(parent)) continue;
    add(`${escapeLabel(c.name)}<br/>${escapeLabel(c.type)}`, [c, ...descendants(c.urn)], parent);
  }

  // Edges: from each drawn resource to the drawn resources it reaches through undrawn ones.
  const edges = new Set<string>();
  for (const node of nodes) {
    const seen = new Set<string>(node.members);
    const stack = node.members.flatMap((m) => byUrn.get(m)?.dependencies ?? []);
    while (stack.length > 0) {
      const urn = stack.pop() as string;
      if (seen.has(urn)) continue;
      seen.add(urn);
      const target = nodeOf.get(urn);
      if (target !== undefined) {
        if (target !== node.id) edges.add(`${node.id} --> ${target}`);
        continue;
      }
      const r = byUrn.get(urn);
      if (!r) continue;
      if (isComponent(r)) stack.push(...descendants(urn).map((d) => d.urn));
      else stack.push(...r.dependencies);
    }
  }

  const drawn = transitiveReduction(edges);

  const lines = [`flowchart ${options.direction ?? "LR"}`];
  const sgId = new Map(subgraphs.map((c, i) => [c.urn, `c${i + 1}`]));
  const emit = (parent: string | undefined, indent: string) => {
    for (const c of subgraphs.filter((s) => parentOf(s) === parent)) {
      lines.push(`${indent}subgraph ${sgId.get(c.urn)}["${escapeLabel(`${c.name} (${c.type})`)}"]`);
      emit(c.urn, `${indent}  `);
      lines.push(`${indent}end`);
    }
    for (const node of nodes.filter((x) => x.parent === parent)) {
      lines.push(`${indent}${node.id}["${node.label}"]`);
    }
  };
  emit(undefined, "  ");
  for (const e of [...drawn].sort((a, b) => {
    const [x1, y1] = a.split(" --> ").map((s) => Number(s.slice(1)));
    const [x2, y2] = b.split(" --> ").map((s) => Number(s.slice(1)));
    return x1 - x2 || y1 - y2;
  })) {
    lines.push(`  ${e}`);
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Drop every edge `a --> c` for which another drawn path from a to c exists (edges as `nX --> nY`).
 * On a cycle the edges of the cycle are kept.
 */
export function transitiveReduction(edges: ReadonlySet<string>): Set<string> {
  const out = new Map<string, Set<string>>();
  for (const e of edges) {
    const [a, b] = e.split(" --> ");
    out.set(a, (out.get(a) ?? new Set()).add(b));
  }
  const reachesWithout = (from: string, to: string, skip: string): boolean => {
    const seen = new Set<string>([from]);
    const stack = [...(out.get(from) ?? [])].filter((n) => n !== skip);
    while (stack.length > 0) {
      const n = stack.pop() as string;
      if (n === to) return true;
      if (seen.has(n)) continue;
      seen.add(n);
      for (const m of out.get(n) ?? []) stack.push(m);
    }
    return false;
  };
  const kept = new Set<string>();
  for (const e of edges) {
    const [a, c] = e.split(" --> ");
    // Another path a -> b -> ... -> c that does not use this edge, and c does not lead back to a.
    const implied =
      [...(out.get(a) ?? [])].some((b) => b !== c && reachesWithout(b, c, "")) && !reachesWithout(c, a, "");
    if (!implied) kept.add(e);
  }
  return kept;
}
