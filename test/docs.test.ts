/**
 * The operational docs stay true: every `npm run <x>` they name exists, the flags they pass to slipway
 * commands exist, internal links resolve, the on-call routing lists every alarm the monitoring component
 * defines, and the generated pages match their sources (`npm run docs` regenerates them).
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { Command } from "commander";
import { parse } from "yaml";
import { DECLARED_KEYS } from "../config";
import { pulumiYamlConfigBlock, pulumiYamlDeclared, replaceBetween } from "../config/docs";
import {
  DEFAULT_RPO_TARGET_MINUTES,
  DEFAULT_RTO_TARGET_MINUTES,
  DEFAULT_TIMEOUT_MINUTES,
} from "../automation/ops/dr-drill";
import {
  ARCHITECTURE_PAGE,
  CONFIGURATION_PAGE,
  PULUMI_YAML,
  README_PAGE,
  extractMermaid,
  generatedPages,
  renderArchitecture,
  renderConfigurationReference,
  stackValues,
} from "../docs/generate";
import { defaultBackupDir } from "../automation/pipeline/deploy";

const ROOT = join(__dirname, "..");
const DOCS = join(ROOT, "docs");
const SCRIPTS = (
  JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }
).scripts;

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return markdownFiles(p);
    return f.endsWith(".md") ? [p] : [];
  });
}
const FILES = [...markdownFiles(DOCS), join(ROOT, "README.md")];
/**
 * Pages written by people (runbooks, guides). The generated pages quote their sources verbatim, e.g. a
 * stack's `slipway:migrationCommand` value `npm run migrate` is the application's script, not ours.
 */
const WRITTEN = FILES.filter((f) => f !== CONFIGURATION_PAGE && f !== ARCHITECTURE_PAGE);
const rel = (p: string) => relative(ROOT, p);
const read = (p: string) => readFileSync(p, "utf8");

