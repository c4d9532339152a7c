/**
 * Issue 11: every name the program makes is one the AWS provider and AWS accept, for the bundled example,
 * the ledger fixture and releases at the packet's limits (longest project id, longest component names);
 * and every resource type the program registers has a rule in `lib/aws-names.ts`.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { nameViolations } from "../automation/engine/names";
import { evaluateProgram, type OfflineStack } from "../automation/engine/offline";
import { AWS_NAME_RULES } from "../lib/aws-names";
import { MAX_NAME_LENGTH } from "../release/derive";
import { MAX_SERVICE_RESOURCE_NAME } from "../release/program";
import { copyRelease, editJson, EXAMPLE_RELEASE, LEDGER_RELEASE } from "./fixtures/mutate";

const ROOT = resolve(__dirname, "..");
const PACKET = "ARTIFACTS/system-architect/architecture-handover-packet.json";

const SHOPFRONT = join(ROOT, "examples", "more", "shopfront");

function evaluate(
  stack: string,
  artifactsDir: string,
  services?: object,
  configStack: string = stack,
): Promise<OfflineStack> {
  const stacksDir = existsSync(join(artifactsDir, "stacks"))
    ? join(artifactsDir, "stacks")
    : join(ROOT, "examples", "taskflow", "stacks");
  return evaluateProgram({
    programDir: ROOT,
    stack,
    configFile: join(stacksDir, `Pulumi.${configStack}.yaml`),
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

/**
 * A copy of the shopfront release (API, worker, database, cache, queue, bucket, site) with the longest
 * project id and every component renamed to a name of the packet's maximum length (names and
 * dependencies edited as JSON, so component types stay as they are).
 */
function shopfrontAtLimits(): string {
  const root = copyRelease(SHOPFRONT);
  editJson(root, "project-config.json", (d) => {
    d.project_id = LONGEST_ID;
  });
  const long = (name: string) => `${name}-`.padEnd(MAX_NAME_LENGTH, "z");
  editJson(root, PACKET, (d) => {
    for (const c of d.system_components as { name: string; dependencies?: string[] }[]) {
      c.name = long(c.name);
      if (c.dependencies) c.dependencies = c.dependencies.map(long);
    }
  });
  return root;
}

const DIGEST = (c: string) => `ghcr.io/acme/app@sha256:${c.repeat(64)}`;
const LONGEST_ID = "p".repeat(MAX_NAME_LENGTH);
/** The longest stack name a release at the packet's limits can have: `<id>-<stack>-<component>` at the bound. */
const LONGEST_STACK = "production-eu-central-1-".padEnd(
  MAX_SERVICE_RESOURCE_NAME - 2 * MAX_NAME_LENGTH - 2,
  "x",
);
const longestNames = {
  api: `api-${"x".repeat(MAX_NAME_LENGTH - 4)}`,
  worker: `wrk-${"y".repeat(MAX_NAME_LENGTH - 4)}`,
  db: "d".repeat(MAX_NAME_LENGTH),
  web: "f".repeat(MAX_NAME_LENGTH),
};
const cases: [string, string, () => string, object?, string?][] = [
  ["example staging", "staging", () => EXAMPLE_RELEASE],
  ["example production", "production", () => EXAMPLE_RELEASE],
  [
    "ledger production",
    "production",
    () => LEDGER_RELEASE,
    { settlement: { image: DIGEST("a") }, reconciler: { image: DIGEST("b") } },
  ],
  // The packet's limits: the longest project id with the longest component names, in production.
  [
    "longest project id and component names, production",
    "production",
    () => renamed(LONGEST_ID, longestNames),
  ],
  // The same under the longest stack name the service bound leaves (a user picks stack names).
  [
    `longest project id and component names, stack of ${LONGEST_STACK.length} characters`,
    LONGEST_STACK,
    () => renamed(LONGEST_ID, longestNames),
    undefined,
    "production",
  ],
  // Cache, queue and bucket too, at the packet's limits, under the longest stack name.
  [
    `shopfront at the packet's limits, stack of ${LONGEST_STACK.length} characters`,
    LONGEST_STACK,
    shopfrontAtLimits,
    undefined,
    "production",
  ],
  // The longest component names, with a short project id.
  ["longest component names, short project id, staging", "staging", () => renamed("tf", longestNames)],
];

describe.each(cases)("%s", (_label, stack, root, services, configStack) => {
  let evaluated: OfflineStack;
  beforeAll(async () => {
    evaluated = await evaluate(stack, root(), services, configStack);
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
