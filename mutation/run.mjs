// `npm run mutation [-- module ...]`: StrykerJS per module on its own tests, one after the other, then the
// scores. Modules and their tests: mutation/modules.json. Reports: reports/mutation/<module>.json.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const modules = JSON.parse(readFileSync(join(root, "mutation", "modules.json"), "utf8"));
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(modules);
const unknown = wanted.filter((m) => !modules[m]);
if (unknown.length) {
  process.stderr.write(
    `unknown module(s): ${unknown.join(", ")}; known: ${Object.keys(modules).join(", ")}\n`,
  );
  process.exit(2);
}
const scores = [];
for (const name of wanted) {
  const r = spawnSync("npx", ["stryker", "run", "stryker.config.mjs"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, SLIPWAY_MUTATION_MODULE: name },
  });
  if (r.status !== 0) {
    process.stderr.write(`stryker failed for ${name} (exit ${r.status})\n`);
    process.exit(1);
  }
  const report = JSON.parse(readFileSync(join(root, "reports", "mutation", `${name}.json`), "utf8"));
  const counts = {};
  for (const file of Object.values(report.files))
    for (const m of file.mutants) counts[m.status] = (counts[m.status] ?? 0) + 1;
  const killed = (counts.Killed ?? 0) + (counts.Timeout ?? 0);
  const valid = killed + (counts.Survived ?? 0) + (counts.NoCoverage ?? 0);
  scores.push({ name, score: valid ? (100 * killed) / valid : 100, counts });
}
for (const s of scores)
  process.stdout.write(
    `${s.name.padEnd(10)} ${s.score.toFixed(1).padStart(5)} %  ${JSON.stringify(s.counts)}\n`,
  );
