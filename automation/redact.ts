/**
 * Secret redaction for every log line and file the automation writes. Two layers: known secret values
 * (config values marked secret, credentials from the environment) are replaced wherever they occur, and
 * well-known secret shapes (AWS keys, Pulumi tokens, bearer tokens, `password=...` pairs, URLs with
 * credentials) are masked even when nobody told us about them.
 */

/** What a redacted value is replaced with. */
export const REDACTED = "[redacted]";

/** Shapes that are secrets wherever they appear. */
const PATTERNS: readonly { readonly re: RegExp; readonly replace: string }[] = [
  // AWS access key ids (long-term and temporary).
  { re: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, replace: REDACTED },
  // Pulumi access tokens.
  { re: /\bpul-[a-f0-9]{40}\b/g, replace: REDACTED },
  // GitHub tokens.
  { re: /\bgh[pousr]_[A-Za-z0-9]{30,}\b/g, replace: REDACTED },
  // Authorization headers / bearer tokens.
  { re: /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, replace: `$1 ${REDACTED}` },
  // key=value / key: value pairs whose key names a secret.
  {
    re: /(?<![\w:./-])(?!secretsmanager\b)([A-Za-z0-9_.-]*(?:password|passwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?)[A-Za-z0-9_.-]*)(["']?\s*[:=]\s*["']?)([^\s"',;&}]+)/gi,
    replace: `$1$2${REDACTED}`,
  },
  // Credentials embedded in URLs: scheme://user:pass@host
  { re: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+):[^\s@/]+@/gi, replace: `$1:${REDACTED}@` },
];

/** Keys whose value is never written as is, in structured data. */
const SECRET_KEY =
  /password|passwd|secret(?!_?arn|sManager|s_?management)|token|api[_-]?key|private[_-]?key/i;

export type Redactor = (text: string) => string;

/**
 * Build a redactor that masks the given known secret values (shorter than 4 characters are ignored: they
 * would mask ordinary text) and every well-known secret shape.
 */
export function createRedactor(knownSecrets: Iterable<string | undefined> = []): Redactor {
  const values = [...new Set([...knownSecrets].filter((s): s is string => !!s && s.length >= 4))].sort(
    (a, b) => b.length - a.length,
  );
  return (text: string): string => {
    let out = text;
    for (const v of values) out = out.split(v).join(REDACTED);
    for (const p of PATTERNS) out = out.replace(p.re, p.replace);
    return out;
  };
}

/** Redact with the well-known shapes only. */
export const redact: Redactor = createRedactor();

/**
 * Secret values present in a process environment: AWS credentials, Pulumi tokens and passphrases, GitHub
 * tokens and any variable whose name says it is a secret.
 */
export function secretsFromEnv(env: Record<string, string | undefined>): string[] {
  return Object.entries(env)
    .filter(([k]) => /SECRET|TOKEN|PASSWORD|PASSPHRASE|ACCESS_KEY|SESSION_KEY|API_KEY/i.test(k))
    .map(([, v]) => v)
    .filter((v): v is string => !!v);
}

/**
 * Deep-redact structured data before it is written: string values go through the redactor, values of keys
 * that name a secret (but not `*_arn`, `secrets_management`) are replaced.
 */
export function redactDeep<T>(value: T, redactor: Redactor = redact): T {
  const walk = (v: unknown, key?: string): unknown => {
    if (typeof v === "string") return key && SECRET_KEY.test(key) ? REDACTED : redactor(v);
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (v && typeof v === "object") {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, walk(x, k)]),
      );
    }
    return v;
  };
  return walk(value) as T;
}

/** Pulumi's secret envelope signature (`4dabf18193072939515e22adb298388d`: `1b47061264138c4ac30d75fd1eb44270`). */
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG_VALUE = "1b47061264138c4ac30d75fd1eb44270";

/**
 * Scrub an exported stack state before it is written: the plaintext of every secret envelope (the
 * Automation API exports with `--show-secrets`) is replaced, ciphertexts are kept, and the rest goes through
 * `redactDeep`. Returns the scrubbed copy and how many secret values were removed.
 */
export function scrubState<T>(state: T, redactor: Redactor = redact): { state: T; secretsRemoved: number } {
  let secretsRemoved = 0;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (o[SECRET_SIG_KEY] === SECRET_SIG_VALUE) {
        if ("plaintext" in o || "value" in o) secretsRemoved++;
        const { plaintext: _p, value: _v, ...rest } = o;
        return "ciphertext" in rest ? rest : { ...rest, plaintext: JSON.stringify(REDACTED) };
      }
      return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return { state: redactDeep(walk(state) as T, redactor), secretsRemoved };
}
