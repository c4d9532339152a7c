/**
 * Secret redaction, the one place that decides what a secret looks like in text. Every log line, file,
 * error and return value the automation produces goes through a redactor. Two layers:
 *
 * - **Known secrets, by structure.** A value marked secret (stack config set with `--secret`, including the
 *   JSON object `pulumi config set --secret --path 'slipway:secrets.NAME'` produces; secret envelopes of an
 *   exported state; credentials of the environment) is split into its leaves (every string and number of
 *   an object, array or nested JSON text), and each leaf is masked together with its common encodings
 *   (JSON-escaped, URL-encoded, base64 / base64url, also inside a longer base64 text). Masking is exact: it
 *   replaces the characters of the secret and nothing around them.
 * - **Well-known shapes**, masked even when nobody told us about them: AWS access key ids, Pulumi and
 *   GitHub tokens, bearer tokens, `password=...` pairs, `"token": "..."` pairs and credentials in URLs.
 *   Again only the secret part is replaced: a secret's *name* followed by prose (`partner-webhook-secret:
 *   invalid value`) is left alone.
 */

/** What a redacted value is replaced with. */
export const REDACTED = "[redacted]";

/**
 * Known secrets shorter than this are not masked: they would mask ordinary text (a 3-character secret is
 * not a secret worth the name; config validation asks for longer ones).
 */
export const MIN_SECRET_LENGTH = 4;

/** Shortest encoded fragment (the middle of a longer base64 text) that is masked: shorter ones collide. */
const MIN_FRAGMENT_LENGTH = 8;

/** Names that say "the value next to me is a secret". */
const SECRET_NAME =
  "[A-Za-z0-9_.-]*(?:password|passwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?)[A-Za-z0-9_.-]*";

/** Shapes that are secrets wherever they appear. Each replaces the secret part only. */
const PATTERNS: readonly { readonly re: RegExp; readonly replace: string }[] = [
  // AWS access key ids (long-term and temporary).
  { re: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, replace: REDACTED },
  // Pulumi access tokens.
  { re: /\bpul-[a-f0-9]{40}\b/g, replace: REDACTED },
  // GitHub tokens (classic and fine-grained).
  { re: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})\b/g, replace: REDACTED },
  // An Authorization header: whatever credential follows the scheme.
  {
    re: /\b(Authorization["']?\s*[:=]\s*["']?(?:Bearer|Basic|token)\s+)[^\s"',;]+/gi,
    replace: `$1${REDACTED}`,
  },
  // A bearer/basic credential elsewhere: only a token-like word (it has a digit or a symbol), never prose.
  {
    re: /\b(Bearer|Basic)(\s+)(?!\[redacted\])(?=[A-Za-z]*[0-9._~+/=-])[A-Za-z0-9._~+/=-]{8,}/gi,
    replace: `$1$2${REDACTED}`,
  },
  // name=value where the name says secret (no spaces around `=`: `password = x` is prose or code).
  {
    re: new RegExp(
      `(?<![\\w:./-])(?!secretsmanager\\b)(${SECRET_NAME})(["']?=["']?)(?!\\[redacted\\])([^\\s"',;&}]+)`,
      "gi",
    ),
    replace: `$1$2${REDACTED}`,
  },
  // "name": "value" (JSON, YAML, JS) where the name says secret: the quoted value only.
  {
    re: new RegExp(
      `(?<![\\w./-])(["']?)(?!secretsmanager\\b)(${SECRET_NAME})\\1(\\s*:\\s*)(["'])(?!\\[redacted\\]\\4)((?:[^"'\\\\]|\\\\.)+)\\4`,
      "gi",
    ),
    replace: `$1$2$1$3$4${REDACTED}$4`,
  },
  // Credentials embedded in URLs: scheme://user:pass@host
  { re: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+):(?!\[redacted\]@)[^\s@/]+@/gi, replace: `$1:${REDACTED}@` },
];

/** Keys whose value is never written as is, in structured data. */
const SECRET_KEY =
  /password|passwd|secret(?!_?arn|sManager|s_?management)|token|api[_-]?key|private[_-]?key/i;

