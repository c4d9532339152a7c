/**
 * Issue 11 item 3 / issue 14 item 7: services run images by digest from `slipway:images` (set by
 * `npm run deploy --image`), the execution role pulls from exactly their repositories, and a service
 * without any image is listed as "image needed before deploy" (the offline plan still works).
 */
import { join, resolve } from "node:path";
import { evaluateProgram, type OfflineStack } from "../automation/engine/offline";
import { loadRelease } from "../release/load";
import { EXAMPLE_RELEASE } from "./fixtures/mutate";

const ROOT = resolve(__dirname, "..");
const ECR = "210987654321.dkr.ecr.eu-west-1.amazonaws.com";

function evaluate(stack: string, images?: object): Promise<OfflineStack> {
  return evaluateProgram({
    programDir: ROOT,
    stack,
    configFile: join(ROOT, "examples", "taskflow", "stacks", `Pulumi.${stack}.yaml`),
    config: {
      "slipway:artifactsDir": { value: EXAMPLE_RELEASE },
      ...(images ? { "slipway:images": { value: JSON.stringify(images) } } : {}),
    },
  });
}

const warnings = (s: OfflineStack) =>
  s.diagnostics.filter((d) => d.severity === "warning").map((d) => d.message);

describe("images by digest", () => {
  const version = loadRelease(EXAMPLE_RELEASE).version;
  const digest = (svc: string, c: string) => `${ECR}/taskflow/${svc}@sha256:${c.repeat(64)}`;

  test("without images: the plan lists every service as image needed before deploy", async () => {
    const s = await evaluate("staging");
    const needed = warnings(s).filter((w) => w.includes("image needed before deploy"));
    expect(needed.map((w) => w.split(":")[0]).sort()).toEqual(["service api", "service worker"]);
    expect(needed[0]).toMatch(/--image (api|worker)=<registry>\/<repository>@sha256:<digest>/);
  }, 180_000);

  test("with the release's digests: task definitions run them, the execution role pulls from their repositories", async () => {
    const s = await evaluate("production", {
      [version]: { api: digest("api", "a"), worker: digest("worker", "b") },
    });
    expect(warnings(s).filter((w) => w.includes("image needed before deploy"))).toEqual([]);
    const tds = s.resources.filter((r) => r.type === "aws:ecs/taskDefinition:TaskDefinition");
    expect(tds.length).toBeGreaterThan(0);
    for (const td of tds) {
      const [app] = JSON.parse(td.inputs.containerDefinitions as string) as { image: string }[];
      expect(app.image).toBe(td.name.includes("-worker-") ? digest("worker", "b") : digest("api", "a"));
    }
    const policies = s.resources.filter(
      (r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name.endsWith("-execution-policy"),
    );
    for (const p of policies) {
      const doc = JSON.parse(p.inputs.policy as string) as {
        Statement: { Sid: string; Resource: unknown }[];
      };
      const svc = p.name.includes("-worker-") ? "worker" : "api";
      expect(doc.Statement.find((st) => st.Sid === "EcrPull")?.Resource).toContain(
        `arn:aws:ecr:eu-west-1:210987654321:repository/taskflow/${svc}`,
      );
    }
  }, 180_000);

  test("a digest that is not one is refused by the config (bad input naming the field)", async () => {
    await expect(evaluate("staging", { [version]: { api: `${ECR}/taskflow/api:1.4.0` } })).rejects.toThrow(
      /slipway:images.*is not an image by digest/,
    );
  }, 180_000);
});
