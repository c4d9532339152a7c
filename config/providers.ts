/**
 * Config keys of the Pulumi providers slipway uses, taken from the providers themselves (their generated
 * `config/vars` modules declare one getter per key), so `aws:regin` gets "did you mean aws:region" and a
 * new provider version's keys are known without a list kept here.
 */

/** Namespace -> the keys its provider reads (without the namespace). */
export function providerKeys(): Readonly<Record<string, readonly string[]>> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const aws = require("@pulumi/aws/config/vars") as object;
  return { aws: Object.getOwnPropertyNames(aws).filter((k) => k !== "__esModule") };
}
