/**
 * The customer-managed KMS key a component encrypts its own data with (database storage, secrets,
 * alert topics): automatic yearly rotation always on, a deletion waiting period, an alias. Created as
 * `${name}-key` and `${name}-key-alias` directly under the calling component (a function, not a
 * component, so the keys keep the URNs they had).
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";

/** Arguments of {@link componentKey}. */
export interface ComponentKeyArgs {
  /** Shown on the key: what it protects. @example "slipway app-db: RDS storage" */
  readonly description: string;
  /** Days KMS waits before deleting the key once scheduled, 7..30. @default 30 */
  readonly deletionWindowInDays?: number;
  /**
   * Key policy (JSON). Unset leaves the account's default key policy (IAM policies decide), which is
   * enough for services that use the key on the caller's behalf (RDS, Secrets Manager).
   * @default undefined (the default key policy)
   */
  readonly policy?: pulumi.Input<string>;
  /**
   * The alias: a fixed name, or a prefix that gets a random suffix.
   * @example { namePrefix: "alias/slipway-app-db-" }
   */
  readonly alias: { readonly name: string } | { readonly namePrefix: string };
  /** Tags of the key. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Create the key and its alias as children of `parent` (through `provider` when given, e.g. a key in
 * us-east-1); returns the key.
 */
export function componentKey(
  name: string,
  args: ComponentKeyArgs,
  parent: pulumi.Resource,
  provider?: pulumi.ProviderResource,
): aws.kms.Key {
  const window = args.deletionWindowInDays ?? 30;
  if (!Number.isInteger(window) || window < 7 || window > 30)
    throw new Error(`args.deletionWindowInDays: must be a whole number of days in 7..30 (got ${window})`);
  if (!("name" in args.alias ? args.alias.name : args.alias.namePrefix).startsWith("alias/"))
    throw new Error(`args.alias: KMS alias names start with "alias/" (got ${JSON.stringify(args.alias)})`);
  const key = new aws.kms.Key(
    `${name}-key`,
    {
      description: args.description,
      enableKeyRotation: true,
      deletionWindowInDays: window,
      ...(args.policy !== undefined ? { policy: args.policy } : {}),
      tags: { ...(args.tags ?? {}) },
    },
    { parent, provider },
  );
  new aws.kms.Alias(`${name}-key-alias`, { ...args.alias, targetKeyId: key.keyId }, { parent, provider });
  return key;
}
