import * as pulumi from "@pulumi/pulumi";
import { createMocks } from "../../automation/engine/mocks";
import { inspect, value } from "../../test/harness/pulumi";
import { InputError } from "../../lib/errors";
import { GENERATED_SPECIAL_CHARACTERS, Secrets, secretsReadPolicy, type SecretsArgs } from "./secrets";

const { mocks, registrations } = createMocks({ region: "eu-west-1" });
pulumi.runtime.setMocks(mocks, "slipway", "production", false);

const { registered: one } = inspect(registrations);

const T = {
  key: "aws:kms/key:Key",
  secret: "aws:secretsmanager/secret:Secret",
  version: "aws:secretsmanager/secretVersion:SecretVersion",
  rotation: "aws:secretsmanager/secretRotation:SecretRotation",
  password: "random:index/randomPassword:RandomPassword",
};

/** Child resource args as the component passed them (raw Inputs), captured by a transformation. */
const captured: pulumi.ResourceTransformationArgs[] = [];
const capture: pulumi.ResourceTransformation = (args) => {
  captured.push(args);
  return undefined;
};

const GIVEN = "given-value-do-not-leak-7f3a";
const ROTATOR = "arn:aws:lambda:eu-west-1:123456789012:function:rotate-api-key";

describe("Secrets", () => {
  let s: Secrets;
  beforeAll(async () => {
    s = new Secrets(
      "app-secrets",
      {
        namePrefix: "slipway/production/",
        secrets: [
          { name: "JWT_SECRET" },
          { name: "STRIPE_KEY", value: GIVEN, description: "Payment provider key" },
          {
            name: "API_KEY",
            generate: { length: 48, special: false },
            rotation: { lambdaArn: ROTATOR, automaticallyAfterDays: 30 },
          },
        ],
      },
      { transformations: [capture] },
    );
    await value(pulumi.all([s.secretArns, s.readPolicyJson, s.secretNames]));
  });

  test("one KMS key for the component with rotation on; every secret uses it", async () => {
    const key = await one(T.key, "app-secrets-key");
    expect(key.inputs).toMatchObject({ enableKeyRotation: true, deletionWindowInDays: 30 });
    for (const r of ["jwt-secret", "stripe-key", "api-key"]) {
      const secret = await one(T.secret, `app-secrets-${r}`);
      expect(secret.inputs.kmsKeyId).toBe(key.outputs.arn);
      expect(secret.inputs.recoveryWindowInDays).toBe(30);
    }
    expect(await value(s.kmsKeyArn)).toBe(key.outputs.arn);
  });

  test("names: prefix + logical name + random suffix; description defaults", async () => {
    const jwt = await one(T.secret, "app-secrets-jwt-secret");
    expect(jwt.inputs).toMatchObject({
      namePrefix: "slipway/production/JWT_SECRET-",
      description: "slipway secret JWT_SECRET",
    });
    expect((await one(T.secret, "app-secrets-stripe-key")).inputs.description).toBe("Payment provider key");
    const names = await value(s.secretNames);
    expect(Object.keys(names)).toEqual(["JWT_SECRET", "STRIPE_KEY", "API_KEY"]);
    expect(names.JWT_SECRET).toMatch(/^slipway\/production\/JWT_SECRET-/);
  });

  test("values reach the engine only as secrets: given ones as passed, missing ones generated with RandomPassword", async () => {
    const versions = captured.filter((c) => c.type === T.version);
    expect(versions.map((v) => v.name)).toEqual([
      "app-secrets-jwt-secret-version",
      "app-secrets-stripe-key-version",
      "app-secrets-api-key-version",
    ]);
    for (const v of versions) {
      const secretString = v.props.secretString as pulumi.Output<string>;
      expect(pulumi.Output.isInstance(secretString)).toBe(true);
      expect(await pulumi.isSecret(secretString)).toBe(true);
    }
    const jwtPassword = await one(T.password, "app-secrets-jwt-secret-value");
    expect(jwtPassword.inputs).toMatchObject({
      length: 32,
      special: true,
      overrideSpecial: GENERATED_SPECIAL_CHARACTERS,
      minLower: 1,
      minUpper: 1,
      minNumeric: 1,
      minSpecial: 1,
    });
    expect((await one(T.password, "app-secrets-api-key-value")).inputs).toMatchObject({
      length: 48,
      special: false,
      minSpecial: 0,
    });
    expect(registrations.filter((r) => r.name === "app-secrets-stripe-key-value")).toEqual([]);
    // Wiring: the stored value is the generated one / the given one, sent to the engine as a secret.
    const asSecret = (v: string) => ({
      [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig,
      value: v,
    });
    expect((await one(T.version, "app-secrets-jwt-secret-version")).inputs.secretString).toEqual(
      asSecret("mock-password-".padEnd(32, "x")),
    );
    expect((await one(T.version, "app-secrets-stripe-key-version")).inputs.secretString).toEqual(
      asSecret(GIVEN),
    );
  });

  test("rotation where configured, and the rotated value is never written back", async () => {
    const rotation = await one(T.rotation, "app-secrets-api-key-rotation");
    expect(rotation.inputs).toMatchObject({
      secretId: "app-secrets-api-key-id",
      rotationLambdaArn: ROTATOR,
      rotationRules: { automaticallyAfterDays: 30 },
    });
    expect(
      registrations.filter((r) => r.type === T.rotation && r.name.startsWith("app-secrets-")),
    ).toHaveLength(1);
    const apiVersion = captured.find((c) => c.name === "app-secrets-api-key-version")!;
    expect(apiVersion.opts.ignoreChanges).toEqual(["secretString"]);
    const jwtVersion = captured.find((c) => c.name === "app-secrets-jwt-secret-version")!;
    expect(jwtVersion.opts.ignoreChanges ?? []).toEqual([]);
  });

  test("outputs expose only ARNs and names, never a value", async () => {
    const arns = await value(s.secretArns);
    expect(arns).toEqual({
      JWT_SECRET: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app-secrets-jwt-secret-AbCdEf",
      STRIPE_KEY: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app-secrets-stripe-key-AbCdEf",
      API_KEY: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app-secrets-api-key-AbCdEf",
    });
    expect(await value(s.secretArn("STRIPE_KEY"))).toBe(arns.STRIPE_KEY);
    expect(() => s.secretArn("NOPE")).toThrow(
      /^slipway:secrets:Secrets "app-secrets": secretArn\(name\): "NOPE" is not one of JWT_SECRET, STRIPE_KEY, API_KEY/,
    );
    const everything = JSON.stringify([
      arns,
      await value(s.secretNames),
      await value(s.readPolicyJson),
      await value(s.kmsKeyArn),
    ]);
    expect(everything).not.toContain(GIVEN);
    expect(everything).not.toContain("mock-password-");
  });

  test("read policy: GetSecretValue on exactly these ARNs, kms:Decrypt on the key via Secrets Manager only", async () => {
    const policy = JSON.parse(await value(s.readPolicyJson));
    const arns = Object.values(await value(s.secretArns));
    expect(policy).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "ReadSlipwaySecrets",
          Effect: "Allow",
          Action: ["secretsmanager:GetSecretValue"],
          Resource: arns,
        },
        {
          Sid: "DecryptSlipwaySecrets",
          Effect: "Allow",
          Action: ["kms:Decrypt"],
          Resource: [await value(s.kmsKeyArn)],
          Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } },
        },
      ],
    });
    expect(JSON.stringify(policy)).not.toMatch(/"\*"|secretsmanager:\*|kms:\*/);
  });

  test("defaults: prefix from the component name, schedule-expression rotation, custom recovery window", async () => {
    const other = new Secrets("stg-secrets", {
      recoveryWindowInDays: 7,
      secrets: [{ name: "TOKEN", rotation: { lambdaArn: ROTATOR, scheduleExpression: "rate(10 days)" } }],
    });
    await value(other.secretArns);
    const secret = await one(T.secret, "stg-secrets-token");
    expect(secret.inputs).toMatchObject({
      namePrefix: "slipway/stg-secrets/TOKEN-",
      recoveryWindowInDays: 7,
    });
    const rotation = await one(T.rotation, "stg-secrets-token-rotation");
    expect(rotation.inputs.rotationRules).toEqual({ scheduleExpression: "rate(10 days)" });
  });

  test("a config secret (secret Output) as the value is stored as given and stays secret", async () => {
    const fromConfig = pulumi.secret("config-secret-value-91c2");
    const c = new Secrets(
      "cfg-secrets",
      { secrets: [{ name: "WEBHOOK_TOKEN", value: fromConfig }] },
      { transformations: [capture] },
    );
    await value(c.secretArns);
    const version = await one(T.version, "cfg-secrets-webhook-token-version");
    expect(version.inputs.secretString).toEqual({
      [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig,
      value: "config-secret-value-91c2",
    });
    const props = captured.find((x) => x.name === "cfg-secrets-webhook-token-version")!.props;
    expect(await pulumi.isSecret(props.secretString as pulumi.Output<string>)).toBe(true);
    expect(registrations.filter((r) => r.name === "cfg-secrets-webhook-token-value")).toEqual([]);
  });

  test("secretsReadPolicy is pure and lists exactly the ARNs given", () => {
    const doc = JSON.parse(secretsReadPolicy(["arn:a", "arn:b"], "arn:key", "us-east-2"));
    expect(doc.Statement[0].Resource).toEqual(["arn:a", "arn:b"]);
    expect(doc.Statement[1].Condition.StringEquals["kms:ViaService"]).toBe(
      "secretsmanager.us-east-2.amazonaws.com",
    );
  });
});

