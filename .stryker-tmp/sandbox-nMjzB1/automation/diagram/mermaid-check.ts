/**
 * A syntax check of the Mermaid flowchart subset `mermaidDiagram` emits, used by the tests of the
 * generator and of the plan (no Mermaid renderer is available offline). Pure.
 */
// @ts-nocheck


/**
 * The problems of a flowchart in the subset the generator emits: the header; `subgraph id["label"]` ...
 * `end` balanced; node declarations `id["label"]` with unique ids (subgraph ids included); edges
 * `a --> b` between declared ids only; labels on one line, without a raw `"` and without a `#` that
 * does not start an entity code (Mermaid would read `#...;` as an entity).
 */
export function mermaidProblems(text: string): string[] {
  const problems: string[] = [];
  const lines = text.replace(/\n$/, "").split("\n");
  if (!/^flowchart (LR|TB)$/.test(lines[0])) problems.push(`bad header ${lines[0]}`);
  const ids = new Set<string>();
  const edges: [string, string][] = [];
  let depth = 0;
  const label = (l: string, line: string) => {
    if (l.includes('"')) problems.push(`raw quote in ${line}`);
    if (/#(?![a-z]+;|\d+;)/.test(l)) problems.push(`bare # in ${line}`);
    if (/[<>]/.test(l.replace(/<br\/>/g, ""))) problems.push(`raw < or > in ${line}`);
    if (l.includes("`")) problems.push(`backtick in ${line}`);
  };
  const declare = (id: string, line: string) => {
    if (ids.has(id)) problems.push(`duplicate id ${id}`);
    ids.add(id);
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(id)) problems.push(`bad id in ${line}`);
  };
  for (const line of lines.slice(1)) {
    const t = line.trim();
    let m: RegExpExecArray | null;
    if ((m = /^subgraph (\S+)\["(.*)"\]$/.exec(t))) {
      declare(m[1], line);
      label(m[2], line);
      depth++;
    } else if (t === "end") {
      depth--;
      if (depth < 0) problems.push("end without subgraph");
    } else if ((m = /^(\S+) --> (\S+)$/.exec(t))) {
      edges.push([m[1], m[2]]);
    } else if ((m = /^([^\s[]+)\["(.*)"\]$/.exec(t))) {
      declare(m[1], line);
      label(m[2], line);
    } else problems.push(`unparsed line ${JSON.stringify(line)}`);
  }
  if (depth !== 0) problems.push(`${depth} subgraph(s) not closed`);
  for (const [a, b] of edges) {
    if (!ids.has(a) || !ids.has(b)) problems.push(`edge ${a} --> ${b} to an undeclared id`);
  }
  return problems;
}