export type Redactor = (text: string) => string;

/** A redactor that learns secrets as the run discovers them (the stack's config, exported state). */
export interface SecretMasker extends Redactor {
  /** Mask these values (strings, numbers, objects, arrays, JSON texts: every leaf) from now on. */
  add(values: Iterable<unknown>): void;
  /** How many distinct secret leaves are known. */
  readonly size: number;
}

/**
 * Every leaf of a secret value: a string itself and, when it is a JSON object or array (what `--path`
 * produces), each of its string and number leaves, recursively (a JSON text inside a leaf too).
 */
export function secretLeaves(value: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, depth: number): void => {
    if (depth > 32) return;
    if (typeof v === "string") {
      out.push(v);
      const t = v.trim();
      if ((t.startsWith("{") && t.endsWith("}")) || (t.startsWith("[") && t.endsWith("]"))) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(t);
        } catch {
          return;
        }
        walk(parsed, depth + 1);
      }
    } else if (typeof v === "number" || typeof v === "bigint") {
      out.push(String(v));
    } else if (Array.isArray(v)) {
      for (const x of v) walk(x, depth + 1);
    } else if (v && typeof v === "object") {
      for (const x of Object.values(v)) walk(x, depth + 1);
    }
  };
  walk(value, 0);
  return out;
}

/** The middle of the base64 of `bytes` when `offset` bytes precede it in a longer base64 text. */
function base64Core(bytes: Buffer, offset: 0 | 1 | 2, alphabet: "base64" | "base64url"): string {
  const n = offset + bytes.length;
  const text = Buffer.concat([Buffer.alloc(offset), bytes])
    .toString(alphabet)
    .replace(/=+$/, "");
  // Characters that mix in bits of the bytes before or after are dropped.
  const skip = [0, 2, 3][offset];
  return text.slice(skip, n % 3 === 0 ? undefined : -1);
}

/**
 * The forms a secret takes in text: as is, JSON-escaped (once and twice: a JSON document quoted inside an
 * error), URL-encoded (component and form encoding), and base64 / base64url, standalone or inside a longer
 * base64 text (e.g. `Basic` credentials `user:secret`).
 */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret]);
  const json = JSON.stringify(secret).slice(1, -1);
  forms.add(json);
  forms.add(JSON.stringify(json).slice(1, -1));
  const url = encodeURIComponent(secret);
  forms.add(url);
  forms.add(url.replace(/%20/g, "+"));
  forms.add(encodeURI(secret));
  const bytes = Buffer.from(secret, "utf8");
  for (const alphabet of ["base64", "base64url"] as const) {
    forms.add(bytes.toString(alphabet).replace(/=+$/, ""));
    for (const offset of [0, 1, 2] as const) {
      const core = base64Core(bytes, offset, alphabet);
      if (core.length >= MIN_FRAGMENT_LENGTH) forms.add(core);
    }
  }
  return [...forms].filter((f) => f.length >= MIN_SECRET_LENGTH);
}

/** Replace every occurrence of any of `needles` (overlaps merged) with the marker, and nothing else. */
function maskExact(text: string, needles: readonly string[]): string {
  const spans: [number, number][] = [];
  for (const n of needles) {
    for (let i = text.indexOf(n); i !== -1; i = text.indexOf(n, i + 1)) spans.push([i, i + n.length]);
  }
  if (spans.length === 0) return text;
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let out = "";
  let at = 0;
  let [start, end] = spans[0];
  for (const [s, e] of spans.slice(1)) {
    if (s <= end) {
      end = Math.max(end, e);
      continue;
    }
    out += text.slice(at, start) + REDACTED;
    at = end;
    [start, end] = [s, e];
  }
  return out + text.slice(at, start) + REDACTED + text.slice(end);
}

/**
 * Build a redactor that masks the given known secrets (every leaf and its encodings; leaves shorter than
 * `MIN_SECRET_LENGTH` are ignored) and every well-known secret shape. `add` teaches it more secrets.
 */
