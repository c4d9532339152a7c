/**
 * AWS facts and limits that more than one part of slipway needs: one declaration each.
 * Pure data and small predicates; imports nothing of the project.
 */

/** CloudWatch Logs retention periods (days) that AWS accepts; never-expire is not offered. */
export const LOG_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** `true` when CloudWatch Logs accepts `days` as a retention period. */
export function isLogRetentionDays(days: number): boolean {
  return LOG_RETENTION_DAYS.includes(days);
}

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}

/** Fargate task sizes AWS accepts: CPU units -> allowed memory (MiB). */
export const FARGATE_SIZES: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

/** Memory sizes (MiB) Fargate accepts for `cpu` units; empty for a CPU size Fargate does not offer. */
export function fargateMemoryOptions(cpu: number): readonly number[] {
  return FARGATE_SIZES[cpu] ?? [];
}

/**
 * A container image tag (Docker/ECR): slipway tags images with the release version, so a version given
 * on the command line (`--to-version`) must be one.
 */
export const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/**
 * A container image pinned by digest: `<registry>/<repository>@sha256:<64 hex>` (registry host with an
 * optional port, repository path in lower case as Docker/OCI require). What services run (issue 11):
 * the same bytes in every environment, never a tag that could move.
 */
export const IMAGE_DIGEST_REF =
  /^(?<registry>[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?)\/(?<repository>[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*)@sha256:(?<digest>[a-f0-9]{64})$/;

/** An Amazon ECR registry host: `<account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]`. */
export const ECR_REGISTRY =
  /^(?<account>\d{12})\.dkr\.ecr(-fips)?\.(?<region>[a-z]{2}(-[a-z]+)+-\d)\.amazonaws\.com(?<cn>\.cn)?$/;

/**
 * Tag prefix of images a deploy ran (`deployed-<stack>-<run>`), added by the CI workflow after a
 * successful deploy. The ECR lifecycle policy keeps the newest images carrying it (rollback depth) and no
 * lower-priority rule can expire them.
 */
export const DEPLOYED_TAG_PREFIX = "deployed-";

/** The ECR repository ARN of an image reference, or undefined when its registry is not ECR. */
export function ecrRepositoryArn(image: string): string | undefined {
  const slash = image.indexOf("/");
  if (slash < 0) return undefined;
  const m = ECR_REGISTRY.exec(image.slice(0, slash));
  if (!m?.groups) return undefined;
  const repository = image.slice(slash + 1).replace(/[@:].*$/, "");
  const partition = m.groups.cn ? "aws-cn" : "aws";
  return `arn:${partition}:ecr:${m.groups.region}:${m.groups.account}:repository/${repository}`;
}

/**
 * AWS error names (and Node network codes) that mean "slow down or try again": throttling, timeouts and
 * brief unavailability. Anything else is a real failure and is never retried.
 */
export const RETRYABLE_AWS_ERRORS: readonly string[] = [
  "ThrottlingException",
  "Throttling",
  "ThrottledException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "SlowDown",
  "TimeoutError",
  "RequestTimeout",
  "RequestTimeoutException",
  "ServiceUnavailable",
  "ServiceUnavailableException",
  "ETIMEDOUT",
  "ECONNRESET",
  "ECONNREFUSED",
  "EAI_AGAIN",
];

/** `true` for an error worth retrying after a pause (see `RETRYABLE_AWS_ERRORS`); never for an abort. */
export function isRetryableAwsError(err: unknown): boolean {
  if (!err || typeof err !== "object") return false;
  const e = err as { name?: unknown; code?: unknown };
  return [e.name, e.code].some((x) => typeof x === "string" && RETRYABLE_AWS_ERRORS.includes(x));
}

/**
 * Call `fn`, retrying a retryable AWS error (`isRetryableAwsError`) up to `attempts` times in all, with a
 * pause that doubles from `delayMs`. The last error is rethrown, its message saying how often it was tried.
 */
export async function withAwsRetries<T>(
  fn: () => Promise<T>,
  opts: {
    readonly sleep: (ms: number) => Promise<void>;
    readonly attempts?: number;
    readonly delayMs?: number;
    readonly signal?: AbortSignal;
  },
): Promise<T> {
  const attempts = opts.attempts ?? 4;
  let delay = opts.delayMs ?? 1000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isRetryableAwsError(err) || attempt >= attempts || opts.signal?.aborted) {
        if (attempt > 1 && err instanceof Error) err.message = `${err.message} (after ${attempt} attempts)`;
        throw err;
      }
      await opts.sleep(delay);
      delay *= 2;
    }
  }
}

/**
 * Lambda runtimes AWS has deprecated (no security patches; creating functions on them is blocked or
 * about to be), from the Lambda runtimes page's deprecated table, with the deprecation date.
 */
export const DEPRECATED_LAMBDA_RUNTIMES: Readonly<Record<string, string>> = {
  nodejs: "2016-10-31",
  "nodejs4.3": "2020-03-05",
  "nodejs6.10": "2019-08-12",
  "nodejs8.10": "2020-03-06",
  "nodejs10.x": "2021-07-30",
  "nodejs12.x": "2023-03-31",
  "nodejs14.x": "2023-12-04",
  "nodejs16.x": "2024-06-12",
  "nodejs18.x": "2025-09-01",
  "python2.7": "2021-07-15",
  "python3.6": "2022-07-18",
  "python3.7": "2023-12-04",
  "python3.8": "2024-10-14",
  "python3.9": "2025-12-15",
  "ruby2.5": "2021-07-30",
  "ruby2.7": "2023-12-07",
  "ruby3.2": "2026-03-31",
  java8: "2024-01-08",
  "go1.x": "2024-01-08",
  provided: "2024-01-08",
  "dotnetcore1.0": "2019-07-30",
  "dotnetcore2.0": "2019-05-30",
  "dotnetcore2.1": "2022-01-05",
  "dotnetcore3.1": "2023-04-03",
  "dotnet5.0": "2022-05-10",
  dotnet6: "2024-12-20",
  dotnet7: "2024-05-14",
};
