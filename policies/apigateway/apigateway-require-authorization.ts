import type { ResourceValidationPolicy } from "@pulumi/policy";
import { fsbp } from "../lib/meta";
import { APIGATEWAY_METHOD, APIGATEWAY_V2_ROUTE, isOneOf } from "../lib/types";

const FIX =
  'Set authorization (REST) or authorizationType (HTTP/WebSocket) to "AWS_IAM", "COGNITO_USER_POOLS", "CUSTOM" or "JWT", or require an API key.';

/** FSBP APIGateway.8 and peers' open-method rules: callers authenticate (advisory: some endpoints are public on purpose). CORS preflight (OPTIONS) is exempt. */
export const apigatewayRequireAuthorization: ResourceValidationPolicy = {
  name: "apigateway-require-authorization",
  description: "API Gateway methods and routes require authorization.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps: FIX,
  ...fsbp("APIGateway.8"),
  validateResource: (args, report) => {
    if (!isOneOf(args.type, [...APIGATEWAY_METHOD, ...APIGATEWAY_V2_ROUTE])) return;
    const p = args.props;
    if (p.httpMethod === "OPTIONS" || String(p.routeKey ?? "").startsWith("OPTIONS ")) return;
    const auth = p.authorization ?? p.authorizationType ?? "NONE";
    if (auth === "NONE" && p.apiKeyRequired !== true)
      report(`'${args.name}' lets unauthenticated callers in. ${FIX}`);
  },
};
