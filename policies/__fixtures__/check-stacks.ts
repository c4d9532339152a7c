/**
 * Child-process side of `stacks.test.ts`: evaluates the project's program offline for each stack
 * named on the command line (outside jest, whose module realm the offline engine cannot share), runs
 * the pack as `npm run policy` does, once as is and once with deliberate regressions (the negative
 * control), and prints one JSON object.
 */
import type { CapturedResource } from "../../automation/engine/types";
import { evaluateProgram, type OfflineStack } from "../../automation/engine/offline";
import { DEFAULT_POLICY_PACK_DIR, DEFAULT_PROGRAM_DIR, runPack } from "../../automation/policy/check";
import { loadPolicyPack } from "../../automation/policy/pack";

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

async function main(): Promise<void> {
  const pack = loadPolicyPack(DEFAULT_POLICY_PACK_DIR);
  const out: Record<string, unknown> = {};
  for (const name of process.argv.slice(2)) {
    const evaluated = await evaluateProgram({ programDir: DEFAULT_PROGRAM_DIR, stack: name });
    const report = await runPack(pack, evaluated);
    const regressed = await runPack(pack, broken(evaluated));
    const pick = (level: string, r: typeof report) =>
      r.violations
        .filter((v) => v.enforcementLevel === level)
        .map((v) => ({ policy: v.policy, resource: v.resource.name, message: v.message }));
    out[name] = {
      pack: pack.name,
      policies: pack.policies.map((p) => p.name),
      environmentType: report.environmentType,
      resources: report.resources,
      mandatory: pick("mandatory", report),
      advisory: pick("advisory", report),
      regressionPolicies: [...new Set(pick("mandatory", regressed).map((v) => v.policy))],
    };
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((e: unknown) => {
  process.stderr.write(String(e instanceof Error ? e.message : e));
  process.exitCode = 2;
});
