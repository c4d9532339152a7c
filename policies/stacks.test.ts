/**
 * The bundled examples' stacks pass the pack: staging and production of `examples/taskflow` and
 * `examples/more/shopfront` are evaluated offline, in this process (the `npm run policy` path: offline
 * engine -> pack loaded from index.ts -> harness). They may have no mandatory violation beyond the
 * known ones listed below, each owned by a component and to be fixed there (never by loosening a
 * policy), and exactly the hardening advisories listed below. A negative control proves the evaluation
 * feeds the policies.
 */
import type { CapturedResource } from "../automation/engine/types";
import { evaluateProgram, type OfflineStack } from "../automation/engine/offline";
import { DEFAULT_POLICY_PACK_DIR, DEFAULT_PROGRAM_DIR, runPack } from "../automation/policy/check";
import { loadPolicyPack } from "../automation/policy/pack";
import { PACK_NAME, policies } from "./all";
import { join } from "node:path";
import { EXAMPLE_RELEASE_DIR } from "../automation/stacks/stack-files";

interface StackResult {
  pack: string;
  policies: string[];
  environmentType: string;
  resources: number;
  mandatory: { policy: string; resource: string; message: string }[];
  advisory: { policy: string; resource: string }[];
  regressionPolicies: string[];
}

/** Regressions the pack must catch: a public database, an unencrypted topic, no flow log, no public access blocks. */
function broken(stack: OfflineStack): OfflineStack {
  const mutate = (r: CapturedResource): CapturedResource => {
    if (r.type === "aws:rds/instance:Instance")
      return { ...r, inputs: { ...r.inputs, publiclyAccessible: true } };
    if (r.type === "aws:sns/topic:Topic") {
      const inputs = { ...r.inputs };
      delete inputs.kmsMasterKeyId;
      return { ...r, inputs };
    }
    return r;
  };
  return {
    ...stack,
    resources: stack.resources
      .filter(
        (r) =>
          r.type !== "aws:ec2/flowLog:FlowLog" &&
          r.type !== "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
      )
      .map(mutate),
  };
}

/** The bundled examples: release directory and the Pulumi project name of its stacks. */
const EXAMPLES: Record<string, { dir: string; project?: string }> = {
  taskflow: { dir: EXAMPLE_RELEASE_DIR },
  shopfront: { dir: join(EXAMPLE_RELEASE_DIR, "..", "more", "shopfront"), project: "shop" },
};

async function check(example: string, name: string): Promise<StackResult> {
  const pack = loadPolicyPack(DEFAULT_POLICY_PACK_DIR);
  const { dir, project } = EXAMPLES[example];
  const evaluated = await evaluateProgram({
    programDir: DEFAULT_PROGRAM_DIR,
    stack: name,
    configFile: join(dir, "stacks", `Pulumi.${name}.yaml`),
    ...(project ? { projectName: project, config: { "slipway:artifactsDir": { value: dir } } } : {}),
  });
  const report = await runPack(pack, evaluated);
  const regressed = await runPack(pack, broken(evaluated));
  const pick = (level: string, r: typeof report) =>
    r.violations
      .filter((v) => v.enforcementLevel === level)
      .map((v) => ({ policy: v.policy, resource: v.resource.name, message: v.message }));
  return {
    pack: pack.name,
    policies: pack.policies.map((p) => p.name),
    environmentType: report.environmentType,
    resources: report.resources,
    mandatory: pick("mandatory", report),
    advisory: pick("advisory", report),
    regressionPolicies: [...new Set(pick("mandatory", regressed).map((v) => v.policy))],
  };
}

/**
 * Mandatory violations the components still have. Remove an entry when its component is fixed: the
 * test fails on any violation not listed here and on any listed one that no longer occurs, so the
 * list only shrinks towards zero.
 */
const KNOWN_MANDATORY: readonly {
  example: string;
  stack: string;
  policy: string;
  resource: string;
  fix: string;
}[] = [
  // Empty: both stacks pass with zero mandatory violations. (The canary artifacts bucket's missing
  // S3.9 access logging was fixed in components/monitoring, 29b32d5.)
];

