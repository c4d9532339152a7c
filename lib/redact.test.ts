import fc from "fast-check";
import {
  createRedactor,
  redact,
  redactDeep,
  redactError,
  REDACTED,
  scrubState,
  secretConfigValues,
  secretForms,
  secretLeaves,
  secretsFromEnv,
  secretsInState,
} from "./redact";

const SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };

describe("redact: well-known shapes", () => {
  it.each([
    ["AWS key id AKIAIOSFODNN7EXAMPLE in a line", "AWS key id [redacted] in a line"],
    ["temporary ASIAIOSFODNN7EXAMPLE key", "temporary [redacted] key"],
    ["token pul-0123456789abcdef0123456789abcdef01234567 used", "token [redacted] used"],
    ["push with ghp_abcdefghijklmnopqrstuvwxyz0123456789 now", "push with [redacted] now"],
    ["pat github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstu ok", "pat [redacted] ok"],
    ["Authorization: Bearer abc.def.ghi-123", "Authorization: Bearer [redacted]"],
    ["Authorization: Basic dXNlcjpwYXNzd29yZA", "Authorization: Basic [redacted]"],
    ["curl -H 'Authorization: token abcdefgh' x", "curl -H 'Authorization: token [redacted]' x"],
    ["sent Bearer eyJhbGciOi.J9.x to the API", "sent Bearer [redacted] to the API"],
    ["DB_PASSWORD=hunter22 PORT=8080", "DB_PASSWORD=[redacted] PORT=8080"],
    ["api_key='k-123' next", "api_key='[redacted]' next"],
    ['{"apiKey": "s3cr3tvalue"}', '{"apiKey": "[redacted]"}'],
    ['{"client_secret":"two words","id":"x"}', '{"client_secret":"[redacted]","id":"x"}'],
    ["postgres://app:pa55word@db.internal:5432/app", "postgres://app:[redacted]@db.internal:5432/app"],
    // Exact: a secret's name followed by prose keeps the prose.
    [
      "partner-webhook-secret: InvalidRequestException error validating the value",
      "partner-webhook-secret: InvalidRequestException error validating the value",
    ],
    [
      "the token expired; Bearer authentication required",
      "the token expired; Bearer authentication required",
    ],
    ["Basic information about the password policy", "Basic information about the password policy"],
    ["password = must be 12 characters", "password = must be 12 characters"],
    ["plain progress line: updating (3/7)", "plain progress line: updating (3/7)"],
    [
      "masterSecretArn arn:aws:secretsmanager:eu-west-1:1:secret:x",
      "masterSecretArn arn:aws:secretsmanager:eu-west-1:1:secret:x",
    ],
    ["secretsmanager=enabled", "secretsmanager=enabled"],
    ["already [redacted] stays", "already [redacted] stays"],
  ])("%s", (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it("is idempotent on its own output", () => {
    for (const line of [
      "DB_PASSWORD=hunter22",
      '{"token": "abc"}',
      "https://u:p@h/x",
      "Bearer abc.def.ghi",
    ]) {
      expect(redact(redact(line))).toBe(redact(line));
    }
  });
});

describe("redact: known secrets, by structure", () => {
  it("masks known secret values wherever they occur, longest first, ignoring short ones", () => {
    const r = createRedactor(["correct-horse", "correct-horse-battery", "ab", undefined]);
    expect(r("x correct-horse-battery y correct-horse z ab")).toBe(`x ${REDACTED} y ${REDACTED} z ab`);
    expect(r.size).toBe(2);
  });

  it("masks every leaf of a secret set with --path (one JSON text), not only the whole text", () => {
    const config = {
      "slipway:secrets": {
        value: '{"PARTNER_WEBHOOK_SECRET":"whs-9f8e7d6c","JWT_KEY":"jwt-aa11bb22"}',
        secret: true,
      },
      "slipway:region": { value: "eu-west-1" },
    };
    const r = createRedactor(secretConfigValues(config));
    expect(r("webhook rejected whs-9f8e7d6c; jwt jwt-aa11bb22 in eu-west-1")).toBe(
      `webhook rejected ${REDACTED}; jwt ${REDACTED} in eu-west-1`,
    );
    expect(secretConfigValues(config)).toEqual([config["slipway:secrets"].value]);
  });

  it("finds leaves in nested objects, arrays, numbers and JSON texts inside leaves", () => {
    expect(
      secretLeaves({ a: ["one-1", { b: 123456 }], c: '{"d":["inner-2"]}', e: true, f: null }).sort(),
    ).toEqual(['{"d":["inner-2"]}', "123456", "inner-2", "one-1"].sort());
    expect(secretLeaves("{not json")).toEqual(["{not json"]);
    expect(secretLeaves(["[1,", 7n])).toEqual(["[1,", "7"]);
  });

  it("learns secrets later with add", () => {
    const r = createRedactor();
    expect(r("value s3cret-later")).toBe("value s3cret-later");
    r.add([{ k: "s3cret-later" }]);
    expect(r("value s3cret-later")).toBe(`value ${REDACTED}`);
    r.add(["s3cret-later"]);
    expect(r.size).toBe(1);
  });

  it.each([
    ["JSON-escaped", (s: string) => JSON.stringify({ m: `error: ${s}` })],
    ["JSON inside JSON", (s: string) => JSON.stringify({ m: JSON.stringify({ v: s }) })],
    ["URL-encoded", (s: string) => `https://hooks.example.com/x?sig=${encodeURIComponent(s)}&a=1`],
    ["form-encoded", (s: string) => `body: a=1&v=${encodeURIComponent(s).replace(/%20/g, "+")}`],
    ["base64", (s: string) => `blob ${Buffer.from(s).toString("base64")} end`],
    ["base64url", (s: string) => `blob ${Buffer.from(s).toString("base64url")} end`],
    ["inside a longer base64 text", (s: string) => `Basic ${Buffer.from(`user:${s}`).toString("base64")}`],
    ["inside a longer base64 text (2)", (s: string) => Buffer.from(`ab${s}xyz`).toString("base64")],
  ])("masks the %s form", (_name, encode) => {
    const secret = 'p@ss "w/rd" ü+1=2&3';
    const r = createRedactor([secret]);
    const out = r(encode(secret));
    for (const f of [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)])
      expect(out).not.toContain(f);
    expect(out).toContain(REDACTED);
    // base64 texts: nothing decodes back to the secret.
    expect(Buffer.from(out.replace(/[^A-Za-z0-9+/_-]/g, ""), "base64").toString()).not.toContain(secret);
  });

  it("merges overlapping secrets into one mask", () => {
    const r = createRedactor(["abcdef12", "ef12ghij"]);
    expect(r("x abcdef12ghij y")).toBe(`x ${REDACTED} y`);
  });

  it("lists the forms of a secret without duplicates or short fragments", () => {
    const forms = secretForms("abcd");
    expect(new Set(forms).size).toBe(forms.length);
    expect(forms).toContain("abcd");
    expect(forms).toContain("YWJjZA");
    expect(forms.every((f) => f.length >= 4)).toBe(true);
  });
});

describe("redact: environment, structured data and state", () => {
  it("collects secrets from the environment by name", () => {
    const env = {
      AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI",
      PULUMI_CONFIG_PASSPHRASE: "pp-1234",
      GITHUB_TOKEN: "",
      HOME: "/root",
    };
    expect(secretsFromEnv(env).sort()).toEqual(["pp-1234", "wJalrXUtnFEMI"]);
  });

  it("deep-redacts structured data by key and by value; arrays, dates and numbers keep their shape", () => {
    const at = new Date(0);
    const doc = {
      secrets_management: "AWS Secrets Manager",
      masterSecretArn: "arn:aws:secretsmanager:x",
      nested: [{ password: "p", note: "key AKIAIOSFODNN7EXAMPLE" }, ["x"]],
      count: 3,
      at,
    };
    const out = redactDeep(doc);
    expect(out).toEqual({
      secrets_management: "AWS Secrets Manager",
      masterSecretArn: "arn:aws:secretsmanager:x",
      nested: [{ password: REDACTED, note: `key ${REDACTED}` }, ["x"]],
      count: 3,
      at,
    });
    expect(Array.isArray(out.nested)).toBe(true);
    expect(out.at).toBe(at);
  });

  it("redacts the message and stack of errors, in place", () => {
    const r = createRedactor(["hunter2-db"]);
    const err = new Error("connect failed with hunter2-db");
    expect(redactError(err, r)).toBe(err);
    expect(err.message).toBe(`connect failed with ${REDACTED}`);
    expect(err.stack).not.toContain("hunter2-db");
    expect(redactDeep({ e: new Error("x hunter2-db") }, r).e.message).toBe(`x ${REDACTED}`);
    expect(redactError("not an error", r)).toBe("not an error");
  });

  it("finds the plaintexts of secret envelopes (Outputs marked secret) in a state", () => {
    const state = {
      resources: [
        { inputs: { a: { ...SIG, plaintext: '{"user":"u-admin","pw":"Zx9-pw-77"}' } } },
        { outputs: { b: { ...SIG, plaintext: "not-json-text" }, c: { ...SIG, value: "raw-value-1" } } },
        { outputs: { d: { ...SIG, ciphertext: "v1:AAAA" }, e: "plain" } },
      ],
    };
    expect(secretsInState(state).sort()).toEqual(["Zx9-pw-77", "not-json-text", "raw-value-1", "u-admin"]);
    expect(secretsInState("text")).toEqual([]);
  });
});

describe("scrubState", () => {
  it("removes secret plaintexts from an exported state, keeps ciphertexts, arrays and structure", () => {
    const state = {
      version: 3,
      deployment: {
        resources: [
          { urn: "urn:a", inputs: { password: { ...SIG, plaintext: '"hunter22"' }, port: 5432 } },
          { urn: "urn:b", outputs: { key: { ...SIG, ciphertext: "v1:AAAA" }, list: [1, "two"] } },
          { urn: "urn:c", outputs: { v: { ...SIG, value: "raw" } } },
        ],
      },
    };
    const { state: out, secretsRemoved } = scrubState(state);
    expect(secretsRemoved).toBe(2);
    expect(JSON.stringify(out)).not.toContain("hunter22");
    expect(Array.isArray(out.deployment.resources)).toBe(true);
    expect(out.deployment.resources[0].inputs).toEqual({
      password: { ...SIG, plaintext: '"[redacted]"' },
      port: 5432,
    });
    expect(out.deployment.resources[1].outputs).toEqual({
      key: { ...SIG, ciphertext: "v1:AAAA" },
      list: [1, "two"],
    });
    expect(Array.isArray(out.deployment.resources[1].outputs?.list)).toBe(true);
    expect(out.deployment.resources[2].outputs).toEqual({ v: { ...SIG, plaintext: '"[redacted]"' } });
  });
});

describe("redact: properties", () => {
  // Secrets as people make them: at least 8 characters of anything printable (quotes, slashes, unicode).
  const secret = fc
    .string({ minLength: 8, maxLength: 40, unit: "grapheme" })
    .filter((s) => s.trim().length >= 8);
  const words = fc.array(fc.string({ minLength: 0, maxLength: 12, unit: "grapheme" }), { maxLength: 8 });
  const contexts: ((s: string, w: string[]) => string)[] = [
    (s, w) => JSON.stringify({ message: `${w.join(" ")}: ${s}`, detail: w }),
    (s, w) => JSON.stringify({ outer: JSON.stringify({ value: s, w }) }),
    (s, w) =>
      `https://example.com/${encodeURIComponent(w.join("/"))}?sig=${encodeURIComponent(s)}&n=${w.length}`,
    (s, w) => `Error: ${w.join(" ")} (value '${s}') at step ${w.length}`,
    (s, w) => `Authorization: Basic ${Buffer.from(`${w.join("")}:${s}`).toString("base64")}`,
    (s, w) => `${w.join(" ")} ${Buffer.from(s).toString("base64")} ${Buffer.from(s).toString("base64url")}`,
  ];

  it("random secrets inside random JSON / URL / error / base64 text never survive", () => {
    fc.assert(
      fc.property(
        fc.array(secret, { minLength: 1, maxLength: 3 }),
        words,
        fc.nat(contexts.length - 1),
        (secrets, w, c) => {
          const r = createRedactor([JSON.stringify(Object.fromEntries(secrets.map((s, i) => [`S${i}`, s])))]);
          for (const s of secrets) {
            const out = r(contexts[c](s, w));
            expect(out).not.toContain(s);
            expect(out).not.toContain(JSON.stringify(s).slice(1, -1));
            expect(out).not.toContain(encodeURIComponent(s));
            expect(out).not.toContain(Buffer.from(s).toString("base64").replace(/=+$/, ""));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("text without secrets is unchanged", () => {
    // Text with none of the well-known shapes' markers (`=`, `:`, `@`, `Bearer`, key prefixes).
    const plain = fc
      .string({ maxLength: 80, unit: "grapheme" })
      .filter((t) => !/[=:@]|bearer|basic|akia|asia|pul-|gh[pousr]_|github_pat/i.test(t));
    fc.assert(
      fc.property(fc.array(secret, { maxLength: 3 }), plain, (secrets, text) => {
        fc.pre(secrets.every((s) => secretForms(s).every((f) => !text.includes(f))));
        expect(createRedactor(secrets)(text)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
});

describe("shape boundaries", () => {
  it.each([
    ["temporary key ASIAIOSFODNN7EXAMPLE", "temporary key [redacted]"],
    ["not a key AKIAIOSFODNN7EXAMPL (19)", "not a key AKIAIOSFODNN7EXAMPL (19)"],
    ["gho_abcdefghijklmnopqrstuvwxyz0123 oauth", "[redacted] oauth"],
    ["ghs_abcdefghijklmnopqrstuvwxyz0123 app", "[redacted] app"],
    ["short ghp_abcdefghijklmnopqrstuvwxyz012 (29)", "short ghp_abcdefghijklmnopqrstuvwxyz012 (29)"],
    ["pul-0123456789abcdef0123456789abcdef0123456 (39)", "pul-0123456789abcdef0123456789abcdef0123456 (39)"],
    ["https://deploy:hunter2hunter@git.example.com/x", "https://deploy:[redacted]@git.example.com/x"],
    ["Authorization: Bearer abc", "Authorization: Bearer [redacted]"],
    ["Basic auth is configured", "Basic auth is configured"],
    ["api_key=abc123xyz&next=1", "api_key=[redacted]&next=1"],
    ['{"client_secret": "s3cr3t-value"}', '{"client_secret": "[redacted]"}'],
    ["secretsmanager=enabled", "secretsmanager=enabled"],
  ])("%s", (text, expected) => expect(redact(text)).toBe(expected));

  it("a known secret of exactly the minimum length is masked, a shorter one is not", () => {
    const r = createRedactor(["abcd", "xyz"]);
    expect(r("abcd xyz")).toBe("[redacted] xyz");
    expect(r.size).toBe(1);
  });

  it("redactDeep keeps arrays arrays and masks values of secret-named keys only", () => {
    const out = redactDeep({ list: ["a", ["b"]], token: "t-1", secret_arn: "arn:y" });
    expect(Array.isArray(out.list)).toBe(true);
    expect(Array.isArray(out.list[1])).toBe(true);
    expect(out).toEqual({ list: ["a", ["b"]], token: REDACTED, secret_arn: "arn:y" });
  });

  it("scrubState keeps arrays and counts each secret envelope once", () => {
    const { state, secretsRemoved } = scrubState({
      resources: [
        { outputs: { a: { ...SIG, plaintext: '"v1-secret"' } } },
        { outputs: { b: { ...SIG, value: "v2-secret", ciphertext: "AAAB" } } },
      ],
    });
    expect(Array.isArray(state.resources)).toBe(true);
    expect(secretsRemoved).toBe(2);
    expect(state.resources[1].outputs.b).toEqual({ ...SIG, ciphertext: "AAAB" });
    expect(JSON.stringify(state)).not.toMatch(/v1-secret|v2-secret/);
  });
});
