/**
 * Issue 11: every name the program makes is one the AWS provider and AWS accept, for the bundled example,
 * the ledger fixture and releases at the packet's limits (longest project id, longest component names);
 * and every resource type the program registers has a rule in `lib/aws-names.ts`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { nameViolations } from "../automation/engine/names";
import { evaluateProgram, type OfflineStack } from "../automation/engine/offline";
import { AWS_NAME_RULES } from "../lib/aws-names";
import { MAX_NAME_LENGTH } from "../release/derive";
import { MAX_SERVICE_RESOURCE_NAME } from "../release/program";
import { copyRelease, editJson, EXAMPLE_RELEASE, LEDGER_RELEASE } from "./fixtures/mutate";

const ROOT = resolve(__dirname, "..");
const PACKET = "ARTIFACTS/system-architect/architecture-handover-packet.json";

function evaluate(stack: string, artifactsDir: string, services?: object): Promise<OfflineStack> {
  return evaluateProgram({
    programDir: ROOT,
    stack,
    configFile: join(ROOT, "examples", "taskflow", "stacks", `Pulumi.${stack}.yaml`),
    config: {
      "slipway:artifactsDir": { value: artifactsDir },
      ...(services ? { "slipway:services": { value: JSON.stringify(services) } } : {}),
    },
  });
}

/** A copy of the example with the project id and the component names replaced. */
function renamed(projectId: string, names: Record<string, string>): string {
  const root = copyRelease(EXAMPLE_RELEASE);
  editJson(root, "project-config.json", (d) => {
    d.project_id = projectId;
  });
  const file = join(root, PACKET);
  let text = readFileSync(file, "utf8");
  for (const [from, to] of Object.entries(names)) text = text.split(`"${from}"`).join(`"${to}"`);
  writeFileSync(file, text);
  return root;
}

const DIGEST = (c: string) => `ghcr.io/acme/app@sha256:${c.repeat(64)}`;
const cases: [string, string, () => string, object?][] = [
  ["example staging", "staging", () => EXAMPLE_RELEASE],
  ["example production", "production", () => EXAMPLE_RELEASE],
  [
    "ledger production",
    "production",
    () => LEDGER_RELEASE,
    { settlement: { image: DIGEST("a") }, reconciler: { image: DIGEST("b") } },
  ],
  // The longest project id the packet allows, with the longest component names production leaves it.
  [
    "longest project id, production",
    "production",
    () =>
      renamed("p".repeat(MAX_NAME_LENGTH), {
        api: "a".repeat(MAX_SERVICE_RESOURCE_NAME - MAX_NAME_LENGTH - "-production-".length),
        worker: "w".repeat(MAX_SERVICE_RESOURCE_NAME - MAX_NAME_LENGTH - "-production-".length),
        db: "d".repeat(MAX_NAME_LENGTH),
        web: "f".repeat(MAX_NAME_LENGTH),
      }),
  ],
  // The longest component names, with a short project id.
  [
    "longest component names, production",
    "production",
    () =>
      renamed("tf", {
        api: `api-${"x".repeat(MAX_NAME_LENGTH - 4)}`,
        worker: `wrk-${"y".repeat(MAX_NAME_LENGTH - 4)}`,
        db: "d".repeat(MAX_NAME_LENGTH),
        web: "f".repeat(MAX_NAME_LENGTH),
      }),
  ],
];

describe.each(cases)("%s", (_label, stack, root, services) => {
  let evaluated: OfflineStack;
  beforeAll(async () => {
    evaluated = await evaluate(stack, root(), services);
  }, 180_000);

  test("every resource type it registers has a name rule in lib/aws-names.ts", () => {
    const missing = [...new Set(evaluated.resources.filter((r) => r.custom).map((r) => r.type))].filter(
      (t) => !(t in AWS_NAME_RULES),
    );
    expect(missing).toEqual([]);
  });

  test("every name is one the provider and AWS accept", () => {
    expect(nameViolations(evaluated.resources).map((v) => v.message)).toEqual([]);
  });
});