/** Every `npm run <script> [-- args]` invocation, with `\` line continuations joined. */
function npmRuns(text: string): { script: string; args: string }[] {
  const joined = text.replace(/\\\r?\n\s*/g, " ");
  return [...joined.matchAll(/npm run(?: -s)? ([\w:-]+)([^\n`|#]*)/g)].map((m) => ({
    script: m[1],
    args: (m[2].split(/(?:^|\s)--(?:\s|$)/)[1] ?? "").trim(),
  }));
}

/** `pulumi config set` flags that take a value. */
const FLAGS_WITH_VALUE = new Set(["--stack", "-s", "--config-file", "--cwd", "-C", "--type", "--color"]);

/** GitHub's heading anchors. */
function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  let inFence = false;
  for (const line of markdown.split("\n")) {
    if (line.startsWith("```")) inFence = !inFence;
    const h = !inFence && /^#{1,6}\s+(.*)$/.exec(line);
    if (h)
      out.add(
        h[1]
          .trim()
          .toLowerCase()
          .replace(/[^\p{L}\p{N}\- _]/gu, "")
          .replace(/ /g, "-"),
      );
  }
  return out;
}

describe("docs", () => {
  it("has the runbooks an on-call engineer needs, each with commands to run", () => {
    for (const page of [
      "runbooks/deploy.md",
      "runbooks/rollback.md",
      "runbooks/incident-response.md",
      "runbooks/on-call.md",
      "runbooks/disaster-recovery.md",
      "runbooks/drift.md",
      "runbooks/secrets-rotation.md",
      "postmortem-template.md",
      "ci-cd.md",
      "configuration.md",
    ]) {
      expect({ page, exists: existsSync(join(DOCS, page)) }).toEqual({ page, exists: true });
      if (page.startsWith("runbooks/")) expect(read(join(DOCS, page))).toMatch(/```sh\n/);
    }
  });

  it.each(WRITTEN.map(rel))("every npm script %s names exists in package.json", (file) => {
    const runs = npmRuns(read(join(ROOT, file)));
    for (const { script } of runs) {
      expect({ file, script, exists: script in SCRIPTS }).toEqual({ file, script, exists: true });
    }
  });

  it("every flag a doc passes to a slipway command is an option of that command", async () => {
    const checked: string[] = [];
    const programs = new Map<string, Set<string>>();
    for (const file of WRITTEN) {
      for (const { script, args } of npmRuns(read(file))) {
        const cli = /(?:^|\s)automation\/cli\.ts (\S+)$/.exec(SCRIPTS[script] ?? "")?.[1];
        if (!cli || !existsSync(join(ROOT, "automation", "cli", `${cli}.ts`))) continue;
        if (!programs.has(cli)) {
          const mod = (await import(join(ROOT, "automation", "cli", `${cli}.ts`))) as {
            register: (p: Command) => void;
          };
          const program = new Command();
          mod.register(program);
          const command = program.commands.find((c) => c.name() === cli);
          programs.set(cli, new Set((command?.options ?? []).map((o) => o.long ?? "")));
        }
        const known = programs.get(cli)!;
        for (const flag of args.match(/(?<=^|\s)--[a-z][\w-]*/g) ?? []) {
          expect({ file: rel(file), cli, flag, known: known.has(flag) }).toEqual({
            file: rel(file),
            cli,
            flag,
            known: true,
          });
          checked.push(`${cli} ${flag}`);
        }
      }
    }
    // The check ran on real invocations of every kind of command (whatever runs the CLI entry).
    expect(checked).toEqual(
      expect.arrayContaining([
        "drift --stack",
        "dr-drill --stack",
        "plan --out",
        "policy --stack",
        "rollback --stack",
      ]),
    );
  });

  it.each(FILES.filter((f) => f.startsWith(DOCS)).map(rel))("internal links in %s resolve", (file) => {
    const text = read(join(ROOT, file));
    for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1];
      if (/^[a-z]+:/.test(target)) continue; // external
      const [path, anchor] = target.split("#");
      const abs = path ? resolve(dirname(join(ROOT, file)), path) : join(ROOT, file);
      expect({ file, target, exists: existsSync(abs) }).toEqual({ file, target, exists: true });
      if (anchor && abs.endsWith(".md")) {
        expect({ file, target, anchor: anchors(read(abs)).has(anchor) }).toEqual({
          file,
          target,
          anchor: true,
        });
      }
    }
  });

  it("on-call lists every alarm with its severity in components/monitoring; incident severities match those tiers", () => {
    const source = read(join(ROOT, "components", "monitoring", "alarms.ts"));
    const alarms = [
      ...source.matchAll(/key: (?:`(?:\$\{[^}]+\}-)?([^`]+)`|"([^"]+)"),\s*severity: "(\w+)"/g),
    ].map((m) => ({ key: m[1] ?? m[2], severity: m[3] }));
    // Every alarm spec in the source was read (each has a key followed by its severity).
    expect(alarms.length).toBe([...source.matchAll(/^\s+key: /gm)].length);
    expect(alarms.length).toBeGreaterThan(5);
    const rows = new Map<string, string>();
    for (const line of read(join(DOCS, "runbooks", "on-call.md")).split("\n")) {
      const cells = line.split("|").map((c) => c.trim());
      const key = /^`(?:<[^>]+>-)?([^`]+)`$/.exec(cells[1] ?? "")?.[1];
      if (key) rows.set(key, cells[2]);
    }
    for (const { key, severity } of alarms)
      expect({ key, severity: rows.get(key) }).toEqual({ key, severity });

    // Incident severities match the alarm tiers: SEV1/SEV2 name critical alarms, SEV3 warning ones.
    const tierOf = new Map(alarms.map((a) => [a.key, a.severity]));
    const named: string[] = [];
    for (const line of read(join(DOCS, "runbooks", "incident-response.md")).split("\n")) {
      const sev = /^\|\s*\*\*SEV([1-4])\*\*\s*\|/.exec(line)?.[1];
      if (!sev) continue;
      const tier = sev === "3" ? "warning" : sev === "4" ? "info" : "critical";
      for (const m of line.matchAll(/`(?:<[^>]+>-)?([a-z0-9-]+)`/g)) {
        if (!tierOf.has(m[1])) continue;
        named.push(m[1]);
        expect({ sev: `SEV${sev}`, alarm: m[1], tier: tierOf.get(m[1]) }).toEqual({
          sev: `SEV${sev}`,
          alarm: m[1],
          tier,
        });
      }
    }
    expect(named.length).toBeGreaterThan(5);
  });

  it("on-call routing is the monitoring component's: critical pages, warning notifies, info is a log", () => {
    const source = read(join(ROOT, "components", "monitoring", "monitoring.ts"));
    // The channels per severity, as the component subscribes them.
    const block = /critical: \[([\s\S]*?)\],\s*warning: \[(.*)\],\s*info: \[(.*)\],?\s*\};/.exec(source);
    expect(block).not.toBeNull();
    const channels = (text: string) => [...text.matchAll(/\["(pagerduty|slack|email)"\]/g)].map((m) => m[1]);
    const code = { critical: channels(block![1]), warning: channels(block![2]), info: channels(block![3]) };
    expect(code.critical).toContain("pagerduty");
    const table = new Map<string, string[]>();
    for (const line of read(join(DOCS, "runbooks", "on-call.md")).split("\n")) {
      const m = /^\|\s*`\.\.\.-(critical|warning|info)`\s*\|(.*)\|\s*$/.exec(line);
      if (!m) continue;
      const [pagerduty, slack, email] = m[2].split("|").map((c) => /yes/.test(c));
      table.set(
        m[1],
        [pagerduty && "pagerduty", slack && "slack", email && "email"].filter((c): c is string => !!c),
      );
    }
    expect(Object.fromEntries(table)).toEqual(code);
  });

  it("disaster recovery states the drill's own RTO, RPO and timeout defaults", () => {
    const dr = read(join(DOCS, "runbooks", "disaster-recovery.md"));
    const rto = DEFAULT_RTO_TARGET_MINUTES;
    const rpo = DEFAULT_RPO_TARGET_MINUTES;
    for (const text of [
      `--rto-target-minutes ${rto}`,
      `--rpo-target-minutes ${rpo}`,
      `--timeout-minutes ${DEFAULT_TIMEOUT_MINUTES}`,
      `"rto": { "targetMinutes": ${rto},`,
      `"rpo": { "targetMinutes": ${rpo},`,
      `the drill measures restore-to-available against ${rto} min`,
      `the drill measures the age of the latest snapshot against ${rpo / 60} h`,
      `${rpo / 60} hours from a snapshot`,
    ])
      expect({ text, stated: dr.includes(text) }).toEqual({ text, stated: true });
    const objective = /\*\*RTO\*\* \(time to a working database\)\s*\|\s*(\d+) minutes/.exec(dr);
    expect(Number(objective?.[1])).toBe(rto);
  });

  it("the state backup directory the runbooks name is where the deploy writes them", () => {
    // Under the release root: the docs name it relative to it (`<release root>/...`, `$SLIPWAY_ARTIFACTS_DIR/...`).
    const dir = relative("/release", defaultBackupDir("/release"));
    expect(dir).toBe(".slipway/state-backups");
    const named = WRITTEN.flatMap((f) =>
      [...read(f).matchAll(/([\w./-]*state-backups)\//g)].map((m) => m[1]),
    );
    expect(named.length).toBeGreaterThan(0);
    for (const path of named)
      expect({ path, under: path === dir || path.endsWith(`/${dir}`) }).toEqual({ path, under: true });
  });

  it.each(WRITTEN.filter((f) => f.startsWith(DOCS)).map(rel))(
    "%s never puts a secret value on the command line (pulumi prompts for it)",
    (file) => {
      const withValue = FLAGS_WITH_VALUE;
      for (const line of read(join(ROOT, file)).split("\n")) {
        const command = /pulumi config set\b(.*)/.exec(
          line.replace(/\s#.*$/, "").replace(/`[^`]*$/, ""),
        )?.[1];
        if (command === undefined || !/(^|\s)--secret\b/.test(command)) continue;
        const tokens = command.match(/'[^']*'|"[^"]*"|[^\s`]+/g) ?? [];
        const positional: string[] = [];
        for (let i = 0; i < tokens.length; i++) {
          if (withValue.has(tokens[i])) i++;
          else if (!tokens[i].startsWith("-")) positional.push(tokens[i]);
        }
        // The key only; a second positional argument is the secret, in shell history.
        expect({ line: line.trim(), positional: positional.length }).toEqual({
          line: line.trim(),
          positional: 1,
        });
      }
    },
  );

  describe("the generated pages are what `npm run docs` writes today (run it if not)", () => {
    // One fresh offline plan of this project (`npm run plan`), as the generator makes it.
    let pages: ReturnType<typeof generatedPages>;
    beforeAll(() => {
      pages = generatedPages();
    }, 120_000);

    it("configuration reference: from config/schema.json and the stack files", () => {
      expect(read(CONFIGURATION_PAGE)).toBe(pages.configuration);
    });

    it("the config block of Pulumi.yaml and the README's configuration table: from config/schema.json", () => {
      expect(read(PULUMI_YAML)).toBe(pages.pulumiYaml);
      expect(read(README_PAGE)).toBe(pages.readme);
    });

    it("architecture: the diagrams of a fresh plan, one section per stack", () => {
      const page = read(ARCHITECTURE_PAGE);
      expect(page).toMatch(/^<!-- Generated by `npm run docs`/);
      expect(extractMermaid(page).map((d) => d.heading)).toEqual([
        expect.stringMatching(/^Request path/),
        expect.stringMatching(/^staging/),
        expect.stringMatching(/^production/),
      ]);
      expect(page).toBe(pages.architecture);
    });
  });
});

describe("docs generator", () => {
  it("lists every declared key once, with its type, per-environment default and secret flag", () => {
    const page = renderConfigurationReference({});
    for (const key of DECLARED_KEYS)
      expect({ key, rows: page.split("\n").filter((l) => l.startsWith(`| \`${key}\` |`)).length }).toEqual({
        key,
        rows: 1,
      });
    expect(page).toContain("| `slipway:azCount` | integer 2..6 | 2 / 3 / 2 |  |");
    expect(page).toContain("| `slipway:alertSlackWebhookUrl` | string | unset | **yes** |");
    expect(page).toContain("| `slipway:natGateways` | single \\| perAz | single / perAz / single |");
  });

  it("says whose stack values it shows: the bundled example's, and where a user's own stacks are", () => {
    const page = renderConfigurationReference({ staging: "config:\n  aws:region: eu-west-1\n" });
    expect(page).toContain(
      "The values set in the stack files of `examples/taskflow/stacks` (the bundled example release).",
    );
    expect(page).toContain("in your release's `stacks/` directory (`npm run init`)");
  });

  it("declares in Pulumi.yaml only keys with one scalar, non-secret default; lists the others as comments", () => {
    const block = pulumiYamlConfigBlock();
    const doc = parse(block) as { config: Record<string, { type: string; default: unknown }> };
    expect(Object.keys(doc.config).sort()).toEqual(
      DECLARED_KEYS.filter(pulumiYamlDeclared)
        .map((k) => k.slice("slipway:".length))
        .sort(),
    );
    for (const key of DECLARED_KEYS.filter((k) => !pulumiYamlDeclared(k)))
      expect(block).toMatch(new RegExp(`^# {3}${key} `, "m"));
    expect(block).toMatch(/^# {3}slipway:secrets +SECRET object; default: none$/m);
  });

  it("replaces only what lies between the markers, and names a file without them", () => {
    expect(
      replaceBetween("a\n<!-- B -->\nold\n<!-- E -->\nz", ["<!-- B -->", "<!-- E -->"], "NEW", "f.md"),
    ).toBe("a\nNEW\nz");
    expect(() => replaceBetween("no markers", ["<!-- B -->", "<!-- E -->"], "NEW", "f.md")).toThrow(
      /f\.md has no/,
    );
  });

  it("never shows secure stack values", () => {
    const values = stackValues(
      {
        production:
          "config:\n  slipway:alertEmails:\n    secure: AAABAJ8s3cr3t\n  slipway:environmentType: production\n",
      },
      "slipway",
    );
    expect(values).toEqual([
      { stack: "production", key: "slipway:alertEmails", value: "(secret)" },
      { stack: "production", key: "slipway:environmentType", value: "production" },
    ]);
    expect(
      renderConfigurationReference({ production: "config:\n  x:\n    secure: AAABAJ8s3cr3t\n" }),
    ).not.toContain("AAABAJ8s3cr3t");
  });

  it("takes the architecture diagrams from the plan's Markdown, under their headings", () => {
    const plan =
      "# Plan\n\n## Request path (production)\n\n```mermaid\nflowchart LR\n  internet --> alb\n```\n\n## Stacks\n\n### staging\n\n<details><summary>Resource diagram</summary>\n\n```mermaid\nflowchart LR\n  alb --> api\n```\n\n</details>\n\n### production\n\ntext\n\n```mermaid\nflowchart LR\n  a --> b\n```\n";
    expect(extractMermaid(plan)).toEqual([
      { heading: "Request path (production)", diagram: "flowchart LR\n  internet --> alb" },
      { heading: "staging", diagram: "flowchart LR\n  alb --> api" },
      { heading: "production", diagram: "flowchart LR\n  a --> b" },
    ]);
    const page = renderArchitecture(plan, "deployment-plan.md");
    expect(page).toContain("## staging\n\n```mermaid\nflowchart LR\n  alb --> api\n```");
    expect(() => renderArchitecture("# no diagram", "x.md")).toThrow(/no Mermaid diagram/);
  });
});