/**
 * Hardening advisories the examples accept, per example and stack (`<policy> <resource>`): the pack's
 * advisory policies name choices a team makes (docs/policy-coverage.md says why each is advisory). The
 * test fails on any advisory not listed and on any listed one that no longer occurs.
 */
const ACCEPTED_ADVISORIES: Record<string, Record<string, readonly string[]>> = {
  taskflow: {
    // log groups, ECR repositories and the site bucket keep AWS-managed encryption
    "cloudwatch-encrypt-log-groups": ["api-logs", "worker-logs", "flow-logs"],
    "ecr-encrypt-with-kms": ["api-repo", "worker-repo"],
    "s3-encrypt-with-kms": ["web-bucket"],
    // the env key keeps the default key policy (IAM policies decide who uses it); the database key has
    // its own (CloudWatch Logs for the exported log groups)
    "kms-configure-key-policy": ["env-key"],
    // application secrets the app owner rotates (no rotation Lambda is known for them)
    "secretsmanager-enable-rotation": ["env-database-url", "env-jwt-signing-key"],
  },
  shopfront: {
    "cloudwatch-encrypt-log-groups": [
      "api-logs",
      "fulfiller-logs",
      "flow-logs",
      "cache-engine-log",
      "cache-slow-log",
    ],
    "ecr-encrypt-with-kms": ["api-repo", "fulfiller-repo"],
    "s3-encrypt-with-kms": ["web-bucket", "media-data"],
    "sqs-encrypt-with-cmk": ["orders-queue", "orders-dlq"],
    "kms-configure-key-policy": ["env-key", "cache-key"],
    "secretsmanager-enable-rotation": ["env-database-url", "env-jwt-signing-key", "cache-auth"],
  },
};
/** Production also has web ACLs, which send no full request logs (a paid stream the user opts into). */
const PRODUCTION_ADVISORIES: Record<string, readonly string[]> = {
  "wafv2-enable-logging": ["api-waf-acl", "site-waf-acl"],
};

function acceptedAdvisories(example: string, stack: string): string[] {
  const prefix = `${EXAMPLES[example].project ?? example}-${stack}-`;
  const lists = [ACCEPTED_ADVISORIES[example], ...(stack === "production" ? [PRODUCTION_ADVISORIES] : [])];
  return lists.flatMap((l) =>
    Object.entries(l).flatMap(([policy, names]) => names.map((n) => `${policy} ${prefix}${n}`)),
  );
}

const CASES = Object.keys(EXAMPLES).flatMap((example) =>
  ["staging", "production"].map((stack) => ({ example, stack, key: `${example}/${stack}` })),
);
const results: Record<string, StackResult> = {};

beforeAll(async () => {
  for (const c of CASES) results[c.key] = await check(c.example, c.stack);
}, 300_000);

describe.each(CASES)("$example: the $stack stack", ({ example, stack, key }) => {
  it("is checked with the whole pack, loaded from index.ts, in its environment", () => {
    const r = results[key];
    expect(r.pack).toBe(PACK_NAME);
    expect(r.policies).toEqual(policies.map((p) => p.name));
    expect(r.environmentType).toBe(stack);
    expect(r.resources).toBeGreaterThan(100);
  });

  it("has no mandatory violation beyond the known, owned ones", () => {
    const mandatory = results[key].mandatory.map((v) => `${v.policy} ${v.resource}`).sort();
    const known = KNOWN_MANDATORY.filter((k) => k.example === example && k.stack === stack)
      .map((k) => `${k.policy} ${k.resource}`)
      .sort();
    expect(mandatory).toEqual(known);
  });

  it("has exactly the accepted hardening advisories", () => {
    const advisories = results[key].advisory.map((v) => `${v.policy} ${v.resource}`).sort();
    expect(advisories).toEqual(acceptedAdvisories(example, stack).sort());
  });

  it("catches regressions in the stack's own resources (negative control)", () => {
    expect(results[key].regressionPolicies).toEqual(
      expect.arrayContaining([
        "rds-prohibit-public-access",
        "sns-encrypt-topics",
        "ec2-enable-vpc-flow-logs",
        "s3-block-public-access",
      ]),
    );
  });
});
