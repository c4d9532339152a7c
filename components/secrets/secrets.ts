/**
 * `slipway:secrets:Secrets`: Secrets Manager secrets for a list of named values, encrypted with one KMS key
 * (rotation on), with a recovery window, values from given secret Outputs or generated with
 * `@pulumi/random`, optional rotation, and a least-privilege read policy for the ECS execution role.
 *
 * Values are always wrapped in `pulumi.secret`; the component's outputs expose only names and ARNs.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { componentKey } from "../kms/component-key";
import * as random from "@pulumi/random";
import { InputError } from "../../lib/errors";

/** How to generate a value when none is given. */
export interface GeneratedValueArgs {
  /** Length, 16..4096. @default 32 */
  readonly length?: number;
  /**
   * Include special characters (from a URL- and shell-safe set, at least one of each class).
   * @default true
   */
  readonly special?: boolean;
}

/** Rotation of one secret by a rotation Lambda. */
export interface SecretRotationArgs {
  /**
   * ARN of the rotation Lambda (its resource policy must allow secretsmanager.amazonaws.com to invoke it).
   * @example "arn:aws:lambda:eu-west-1:123456789012:function:rotate-api-key"
   */
  readonly lambdaArn: pulumi.Input<string>;
  /**
   * Rotate every N days, 1..1000 (exactly one of `automaticallyAfterDays` and `scheduleExpression`).
   * @example 30
   */
  readonly automaticallyAfterDays?: number;
  /**
   * Rotation schedule, `rate(...)` or `cron(...)`.
   * @example "rate(30 days)"
   */
  readonly scheduleExpression?: string;
}

/** One named secret. */
export interface SecretSpec {
  /**
   * Logical name, unique in the component (letters, digits, `_ . -`, at most 64); also the key in the
   * output maps and the last part of the Secrets Manager name.
   * @example "JWT_SECRET"
   */
  readonly name: string;
  /** Description stored on the secret. @default "slipway secret <name>" */
  readonly description?: string;
  /**
   * The value, e.g. a Pulumi config secret (`config.requireSecret(...)`, read by config/). Wrapped in
   * `pulumi.secret` whatever it is. When absent, a value is generated (unless `valueSetBeforeDeploy`).
   * @default undefined (generated)
   */
  readonly value?: pulumi.Input<string>;
  /** Generation settings when `value` is absent (must not be set together with `value`). @default { length: 32, special: true } */
  readonly generate?: GeneratedValueArgs;
  /**
   * The value is set outside this program before the services start (e.g. a third party's API key not
   * configured yet): no value is generated and the secret has no version until one is put. Not together
   * with `value`, `generate` or `rotation`.
   * @default false
   */
  readonly valueSetBeforeDeploy?: boolean;
  /** Rotation by a Lambda. @default undefined (no rotation) */
  readonly rotation?: SecretRotationArgs;
}

