/**
 * The AI components on the whole program (examples/more/shopfront and variants of its AI report): the
 * services that call the models may invoke exactly the named Bedrock models (no wildcard), the others
 * nothing; an external provider's key is a Secrets Manager secret that is never generated, listed as
 * "set before deploy" until configured, and reaches only the services that call the models; Bedrock
 * invocation alarms per model.
 */
import { join } from "node:path";
import { cleanup, copyRelease, editJson } from "./fixtures/mutate";
import { type ProgramRun, ofType, runProgram, unwrapSecret } from "./fixtures/program";
import { type ServiceAccess, serviceAccess } from "./harness/access";
import { INFERENCE_PROFILE_REGIONS } from "../lib/bedrock";

const SHOPFRONT = join(__dirname, "..", "examples", "more", "shopfront");
const AI = "ARTIFACTS/ai-engineer/ai-implementation-report.json";
const HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";

const accessOf = (run: ProgramRun): Map<string, ServiceAccess> =>
  new Map(serviceAccess(run.registrations).map((a) => [a.component.replace(/^shop-[a-z]+-/, ""), a]));
const bedrock = (a: ServiceAccess) =>
  a.taskStatements.filter((s) => [s.Action].flat().some((x) => x.startsWith("bedrock:")));

afterAll(cleanup);

describe("shopfront (Bedrock foundation model, the API depends on the AI component)", () => {
  let run: ProgramRun;
  beforeAll(async () => {
    run = await runProgram({ stack: "staging", config: { "slipway:artifactsDir": SHOPFRONT } });
  }, 120_000);

  it("the API may invoke exactly the named model in the stack's region; the fulfiller may not", () => {
    const access = accessOf(run);
    expect(bedrock(access.get("api")!)).toEqual([
      {
        Sid: "BedrockInvokeModels",
        Effect: "Allow",
        Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
        Resource: [`arn:aws:bedrock:eu-west-1::foundation-model/${HAIKU}`],
      },
    ]);
    expect(bedrock(access.get("fulfiller")!)).toEqual([]);
  });

  it("alarms on the model's errors, throttles and latency (AWS/Bedrock, ModelId), in the stack's alarm list", () => {
    const alarms = ofType(run, "aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) =>
      /bedrock/.test(String(a.inputs.name)),
    );
    expect(alarms.map((a) => a.inputs.name).sort()).toEqual(
      ["errors", "latency", "throttles"].map(
        (k) => `shop-staging-bedrock-anthropic-claude-3-haiku-20240307-v1-0-${k}`,
      ),
    );
    for (const a of alarms) {
      const metrics = (
        a.inputs.metricQueries as { metric?: { namespace: string; dimensions: Record<string, string> } }[]
      )
        .map((q) => q.metric)
        .filter((m) => m !== undefined);
      expect(metrics.length).toBeGreaterThan(0);
      for (const m of metrics)
        expect(m).toMatchObject({ namespace: "AWS/Bedrock", dimensions: { ModelId: HAIKU } });
      expect(a.inputs.alarmActions).toHaveLength(1);
    }
    const latency = alarms.find((a) => /latency$/.test(String(a.inputs.name)))!;
    expect(latency.inputs.threshold).toBe(4800); // twice the AI report's p95 (2400 ms)
    const outputs = run.outputs.alarms as { name: string; severity: string }[];
    expect(
      outputs
        .filter((a) => /bedrock/.test(a.name))
        .map((a) => a.severity)
        .sort(),
    ).toEqual(["critical", "warning", "warning"]);
  });
});

describe("an inference profile and an external provider", () => {
  let root: string;
  const runs: Record<string, ProgramRun> = {};
  beforeAll(async () => {
    root = copyRelease(SHOPFRONT);
    editJson(root, AI, (d) => {
      d.models_used = [
        { model: `eu.${HAIKU}`, provider: "Amazon Bedrock", use_case: "Draft product descriptions" },
        { model: "gpt-4o-mini", provider: "OpenAI", use_case: "Classify reviews" },
      ];
    });
    runs.unset = await runProgram({ stack: "staging", config: { "slipway:artifactsDir": root } });
    runs.set = await runProgram({
      stack: "staging",
      config: {
        "slipway:artifactsDir": root,
        "slipway:secrets": JSON.stringify({ OPENAI_API_KEY: "sk-test-value-from-config" }),
      },
      secretKeys: ["slipway:secrets"],
    });
  }, 240_000);

  it("the profile in the region and the model in each of the profile's Regions, nothing else", () => {
    const [statement] = bedrock(accessOf(runs.unset).get("api")!);
    expect(statement.Resource).toEqual([
      `arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.${HAIKU}`,
      ...INFERENCE_PROFILE_REGIONS.eu.map((r) => `arn:aws:bedrock:${r}::foundation-model/${HAIKU}`),
    ]);
  });

  it("the provider key: a secret for the API only, never generated, listed as set before deploy", () => {
    const run = runs.unset;
    const access = accessOf(run);
    expect(access.get("api")!.secretNames).toContain("OPENAI_API_KEY");
    expect(access.get("fulfiller")!.secretNames).not.toContain("OPENAI_API_KEY");
    const secret = ofType(run, "aws:secretsmanager/secret:Secret").find((s) =>
      String(s.inputs.namePrefix).includes("OPENAI_API_KEY"),
    )!;
    expect(secret).toBeDefined();
    const secretName = secret.name;
    expect(ofType(run, "aws:secretsmanager/secretVersion:SecretVersion").map((v) => v.name)).not.toContain(
      `${secretName}-version`,
    );
    expect(ofType(run, "random:index/randomPassword:RandomPassword").map((r) => r.name)).not.toContain(
      `${secretName}-value`,
    );
    const line = run.warnings.find((w) => w.startsWith("set before deploy: OPENAI_API_KEY"));
    expect(line).toContain("pulumi config set --secret --path 'slipway:secrets.OPENAI_API_KEY'");
    expect(line).toContain("api.openai.com");
  });

  it("once configured, the value comes from the stack config and the plan no longer lists it", () => {
    const run = runs.set;
    const secret = ofType(run, "aws:secretsmanager/secret:Secret").find((s) =>
      String(s.inputs.namePrefix).includes("OPENAI_API_KEY"),
    )!;
    const version = ofType(run, "aws:secretsmanager/secretVersion:SecretVersion").find(
      (v) => v.name === `${secret.name}-version`,
    )!;
    expect(unwrapSecret(version.inputs.secretString)).toBe("sk-test-value-from-config");
    expect(run.warnings.some((w) => w.startsWith("set before deploy"))).toBe(false);
  });
});
