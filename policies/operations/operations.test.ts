import { checkTwins } from "../twins-check";
import { res, violationsOf } from "../testing";
import { forbidPlaintextSecrets } from "./forbid-plaintext-secrets";
import { requireTags } from "./require-tags";
import { scanTaggableTypes, awsPackageDir } from "./scan-taggable-types";
import { TAGGABLE_AWS_VERSION, TAGGABLE_TYPES } from "./taggable-types";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const TASK = "aws:ecs/taskDefinition:TaskDefinition";
const LAMBDA = "aws:lambda/function:Function";
const PARAM = "aws:ssm/parameter:Parameter";
const BUCKET = "aws:s3/bucket:Bucket";
const PROVIDER = "pulumi:providers:aws";

const standard = {
  Project: "taskflow",
  Environment: "staging",
  Owner: "platform",
  Team: "taskflow",
  DataClassification: "internal",
  ManagedBy: "pulumi/slipway",
};

describe("forbid-plaintext-secrets (operations)", () => {
  const task = (env: { name: string; value: string }[]) =>
    res(TASK, "api", { containerDefinitions: JSON.stringify([{ name: "api", environment: env }]) });
  it("fails for secret-like names with literal values and for recognisable credentials, never echoing them", async () => {
    const v = await violationsOf(forbidPlaintextSecrets, [
      task([
        { name: "DATABASE_PASSWORD", value: "hunter2hunter2" },
        { name: "STRIPE_API_KEY", value: "abc" },
        { name: "UPSTREAM", value: "postgres://app:s3cr3tpw@db.internal:5432/app" },
      ]),
    ]);
    expect(v).toHaveLength(3);
    const text = v.map((x) => x.message).join("\n");
    expect(text).not.toMatch(/hunter2|s3cr3tpw/);
    expect(text).toMatch(/UPSTREAM holds a URL with a password/);
  });
  it("passes for references and ordinary settings", async () => {
    const ok = task([
      { name: "PORT", value: "8080" },
      { name: "DATABASE_SECRET_ARN", value: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db" },
      { name: "JWT_SECRET", value: "arn:aws:ssm:eu-west-1:123456789012:parameter/jwt" },
      { name: "TOKEN_TTL", value: "3600" },
      { name: "KMS_KEY_ID", value: "alias/app" },
    ]);
    expect(await violationsOf(forbidPlaintextSecrets, [ok])).toEqual([]);
  });
  it("covers Lambda environment variables and plain SSM parameters; honours allowedNames", async () => {
    expect(
      await violationsOf(forbidPlaintextSecrets, [
        res(LAMBDA, "fn", { environment: { variables: { API_TOKEN: "x1" } } }),
      ]),
    ).toHaveLength(1);
    expect(
      await violationsOf(forbidPlaintextSecrets, [
        res(PARAM, "p", { name: "/app/db-password", type: "String", value: "pw" }),
      ]),
    ).toHaveLength(1);
    expect(
      await violationsOf(forbidPlaintextSecrets, [
        res(PARAM, "p", { name: "/app/db-password", type: "SecureString", value: "pw" }),
      ]),
    ).toEqual([]);
    const cfg = { config: { "forbid-plaintext-secrets": { allowedNames: ["API_TOKEN"] } } };
    expect(
      await violationsOf(
        forbidPlaintextSecrets,
        [res(LAMBDA, "fn", { environment: { variables: { API_TOKEN: "public-demo" } } })],
        cfg,
      ),
    ).toEqual([]);
    const aws = res(LAMBDA, "fn", { environment: { variables: { SOMETHING: "AKIAIOSFODNN7EXAMPLE" } } });
    expect(await violationsOf(forbidPlaintextSecrets, [aws], cfg)).toHaveLength(1);
  });
});

describe("require-tags (operations)", () => {
  const provider = res(PROVIDER, "aws", { region: "eu-west-1", defaultTags: { tags: standard } });
  it("passes with the provider's default tags or the resource's own tags", async () => {
    expect(
      await violationsOf(requireTags, [
        provider,
        res(BUCKET, "b", {}, { provider: `${provider.urn}::aws-id` }),
      ]),
    ).toEqual([]);
    expect(await violationsOf(requireTags, [res(BUCKET, "b", { tags: standard })])).toEqual([]);
  });
  it("reads provider default tags as Pulumi passes provider inputs (JSON-encoded)", async () => {
    const encoded = res(PROVIDER, "aws", {
      region: "eu-west-1",
      defaultTags: JSON.stringify({ tags: standard }),
    });
    expect(
      await violationsOf(requireTags, [
        encoded,
        res(BUCKET, "b", {}, { provider: `${encoded.urn}::aws-id` }),
      ]),
    ).toEqual([]);
    const partial = res(PROVIDER, "aws", { defaultTags: JSON.stringify({ tags: { Project: "taskflow" } }) });
    expect(
      await violationsOf(requireTags, [
        partial,
        res(BUCKET, "b", {}, { provider: `${partial.urn}::aws-id` }),
      ]),
    ).toHaveLength(1);
  });
  it("fails when tags are missing; untaggable types are ignored", async () => {
    const v = await violationsOf(requireTags, [res(BUCKET, "b", { tags: { Project: "taskflow" } })]);
    expect(v[0].message).toMatch(/missing tag\(s\) Environment, Owner, Team, DataClassification, ManagedBy/);
    expect(await violationsOf(requireTags, [res("aws:s3/bucketPolicy:BucketPolicy", "bp", {})])).toEqual([]);
    const cfg = { config: { "require-tags": { requiredTags: ["CostCentre"] } } };
    expect(await violationsOf(requireTags, [res(BUCKET, "b", { tags: standard })], cfg)).toHaveLength(1);
  });
  it("knows every taggable type of the installed @pulumi/aws (regenerate taggable-types.ts when this fails)", () => {
    const version = (
      JSON.parse(readFileSync(join(awsPackageDir(), "package.json"), "utf8")) as { version: string }
    ).version;
    expect(TAGGABLE_AWS_VERSION).toBe(version);
    expect([...TAGGABLE_TYPES]).toEqual(scanTaggableTypes(awsPackageDir()));
    expect(TAGGABLE_TYPES.has("aws:ecs/service:Service")).toBe(true);
  });
});

describe("require-descriptions (twins)", () => checkTwins("require-descriptions"));