/** Arguments of {@link Secrets}. */
export interface SecretsArgs {
  /**
   * The secrets; at least one, names unique.
   * @example [{ name: "JWT_SECRET" }, { name: "STRIPE_KEY", value: cfg.stripeKey }]
   */
  readonly secrets: readonly SecretSpec[];
  /**
   * Prefix of every Secrets Manager name (the name is `<prefix><secret name>-<random suffix>`).
   * @default "slipway/<component name>/"
   * @example "slipway/production/"
   */
  readonly namePrefix?: string;
  /**
   * Days a deleted secret can still be restored, 7..30 (0, immediate deletion, is not allowed).
   * @default 30
   */
  readonly recoveryWindowInDays?: number;
  /** Days before the KMS key is deleted after removal, 7..30. @default 30 */
  readonly kmsKeyDeletionWindowDays?: number;
  /** Extra tags on every resource. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Special characters used in generated values: no quotes, backslash, slash, `@`, `:` or spaces. */
export const GENERATED_SPECIAL_CHARACTERS = "!#$%&*()-_=+[]{}<>?";

const TYPE = "slipway:secrets:Secrets";

interface ResolvedSecret {
  name: string;
  description: string;
  value?: pulumi.Input<string>;
  generate: { length: number; special: boolean };
  valueSetBeforeDeploy: boolean;
  rotation?: SecretRotationArgs;
}

interface ResolvedSecretsArgs {
  secrets: ResolvedSecret[];
  namePrefix: string;
  recoveryWindowInDays: number;
  kmsKeyDeletionWindowDays: number;
  tags: Readonly<Record<string, string>>;
}

/** Validate and default the args synchronously; errors name the argument path. */
export function resolveSecretsArgs(name: string, args: SecretsArgs): ResolvedSecretsArgs {
  const fail = (field: string, problem: string, fix: string): never => {
    throw new InputError(`${TYPE} "${name}"`, field, problem, fix);
  };
  if (!Array.isArray(args.secrets) || args.secrets.length === 0) {
    fail(
      "args.secrets",
      "is empty",
      "list at least one secret (do not create the component when there are none)",
    );
  }
  const namePrefix = args.namePrefix ?? `slipway/${name}/`;
  if (!/^[A-Za-z0-9/_+=.@-]*$/.test(namePrefix) || namePrefix.length > 400) {
    fail(
      "args.namePrefix",
      `"${namePrefix}" has characters Secrets Manager does not allow`,
      "use letters, digits and /_+=.@-",
    );
  }
  const recoveryWindowInDays = args.recoveryWindowInDays ?? 30;
  if (!Number.isInteger(recoveryWindowInDays) || recoveryWindowInDays < 7 || recoveryWindowInDays > 30) {
    fail(
      "args.recoveryWindowInDays",
      `${recoveryWindowInDays} is not 7..30 (0 would delete secrets without recovery)`,
      "use 7..30 days",
    );
  }
  const kmsKeyDeletionWindowDays = args.kmsKeyDeletionWindowDays ?? 30;
  if (
    !Number.isInteger(kmsKeyDeletionWindowDays) ||
    kmsKeyDeletionWindowDays < 7 ||
    kmsKeyDeletionWindowDays > 30
  ) {
    fail("args.kmsKeyDeletionWindowDays", `${kmsKeyDeletionWindowDays} is not 7..30`, "use 7..30 days");
  }
  const seen = new Set<string>();
  const secrets = args.secrets.map((s, i): ResolvedSecret => {
    const path = `args.secrets[${i}]`;
    if (typeof s.name !== "string" || !/^[A-Za-z0-9_.-]{1,64}$/.test(s.name)) {
      fail(`${path}.name`, `"${String(s.name)}" is not a secret name`, "use 1..64 letters, digits and _ . -");
    }
    if (seen.has(s.name))
      fail(`${path}.name`, `"${s.name}" is listed twice`, "give every secret a unique name");
    seen.add(s.name);
    if (s.value !== undefined && s.generate !== undefined) {
      fail(
        `${path}.generate`,
        "is set together with value",
        "either pass a value or let the component generate one",
      );
    }
    if (s.valueSetBeforeDeploy && (s.value !== undefined || s.generate !== undefined || s.rotation)) {
      fail(
        `${path}.valueSetBeforeDeploy`,
        "is set together with value, generate or rotation",
        "pass a value, or let the component generate one, or mark it as set before deploy (alone)",
      );
    }
    if (typeof s.value === "string" && s.value.length === 0) {
      fail(`${path}.value`, "is empty", "pass a non-empty secret or omit value to generate one");
    }
    const length = s.generate?.length ?? 32;
    if (!Number.isInteger(length) || length < 16 || length > 4096) {
      fail(`${path}.generate.length`, `${length} is not 16..4096`, "use at least 16 characters");
    }
    if (s.rotation !== undefined) {
      const r = s.rotation;
      if (r.lambdaArn === undefined || r.lambdaArn === null || r.lambdaArn === "") {
        fail(`${path}.rotation.lambdaArn`, "is required", "pass the rotation Lambda's ARN");
      }
      if (
        typeof r.lambdaArn === "string" &&
        !/^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9$_-]+)?$/.test(
          r.lambdaArn,
        )
      ) {
        fail(
          `${path}.rotation.lambdaArn`,
          `"${r.lambdaArn}" is not a Lambda function ARN`,
          "pass arn:aws:lambda:<region>:<account>:function:<name>",
        );
      }
      const hasDays = r.automaticallyAfterDays !== undefined;
      const hasSchedule = r.scheduleExpression !== undefined;
      if (hasDays === hasSchedule) {
        fail(
          `${path}.rotation`,
          "needs exactly one of automaticallyAfterDays and scheduleExpression",
          'set e.g. automaticallyAfterDays: 30 or scheduleExpression: "rate(30 days)"',
        );
      }
      if (
        hasDays &&
        (!Number.isInteger(r.automaticallyAfterDays) ||
          r.automaticallyAfterDays! < 1 ||
          r.automaticallyAfterDays! > 1000)
      ) {
        fail(
          `${path}.rotation.automaticallyAfterDays`,
          `${r.automaticallyAfterDays} is not 1..1000`,
          "use a number of days in 1..1000",
        );
      }
      if (hasSchedule && !/^(rate|cron)\(.+\)$/.test(r.scheduleExpression!)) {
        fail(
          `${path}.rotation.scheduleExpression`,
          `"${r.scheduleExpression}" is not rate(...) or cron(...)`,
          'use e.g. "rate(30 days)"',
        );
      }
    }
    return {
      name: s.name,
      description: s.description ?? `slipway secret ${s.name}`,
      value: s.value,
      generate: { length, special: s.generate?.special ?? true },
      valueSetBeforeDeploy: s.valueSetBeforeDeploy === true,
      rotation: s.rotation,
    };
  });
  return { secrets, namePrefix, recoveryWindowInDays, kmsKeyDeletionWindowDays, tags: args.tags ?? {} };
}

