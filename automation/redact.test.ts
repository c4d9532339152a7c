import { createRedactor, redact, redactDeep, REDACTED, secretsFromEnv } from "./redact";

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
