// @ts-nocheck
import type { CapturedResource } from "../engine/types";
import { KEY_TYPES, mermaidDiagram, transitiveReduction } from "./mermaid";
import { mermaidProblems } from "./mermaid-check";

function r(type: string, name: string, extra: Partial<CapturedResource> = {}): CapturedResource {
  return {
    type,
    name,
    urn: `urn:${type}::${name}`,
    custom: true,
    inputs: {},
    outputs: {},
    secretPaths: [],
    dependencies: [],
    ...extra,
  };
}

describe("mermaidDiagram", () => {
  const net = r("slipway:network:Network", "net", { custom: false });
  const vpc = r("aws:ec2/vpc:Vpc", "vpc", { parent: net.urn });
  const subnet = r("aws:ec2/subnet:Subnet", "private-a", { parent: net.urn, dependencies: [vpc.urn] });
  const nats = ["a", "b", "c"].map((z) =>
    r("aws:ec2/natGateway:NatGateway", `nat-${z}`, { parent: net.urn, dependencies: [subnet.urn] }),
  );
  const svc = r("slipway:service:Service", "api", { custom: false });
  const sg = r("aws:ec2/securityGroup:SecurityGroup", "api-sg", { parent: svc.urn, dependencies: [vpc.urn] });
  const ecs = r("aws:ecs/service:Service", "api-blue", { parent: svc.urn, dependencies: [sg.urn] });
  const alb = r("aws:lb/loadBalancer:LoadBalancer", "alb", { dependencies: [net.urn] });
  const tags = r("slipway:tags:Tags", "tags", { custom: false });
  const remote = r("awsx:ec2:Vpc", "legacy", { custom: false, remote: true });
  const all = [net, vpc, subnet, ...nats, svc, sg, ecs, alb, tags, remote];
  const text = mermaidDiagram(all);

  test("components with key resources are subgraphs; others are nodes", () => {
    expect(text).toContain('subgraph c1["net (slipway:network:Network)"]');
    expect(text).toContain('subgraph c2["api (slipway:service:Service)"]');
    expect(text).toContain('["tags<br/>slipway:tags:Tags"]');
    expect(text).not.toContain("private-a");
    expect(text).not.toContain("api-sg");
  });

  test("three same-type resources in one component collapse into one node", () => {
    expect(text).toContain('["NAT gateway x3"]');
    expect(text).not.toContain("nat-a");
  });

  test("remote components are shown as opaque", () => {
    expect(text).toContain("legacy<br/>awsx:ec2:Vpc (remote, opaque)");
  });

  test("edges follow dependencies through undrawn resources and into components", () => {
    const id = (label: string) => new RegExp(`(n\\d+)\\["${label}`).exec(text)?.[1];
    const [vpcId, natId, ecsId, albId] = [id("vpc"), id("NAT gateway x3"), id("api-blue"), id("alb")];
    expect(text).toContain(`${natId} --> ${vpcId}`);
    expect(text).toContain(`${ecsId} --> ${vpcId}`);
    expect(text).toContain(`${albId} --> ${natId}`);
    // alb --> vpc is implied by alb --> NAT --> vpc and left out.
    expect(text).not.toContain(`${albId} --> ${vpcId}`);
  });

  test("the output is exactly reproducible and starts with the flowchart header", () => {
    expect(text.startsWith("flowchart LR\n")).toBe(true);
    expect(mermaidDiagram([...all].reverse())).toBe(text);
  });

  test("transitive reduction keeps only edges no longer path implies", () => {
    expect(
      [...transitiveReduction(new Set(["n1 --> n2", "n2 --> n3", "n1 --> n3", "n3 --> n4"]))].sort(),
    ).toEqual(["n1 --> n2", "n2 --> n3", "n3 --> n4"]);
    // A cycle keeps its edges.
    expect(transitiveReduction(new Set(["n1 --> n2", "n2 --> n1"])).size).toBe(2);
  });

  test("quotes in names are escaped", () => {
    expect(mermaidDiagram([r("aws:s3/bucket:Bucket", 'a"b')])).toContain("a#quot;b");
  });
});

describe("mermaidDiagram: the output is valid Mermaid", () => {
  test("the checker catches what it should", () => {
    expect(mermaidProblems('flowchart LR\n  subgraph c1["x"]\n  n1["a"]\n')).toContain(
      "1 subgraph(s) not closed",
    );
    expect(mermaidProblems('flowchart LR\n  n1["a"]\n  n1["b"]\n')).toContain("duplicate id n1");
    expect(mermaidProblems('flowchart LR\n  n1["a"b"]\n')).toHaveLength(1);
    expect(mermaidProblems('flowchart LR\n  n1["a"]\n  n1 --> n2\n')).toHaveLength(1);
  });

  test("awkward names (quotes, #, <, >, backticks, newlines, a literal <br/>) are escaped", () => {
    const names = ['a"b', "x#quot;y", "c#1", "<script>", "back`tick`", "two\nlines", "lit<br/>eral"];
    const comp = r("slipway:odd:Thing", 'comp "#1"', { custom: false });
    const text = mermaidDiagram(
      [
        comp,
        ...names.map((n) => r("aws:s3/bucket:Bucket", n, { parent: comp.urn })),
        r("my:odd#type:T<x>", "t", { custom: false }),
      ],
      { collapseAt: 100 },
    );
    expect(mermaidProblems(text)).toEqual([]);
    // A literal "<br/>" in a name is text, not a line break.
    expect(text).toContain("lit#lt;br/#gt;eral");
  });

  test("nested components without key resources are drawn once, in their nearest drawn ancestor", () => {
    const outer = r("slipway:a:Outer", "outer", { custom: false });
    const inner = r("slipway:a:Inner", "inner", { custom: false, parent: outer.urn });
    const leaf = r("aws:iam/role:Role", "role", { parent: inner.urn });
    const bucket = r("aws:s3/bucket:Bucket", "b", { dependencies: [leaf.urn] });
    const text = mermaidDiagram([outer, inner, leaf, bucket]);
    expect(mermaidProblems(text)).toEqual([]);
    expect(text).toContain("outer<br/>slipway:a:Outer");
    // The bucket depends on a resource inside it: an edge to the drawn node, not to a hidden one.
    expect(text).toMatch(/n\d+ --> n\d+/);
  });

  test("the diagram of a larger random graph is valid", () => {
    const resources: CapturedResource[] = [];
    const types = Object.keys(KEY_TYPES).concat(["aws:iam/role:Role", "aws:ec2/subnet:Subnet"]);
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    for (let i = 0; i < 200; i++) {
      const component = rand(4) === 0;
      const parent = resources.length > 0 && rand(3) > 0 ? resources[rand(resources.length)] : undefined;
      const deps = resources.length > 0 ? [resources[rand(resources.length)].urn] : [];
      resources.push(
        r(component ? `slipway:c:C${rand(3)}` : types[rand(types.length)], `r${i}`, {
          custom: !component,
          ...(parent && !parent.custom ? { parent: parent.urn } : {}),
          dependencies: deps,
        }),
      );
    }
    expect(mermaidProblems(mermaidDiagram(resources))).toEqual([]);
  });
});
