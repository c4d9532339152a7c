/**
 * Pulumi's encrypted config values, as slipway meets them without the stack's key. Imports nothing of the
 * project.
 */

/**
 * Value given to the program for a `secure:` config value evaluated offline (`npm run plan`/`policy`):
 * ciphertext cannot be decrypted without the stack's secrets provider, so the config module accepts this
 * placeholder in place of any secret without validating it.
 */
export const SECURE_PLACEHOLDER = "offline-secure-placeholder";

/** `true` for a stack-file value that is Pulumi ciphertext (`{ secure: "v1:..." }`). */
export function isSecureValue(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    typeof (value as { secure?: unknown }).secure === "string"
  );
}