/** Kebab-case child name part for a secret name. */
function role(secretName: string): string {
  return secretName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** Named Secrets Manager secrets under one KMS key. */
export class Secrets extends pulumi.ComponentResource {
  /** Logical name -> secret ARN. */
  readonly secretArns: pulumi.Output<Record<string, string>>;
  /** Logical name -> Secrets Manager name. */
  readonly secretNames: pulumi.Output<Record<string, string>>;
  /** The component's KMS key ARN. */
  readonly kmsKeyArn: pulumi.Output<string>;
  /**
   * IAM policy document (JSON) for the ECS execution role: `secretsmanager:GetSecretValue` on exactly these
   * secrets and `kms:Decrypt` on the key through Secrets Manager only.
   */
  readonly readPolicyJson: pulumi.Output<string>;
  /** The logical names, in args order. */
  readonly names: readonly string[];

  private readonly arnsByName: ReadonlyMap<string, pulumi.Output<string>>;
  private readonly componentName: string;

  constructor(name: string, args: SecretsArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TYPE, name, {}, opts);
    const a = resolveSecretsArgs(name, args);
    this.componentName = name;
    const parent = { parent: this };
    const tags = (r: string): Record<string, string> => ({ ...a.tags, Name: `${name}-${r}` });

    const key = componentKey(
      name,
      {
        description: `slipway ${name}: Secrets Manager secrets`,
        deletionWindowInDays: a.kmsKeyDeletionWindowDays,
        alias: { namePrefix: `alias/slipway-${role(name)}-` },
        tags: tags("key"),
      },
      this,
    );

    const arns = new Map<string, pulumi.Output<string>>();
    const names: Record<string, pulumi.Output<string>> = {};
    for (const s of a.secrets) {
      const r = role(s.name);
      const secret = new aws.secretsmanager.Secret(
        `${name}-${r}`,
        {
          namePrefix: `${a.namePrefix}${s.name}-`,
          description: s.description,
          kmsKeyId: key.arn,
          recoveryWindowInDays: a.recoveryWindowInDays,
          tags: { ...tags(r), "slipway:secret": s.name },
        },
        parent,
      );
      arns.set(s.name, secret.arn);
      names[s.name] = secret.name;
      if (s.valueSetBeforeDeploy) continue;
      let value: pulumi.Output<string>;
      if (s.value !== undefined) {
        value = pulumi.secret(pulumi.output(s.value));
      } else {
        const generated = new random.RandomPassword(
          `${name}-${r}-value`,
          {
            length: s.generate.length,
            special: s.generate.special,
            overrideSpecial: s.generate.special ? GENERATED_SPECIAL_CHARACTERS : undefined,
            minLower: 1,
            minUpper: 1,
            minNumeric: 1,
            minSpecial: s.generate.special ? 1 : 0,
          },
          parent,
        );
        value = pulumi.secret(generated.result);
      }
      new aws.secretsmanager.SecretVersion(
        `${name}-${r}-version`,
        { secretId: secret.id, secretString: value },
        // A rotated secret changes outside Pulumi: never write the initial value back over it.
        { parent: this, ignoreChanges: s.rotation ? ["secretString"] : [] },
      );
      if (s.rotation) {
        new aws.secretsmanager.SecretRotation(
          `${name}-${r}-rotation`,
          {
            secretId: secret.id,
            rotationLambdaArn: s.rotation.lambdaArn,
            rotationRules: {
              automaticallyAfterDays: s.rotation.automaticallyAfterDays,
              scheduleExpression: s.rotation.scheduleExpression,
            },
          },
          parent,
        );
      }
    }
    this.arnsByName = arns;
    this.names = a.secrets.map((s) => s.name);
    this.secretArns = pulumi.all(Object.fromEntries(arns)) as pulumi.Output<Record<string, string>>;
    this.secretNames = pulumi.all(names) as pulumi.Output<Record<string, string>>;
    this.kmsKeyArn = key.arn;
    const region = aws.getRegionOutput({}, parent).region;
    this.readPolicyJson = pulumi
      .all([pulumi.all([...arns.values()]), key.arn, region])
      .apply(([secretArns, keyArn, regionName]) => secretsReadPolicy(secretArns, keyArn, regionName));
    this.registerOutputs({
      secretArns: this.secretArns,
      secretNames: this.secretNames,
      kmsKeyArn: this.kmsKeyArn,
      readPolicyJson: this.readPolicyJson,
    });
  }

  /** ARN of one secret by logical name; throws when the name is not in `args.secrets`. */
  secretArn(secretName: string): pulumi.Output<string> {
    const arn = this.arnsByName.get(secretName);
    if (!arn) {
      throw new InputError(
        `${TYPE} "${this.componentName}"`,
        "secretArn(name)",
        `"${secretName}" is not one of ${this.names.join(", ")}`,
        "add it to args.secrets",
      );
    }
    return arn;
  }
}

/**
 * The least-privilege read policy (pure): GetSecretValue on exactly `secretArns`, Decrypt on `keyArn` only
 * when called through Secrets Manager in `region`.
 */
export function secretsReadPolicy(secretArns: readonly string[], keyArn: string, region: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ReadSlipwaySecrets",
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue"],
        Resource: [...secretArns],
      },
      {
        Sid: "DecryptSlipwaySecrets",
        Effect: "Allow",
        Action: ["kms:Decrypt"],
        Resource: [keyArn],
        Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` } },
      },
    ],
  });
}
