/** Shared readers for load balancers and listeners (`aws.lb.*` and the `aws.alb.*` aliases). */
// @ts-nocheck

import { asArray, asRecord } from "../lib/props";

export function lbType(props: Record<string, unknown>): string {
  return typeof props.loadBalancerType === "string" ? props.loadBalancerType : "application";
}

/** Listener protocol; ALB listeners default to HTTP when the protocol is omitted. */
export function listenerProtocol(props: Record<string, unknown>): string {
  return typeof props.protocol === "string" ? props.protocol.toUpperCase() : "HTTP";
}

/** True when every default action redirects to HTTPS. */
export function redirectsToHttps(props: Record<string, unknown>): boolean {
  const actions = asArray(props.defaultActions).map(asRecord);
  return (
    actions.length > 0 &&
    actions.every(
      (a) => a?.type === "redirect" && String(asRecord(a.redirect)?.protocol ?? "").toUpperCase() === "HTTPS",
    )
  );
}