describe("Secrets: validation errors name the argument path", () => {
  const rot = { lambdaArn: ROTATOR, automaticallyAfterDays: 30 };
  test.each<[string, SecretsArgs, string, RegExp]>([
    ["empty", { secrets: [] }, "args.secrets", /is empty/],
    ["bad name", { secrets: [{ name: "has space" }] }, "args.secrets[0].name", /not a secret name/],
    ["duplicate", { secrets: [{ name: "A" }, { name: "A" }] }, "args.secrets[1].name", /listed twice/],
    [
      "value and generate",
      { secrets: [{ name: "A", value: "x", generate: { length: 20 } }] },
      "args.secrets[0].generate",
      /together with value/,
    ],
    ["empty value", { secrets: [{ name: "A", value: "" }] }, "args.secrets[0].value", /is empty/],
    [
      "short",
      { secrets: [{ name: "A", generate: { length: 8 } }] },
      "args.secrets[0].generate.length",
      /not 16..4096/,
    ],
    [
      "recovery 0",
      { recoveryWindowInDays: 0, secrets: [{ name: "A" }] },
      "args.recoveryWindowInDays",
      /0 would delete secrets without recovery/,
    ],
    [
      "recovery 31",
      { recoveryWindowInDays: 31, secrets: [{ name: "A" }] },
      "args.recoveryWindowInDays",
      /not 7..30/,
    ],
    [
      "kms window",
      { kmsKeyDeletionWindowDays: 1, secrets: [{ name: "A" }] },
      "args.kmsKeyDeletionWindowDays",
      /not 7..30/,
    ],
    ["prefix", { namePrefix: "bad prefix!", secrets: [{ name: "A" }] }, "args.namePrefix", /not allow/],
    [
      "rotation arn",
      { secrets: [{ name: "A", rotation: { ...rot, lambdaArn: "rotate-fn" } }] },
      "args.secrets[0].rotation.lambdaArn",
      /not a Lambda function ARN/,
    ],
    [
      "rotation no lambda",
      { secrets: [{ name: "A", rotation: { ...rot, lambdaArn: "" } }] },
      "args.secrets[0].rotation.lambdaArn",
      /is required/,
    ],
    [
      "rotation none",
      { secrets: [{ name: "A", rotation: { lambdaArn: ROTATOR } }] },
      "args.secrets[0].rotation",
      /exactly one of/,
    ],
    [
      "rotation both",
      { secrets: [{ name: "A", rotation: { ...rot, scheduleExpression: "rate(1 day)" } }] },
      "args.secrets[0].rotation",
      /exactly one of/,
    ],
    [
      "rotation days",
      { secrets: [{ name: "A", rotation: { ...rot, automaticallyAfterDays: 0 } }] },
      "args.secrets[0].rotation.automaticallyAfterDays",
      /not 1..1000/,
    ],
    [
      "rotation schedule",
      { secrets: [{ name: "A", rotation: { lambdaArn: ROTATOR, scheduleExpression: "every day" } }] },
      "args.secrets[0].rotation.scheduleExpression",
      /not rate/,
    ],
  ])("%s", (_label, args, field, message) => {
    let error: unknown;
    try {
      new Secrets("bad-secrets", args);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).file).toBe('slipway:secrets:Secrets "bad-secrets"');
    expect((error as InputError).field).toBe(field);
    expect((error as InputError).problem).toMatch(message);
  });
});

describe("Secrets: a value set before deploy", () => {
  it("is neither generated nor versioned, but has an ARN to reference", async () => {
    const s = new Secrets("later", { secrets: [{ name: "OPENAI_API_KEY", valueSetBeforeDeploy: true }] });
    expect(await value(s.secretArn("OPENAI_API_KEY"))).toBeDefined();
    await value(s.secretArn("OPENAI_API_KEY"));
    const children = registrations.filter((r) => r.name.startsWith("later-"));
    expect(children.some((r) => r.type === T.secret)).toBe(true);
    expect(children.some((r) => r.type === T.version || r.type === T.password)).toBe(false);
  });

  it("is refused together with a value, generation or rotation", () => {
    expect(
      () => new Secrets("bad-later", { secrets: [{ name: "K", valueSetBeforeDeploy: true, value: "x" }] }),
    ).toThrow(/valueSetBeforeDeploy: is set together with value, generate or rotation/);
  });
});
