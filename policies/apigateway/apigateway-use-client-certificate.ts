import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { asString } from "../lib/props";
import { APIGATEWAY_STAGE, isOneOf } from "../lib/types";

const FIX = "Set clientCertificateId on the stage and verify the certificate at the backend.";

/** FSBP APIGateway.2: the backend can tell API Gateway's requests from others (advisory). */
export const apigatewayUseClientCertificate: ResourceValidationPolicy = {
  name: "apigateway-use-client-certificate",
  description: "API Gateway REST stages present a client certificate to the backend.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps: FIX,
  ...fsbp("APIGateway.2"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, APIGATEWAY_STAGE)) return;
    const p = args.props;
    if (!asString(p.clientCertificateId))
      report(`API stage '${args.name}' presents no client certificate to its backend. ${FIX}`);
  },
};
