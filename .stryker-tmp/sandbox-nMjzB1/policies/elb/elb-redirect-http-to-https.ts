// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { isOneOf, LISTENER } from "../lib/types";
import { listenerProtocol, redirectsToHttps } from "./listeners";

const FIX =
  'Make the HTTP listener\'s only default action { type: "redirect", redirect: { protocol: "HTTPS", port: "443", ' +
  'statusCode: "HTTP_301" } } and serve traffic on an HTTPS listener.';

/** FSBP ELB.1: HTTP listeners of Application Load Balancers redirect to HTTPS. */
export const elbRedirectHttpToHttps: ResourceValidationPolicy = {
  name: "elb-redirect-http-to-https",
  description: "Application Load Balancer HTTP listeners redirect all requests to HTTPS.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("ELB.1"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, LISTENER) || listenerProtocol(args.props) !== "HTTP") return;
    if (!redirectsToHttps(args.props)) {
      report(
        `HTTP listener '${args.name}' (port ${String(args.props.port ?? 80)}) does not redirect to HTTPS. ${FIX}`,
      );
    }
  },
};