export function createRedactor(knownSecrets: Iterable<unknown> = []): SecretMasker {
  const leaves = new Set<string>();
  let needles: string[] = [];
  const add = (values: Iterable<unknown>) => {
    let changed = false;
    for (const v of values) {
      for (const leaf of secretLeaves(v)) {
        if (leaf.length < MIN_SECRET_LENGTH || leaves.has(leaf)) continue;
        leaves.add(leaf);
        changed = true;
      }
    }
    if (changed) needles = [...new Set([...leaves].flatMap(secretForms))];
  };
  add(knownSecrets);
  const redactor = (text: string): string => {
    let out = text;
    // A mask can join two halves into a new occurrence only around the marker: a few passes settle it.
    for (let pass = 0; pass < 3; pass++) {
      const next = maskExact(out, needles);
      if (next === out) break;
      out = next;
    }
    for (const p of PATTERNS) out = out.replace(p.re, p.replace);
    return out;
  };
  return Object.defineProperties(redactor, {
    add: { value: add },
    size: { get: () => leaves.size },
  }) as SecretMasker;
}

/** Redact with the well-known shapes only. */
export const redact: Redactor = createRedactor();

/**
 * Secret values present in a process environment: AWS credentials, Pulumi tokens and passphrases, GitHub
 * tokens and any variable whose name says it is a secret.
 */
export function secretsFromEnv(env: Readonly<Record<string, string | undefined>>): string[] {
  return Object.entries(env)
    .filter(([k]) => /SECRET|TOKEN|PASSWORD|PASSPHRASE|ACCESS_KEY|SESSION_KEY|API_KEY/i.test(k))
    .map(([, v]) => v)
    .filter((v): v is string => !!v);
}

/** The values of a stack config that are marked secret (as Pulumi returns them: plaintext, maybe JSON). */
export function secretConfigValues(
  config: Readonly<Record<string, { readonly value: string; readonly secret?: boolean }>>,
): string[] {
  return Object.values(config).flatMap((c) => (c.secret ? [c.value] : []));
}

/** Pulumi's secret envelope signature (`4dabf18193072939515e22adb298388d`: `1b47061264138c4ac30d75fd1eb44270`). */
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG_VALUE = "1b47061264138c4ac30d75fd1eb44270";

function isSecretEnvelope(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === "object" && (v as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG_VALUE;
}

/**
 * The plaintexts of every secret envelope (an Output marked secret) in an exported state or output map:
 * `plaintext` is JSON text, `value` the raw value; both are returned as leaves.
 */
export function secretsInState(state: unknown): string[] {
  const found: unknown[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== "object") return;
    if (isSecretEnvelope(v)) {
      if (typeof v.plaintext === "string") {
        try {
          found.push(JSON.parse(v.plaintext));
        } catch {
          found.push(v.plaintext);
        }
      }
      if ("value" in v) found.push(v.value);
      return;
    }
    Object.values(v).forEach(walk);
  };
  walk(state);
  return secretLeaves(found);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (!v || typeof v !== "object") return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Deep-redact structured data before it is written or returned: string values go through the redactor,
 * values of keys that name a secret (but not `*_arn`, `secrets_management`) are replaced. Arrays stay
 * arrays; objects that are not plain data (Dates, class instances) are kept as they are, except errors,
 * whose message is redacted.
 */
export function redactDeep<T>(value: T, redactor: Redactor = redact): T {
  const walk = (v: unknown, key?: string): unknown => {
    if (typeof v === "string") return key && SECRET_KEY.test(key) ? REDACTED : redactor(v);
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (v instanceof Error) return redactError(v, redactor);
    if (isPlainObject(v)) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    }
    return v;
  };
  return walk(value) as T;
}

/** Redact an error's message (and its stack, which repeats it) in place; returns the same error. */
export function redactError<E>(err: E, redactor: Redactor = redact): E {
  if (err instanceof Error) {
    err.message = redactor(err.message);
    if (err.stack) err.stack = redactor(err.stack);
  }
  return err;
}

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
      if (isSecretEnvelope(o)) {
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
