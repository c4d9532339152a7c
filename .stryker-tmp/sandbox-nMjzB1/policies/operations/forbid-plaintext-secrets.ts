// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { containersOf, environmentOf } from "../ecs/containers";
import { operations } from "../lib/meta";
import { asRecord } from "../lib/props";
import { ECS_TASK_DEFINITION, isOneOf, LAMBDA_FUNCTION, SSM_PARAMETER } from "../lib/types";

/** Variable and parameter names that hold secrets. */
export const SECRET_NAME_PATTERN =
  "(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?|AUTH_?KEY|CLIENT_SECRET|SIGNING_?KEY|CONNECTION_?STRING|DSN)";

/** Names that only point at a secret (an ARN, a name, a path, a TTL), not hold it. */
export const REFERENCE_SUFFIX_PATTERN =
  "(_ARN|_NAME|_ID|_PATH|_FILE|_URL|_URI|_HEADER|_TTL|_EXPIRY|_LENGTH|_ENABLED|_REGION|_KEY_ID)$";

/** Values that are secrets whatever their name. */
const SECRET_VALUES: [string, RegExp][] = [
  ["an AWS access key id", /\b(AKIA|ASIA)[0-9A-Z]{16}\b/],
  ["a private key", /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ["a URL with a password", /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i],
  ["a GitHub token", /\bgh[pousr]_[A-Za-z0-9]{30,}\b/],
  ["a Slack token", /\bxox[abposr]-[A-Za-z0-9-]{10,}/],
  ["a Stripe live key", /\b[sr]k_live_[A-Za-z0-9]{16,}\b/],
];

const FIX =
  "Store the value in Secrets Manager (or an SSM SecureString) and pass it by reference: ECS `secrets` " +
  "(valueFrom), Lambda reading it at start-up, or an SSM parameter of type SecureString.";

function isReference(value: string): boolean {
  return /^arn:aws[a-z-]*:(secretsmanager|ssm|kms):/.test(value) || /^\{\{resolve:/.test(value);
}

/**
 * Operations rule "secrets never in plain config or environment variables": ECS container
 * `environment`, Lambda `environment.variables` and plain (String/StringList) SSM parameters must not
 * hold a secret, judged by a secret-like name with a literal value, or by a value that is a
 * recognisable credential. Values are never echoed in messages.
 */
export const forbidPlaintextSecrets: ResourceValidationPolicy = {
  name: "forbid-plaintext-secrets",
  description: "Secrets are not passed in plain environment variables or plain SSM parameters.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps: FIX,
  ...operations(),
  configSchema: {
    properties: {
      allowedNames: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "Variable names that look secret but are not (exact, case-sensitive).",
      },
    },
  },
  validateResource: (args, report) => {
    const { allowedNames } = configOf<{ allowedNames: string[] }>(args, forbidPlaintextSecrets);
    const secretName = new RegExp(SECRET_NAME_PATTERN, "i");
    const referenceName = new RegExp(REFERENCE_SUFFIX_PATTERN, "i");
    const check = (where: string, name: string, value: unknown) => {
      if (
        allowedNames.includes(name) ||
        typeof value !== "string" ||
        value.length === 0 ||
        isReference(value)
      )
        return;
      const credential = SECRET_VALUES.find(([, re]) => re.test(value));
      if (credential) {
        report(`${where} ${name} holds ${credential[0]}. ${FIX}`);
      } else if (secretName.test(name) && !referenceName.test(name)) {
        report(`${where} ${name} looks like a secret passed in plain text. ${FIX}`);
      }
    };
    if (isOneOf(args.type, ECS_TASK_DEFINITION)) {
      for (const c of containersOf(args.props.containerDefinitions) ?? []) {
        for (const e of environmentOf(c))
          check(`Container '${c.name}' of task definition '${args.name}' environment`, e.name, e.value);
      }
    } else if (isOneOf(args.type, LAMBDA_FUNCTION)) {
      const vars = asRecord(asRecord(args.props.environment)?.variables) ?? {};
      for (const [k, v] of Object.entries(vars)) check(`Lambda function '${args.name}' environment`, k, v);
    } else if (isOneOf(args.type, SSM_PARAMETER)) {
      if (args.props.type === "SecureString") return;
      const name = String(args.props.name ?? args.name);
      const leaf = name.split("/").pop() ?? name;
      check(
        `SSM parameter (type ${String(args.props.type ?? "String")})`,
        leaf.toUpperCase().replace(/[-.]/g, "_"),
        args.props.value,
      );
    }
  },
};
