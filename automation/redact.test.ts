import { createRedactor, redact, redactDeep, REDACTED, scrubState, secretsFromEnv } from "./redact";

describe("redact", () => {
  it.each([
    ["AWS key id AKIAIOSFODNN7EXAMPLE in a line", "AWS key id [redacted] in a line"],
    ["token pul-0123456789abcdef0123456789abcdef01234567 used", "token [redacted] used"],
    ["Authorization: Bearer abc.def.ghi-123", "Authorization: Bearer [redacted]"],
    ["DB_PASSWORD=hunter22 PORT=8080", "DB_PASSWORD=[redacted] PORT=8080"],
    ['{"apiKey": "s3cr3tvalue"}', '{"apiKey": "[redacted]"}'],
    ["postgres://app:pa55word@db.internal:5432/app", "postgres://app:[redacted]@db.internal:5432/app"],
    ["plain progress line: updating (3/7)", "plain progress line: updating (3/7)"],
    [
      "masterSecretArn arn:aws:secretsmanager:eu-west-1:1:secret:x",
      "masterSecretArn arn:aws:secretsmanager:eu-west-1:1:secret:x",
    ],
  ])("%s", (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it("masks known secret values wherever they occur, longest first", () => {
    const r = createRedactor(["correct-horse", "correct-horse-battery", "ab", undefined]);
    expect(r("x correct-horse-battery y correct-horse z ab")).toBe(`x ${REDACTED} y ${REDACTED} z ab`);
  });

  it("collects secrets from the environment by name", () => {
    const env = {
      AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI",
      PULUMI_CONFIG_PASSPHRASE: "pp-1234",
      HOME: "/root",
    };
    expect(secretsFromEnv(env).sort()).toEqual(["pp-1234", "wJalrXUtnFEMI"]);
  });

  it("deep-redacts structured data by key and by value", () => {
    const doc = {
      secrets_management: "AWS Secrets Manager",
      masterSecretArn: "arn:aws:secretsmanager:x",
      nested: [{ password: "p", note: "key AKIAIOSFODNN7EXAMPLE" }],
      count: 3,
    };
    expect(redactDeep(doc)).toEqual({
      secrets_management: "AWS Secrets Manager",
      masterSecretArn: "arn:aws:secretsmanager:x",
      nested: [{ password: REDACTED, note: `key ${REDACTED}` }],
      count: 3,
    });
  });
});

describe("scrubState", () => {
  it("removes secret plaintexts from an exported state, keeps ciphertexts and structure", () => {
    const sig = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };
    const state = {
      version: 3,
      deployment: {
        resources: [
          { urn: "urn:a", inputs: { password: { ...sig, plaintext: '"hunter22"' }, port: 5432 } },
          { urn: "urn:b", outputs: { key: { ...sig, ciphertext: "v1:AAAA" } } },
        ],
      },
    };
    const { state: out, secretsRemoved } = scrubState(state);
    expect(secretsRemoved).toBe(1);
    expect(JSON.stringify(out)).not.toContain("hunter22");
    expect(out.deployment.resources[0].inputs).toEqual({
      password: { ...sig, plaintext: '"[redacted]"' },
      port: 5432,
    });
    expect(out.deployment.resources[1].outputs).toEqual({ key: { ...sig, ciphertext: "v1:AAAA" } });
  });
});
