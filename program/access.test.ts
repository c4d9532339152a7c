import fc from "fast-check";
import { denyInsecureTransportPolicy, validateQueueArgs } from "../components/queue/queue";
import { validateCacheArgs, valkeyFamily } from "../components/cache/cache";
import { sidOf, taskRoleStatements } from "./access";

const arn = (n: string) => `arn:aws:sqs:eu-west-1:123456789012:${n}`;

describe("taskRoleStatements", () => {
  it("an API produces, a worker consumes, each on exactly its queue; buckets get object access on exactly theirs", () => {
    expect(
      taskRoleStatements({ kind: "api", queues: [{ name: "orders", arn: arn("orders") }], buckets: [] }),
    ).toEqual([
      {
        Sid: "QueueOrdersSend",
        Effect: "Allow",
        Action: ["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"],
        Resource: arn("orders"),
      },
    ]);
    const worker = taskRoleStatements({
      kind: "worker",
      queues: [{ name: "orders", arn: arn("orders") }],
      buckets: [{ name: "media", arn: "arn:aws:s3:::media-1" }],
    });
    expect(worker.map((s) => [s.Sid, s.Resource])).toEqual([
      ["QueueOrdersReceive", arn("orders")],
      ["BucketMediaList", "arn:aws:s3:::media-1"],
      ["BucketMediaObjects", "arn:aws:s3:::media-1/*"],
    ]);
    expect(worker[0].Action).not.toContain("sqs:SendMessage");
  });

  it("property: no wildcard action or resource, and every resource is one of the given ARNs", () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/);
    fc.assert(
      fc.property(
        fc.constantFrom("api" as const, "worker" as const),
        fc.uniqueArray(name, { maxLength: 4 }),
        fc.uniqueArray(name, { maxLength: 4 }),
        (kind, queues, buckets) => {
          const q = queues.map((n) => ({ name: n, arn: arn(n) }));
          const b = buckets.map((n) => ({ name: n, arn: `arn:aws:s3:::${n}` }));
          const allowed = new Set([...q.map((x) => x.arn), ...b.flatMap((x) => [x.arn, `${x.arn}/*`])]);
          for (const s of taskRoleStatements({ kind, queues: q, buckets: b })) {
            for (const a of s.Action) expect(a).not.toContain("*");
            for (const r of [s.Resource].flat()) expect(allowed.has(r)).toBe(true);
          }
        },
      ),
    );
  });

  it("property: Bedrock grants only the given models' ARNs, only the invoke actions, and nothing without models", () => {
    const model = fc.stringMatching(/^[a-z]{2,8}\.[a-z0-9-]{1,20}(:[0-9])?$/);
    fc.assert(
      fc.property(
        fc.constantFrom("api" as const, "worker" as const),
        fc.uniqueArray(model, { maxLength: 4 }),
        fc.constantFrom("eu-west-1", "us-east-1"),
        (kind, models, region) => {
          const bedrockModels = models.map((id) => ({
            id,
            arns: [`arn:aws:bedrock:${region}::foundation-model/${id}`],
          }));
          const allowed = new Set(bedrockModels.flatMap((m) => m.arns));
          const statements = taskRoleStatements({ kind, queues: [], buckets: [], bedrockModels });
          expect(statements).toHaveLength(models.length ? 1 : 0);
          for (const s of statements) {
            expect(s.Action).toEqual(["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]);
            for (const r of [s.Resource].flat()) {
              expect(r).not.toContain("*");
              expect(allowed.has(r)).toBe(true);
            }
          }
          expect(new Set([statements.flatMap((s) => [s.Resource].flat())].flat())).toEqual(allowed);
        },
      ),
    );
  });

  it("sidOf makes IAM-safe Sids", () => expect(sidOf("email-jobs_queue")).toBe("EmailJobsQueue"));
});

describe("queue and cache validation", () => {
  it("queue: names and ranges", () => {
    expect(() => validateQueueArgs("shop-staging-orders", { fifo: true })).not.toThrow();
    expect(() => validateQueueArgs("shop orders", {})).toThrow(/must be letters, digits/);
    expect(() => validateQueueArgs("q", { maxReceiveCount: 0 })).toThrow(
      /args.maxReceiveCount: must be an integer 1..1000/,
    );
    expect(() =>
      validateQueueArgs("q", { messageRetentionSeconds: 1209600, deadLetterRetentionSeconds: 60 }),
    ).toThrow(/must not be shorter than messageRetentionSeconds/);
  });

  it("queue policy denies every non-TLS request", () => {
    expect(JSON.parse(denyInsecureTransportPolicy(arn("q"))).Statement).toEqual([
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "sqs:*",
        Resource: arn("q"),
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ]);
  });

  it("cache: id length, nodes, windows", () => {
    const base = { vpcId: "vpc", subnetIds: ["a", "b"] };
    expect(() => validateCacheArgs("shop-production-cache", base)).not.toThrow();
    expect(() => validateCacheArgs("Shop-Cache", base)).toThrow(/40 characters at most, lowercase/);
    expect(() => validateCacheArgs("c", { ...base, nodes: 7 })).toThrow(/args.nodes: must be 1..6/);
    expect(() => validateCacheArgs("c", { ...base, maintenanceWindow: "sunday" })).toThrow(
      /args.maintenanceWindow/,
    );
    expect(valkeyFamily("8.0")).toBe("valkey8");
  });
});
