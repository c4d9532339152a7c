/**
 * The slipway-baseline CrossGuard policy pack. Run it with the Pulumi CLI:
 *
 *   pulumi preview --policy-pack policies [--policy-pack-config policy-config.<stack>.json]
 *
 * Constructing `PolicyPack` serves the analyzer to the Pulumi engine; import `./all` to use the
 * policies in-process instead.
 */
// @ts-nocheck

import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, policies } from "./all";

new PolicyPack(PACK_NAME, {
  policies,
  enforcementLevel: "mandatory",
  description: "AWS Foundational Security Best Practices and operations rules for slipway stacks.",
});
