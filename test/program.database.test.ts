/**
 * Issue 11: the database's exported log groups are the program's (created before the instance, with the
 * stack's retention and the database's KMS key), never left to RDS; the connection-failure metric filter
 * is created on that group after it exists.
 */
import { join, resolve } from "node:path";
import { evaluateProgram, type OfflineStack } from "../automation/engine/offline";
import type { CapturedResource } from "../automation/engine/types";
import { EXAMPLE_RELEASE } from "./fixtures/mutate";

const ROOT = resolve(__dirname, "..");

function evaluate(stack: string): Promise<OfflineStack> {
  return evaluateProgram({
    programDir: ROOT,
    stack,
    configFile: join(ROOT, "examples", "taskflow", "stacks", `Pulumi.${stack}.yaml`),
    config: { "slipway:artifactsDir": { value: EXAMPLE_RELEASE } },
  });
}

describe.each([
  ["staging", 14],
  ["production", 90],
])("%s: RDS log groups", (stack, retention) => {
  let evaluated: OfflineStack;
  const ofType = (type: string): CapturedResource[] => evaluated.resources.filter((r) => r.type === type);
  beforeAll(async () => {
    evaluated = await evaluate(stack);
  }, 180_000);

  test("the instance has a fixed identifier and depends on both exported log groups, which the program made", () => {
    const [instance] = ofType("aws:rds/instance:Instance");
    const identifier = instance.inputs.identifier as string;
    expect(identifier).toBe(`taskflow-${stack}-db`);
    expect(instance.inputs.identifierPrefix).toBeUndefined();
    const [key] = ofType("aws:kms/key:Key").filter((k) => k.name === `taskflow-${stack}-db-key`);
    for (const log of ["postgresql", "upgrade"]) {
      const group = ofType("aws:cloudwatch/logGroup:LogGroup").find(
        (g) => g.inputs.name === `/aws/rds/instance/${identifier}/${log}`,
      );
      expect(group).toBeDefined();
      expect(group!.inputs.retentionInDays).toBe(retention);
      // Encrypted with the database's key (its ARN is unknown offline; the dependency shows which key).
      expect(group!.dependencies).toContain(key.urn);
      expect(instance.dependencies).toContain(group!.urn);
    }
    expect(instance.inputs.enabledCloudwatchLogsExports).toEqual(["postgresql", "upgrade"]);
  });

  test("the database key lets CloudWatch Logs use it for exactly these log groups", () => {
    const [key] = ofType("aws:kms/key:Key").filter((k) => k.name === `taskflow-${stack}-db-key`);
    const policy = JSON.parse(key.inputs.policy as string) as {
      Statement: { Principal: Record<string, string>; Condition?: Record<string, Record<string, string>> }[];
    };
    const logs = policy.Statement.find((s) => s.Principal.Service === "logs.eu-west-1.amazonaws.com");
    expect(logs?.Condition?.ArnLike["kms:EncryptionContext:aws:logs:arn"]).toMatch(
      new RegExp(`:log-group:/aws/rds/instance/taskflow-${stack}-db/\\*$`),
    );
  });

  test("the connection-failure metric filter is on the program's postgresql log group, after it", () => {
    const group = ofType("aws:cloudwatch/logGroup:LogGroup").find(
      (g) => g.inputs.name === `/aws/rds/instance/taskflow-${stack}-db/postgresql`,
    )!;
    const filters = ofType("aws:cloudwatch/logMetricFilter:LogMetricFilter").filter(
      (f) => f.inputs.logGroupName === group.inputs.name,
    );
    expect(filters.length).toBeGreaterThan(0);
    for (const f of filters) expect(f.dependencies).toContain(group.urn);
  });
});
