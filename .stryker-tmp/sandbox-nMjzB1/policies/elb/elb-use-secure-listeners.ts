// @ts-nocheck
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { isOneOf, LISTENER } from "../lib/types";
import { listenerProtocol, redirectsToHttps } from "./listeners";

const FIX =
  "Serve on an HTTPS (ALB) or TLS (NLB) listener with a certificate; keep a plain HTTP listener only as a " +
  "redirect to HTTPS.";

/**
 * FSBP ELB.18: listeners use HTTPS or TLS. A plain HTTP listener whose only action is a redirect to
 * HTTPS carries no application data and passes (it is what ELB.1 requires).
 */
export const elbUseSecureListeners: ResourceValidationPolicy = {
  name: "elb-use-secure-listeners",
  description: "Load balancer listeners use secure protocols (HTTPS or TLS).",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("ELB.18"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, LISTENER)) return;
    const protocol = listenerProtocol(args.props);
    if (protocol === "HTTPS" || protocol === "TLS") return;
    if (protocol === "HTTP" && redirectsToHttps(args.props)) return;
    report(`Listener '${args.name}' serves traffic over ${protocol}. ${FIX}`);
  },
};
