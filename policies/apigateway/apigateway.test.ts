import { checkTwins } from "../twins-check";

describe("apigateway-configure-logging-level (twins)", () =>
  checkTwins("apigateway-configure-logging-level"));
describe("apigateway-disable-data-trace (twins)", () => checkTwins("apigateway-disable-data-trace"));
describe("apigateway-enable-access-logging (twins)", () => checkTwins("apigateway-enable-access-logging"));
describe("apigateway-enable-cache (twins)", () => checkTwins("apigateway-enable-cache"));
describe("apigateway-enable-tracing (twins)", () => checkTwins("apigateway-enable-tracing"));
describe("apigateway-encrypt-cache (twins)", () => checkTwins("apigateway-encrypt-cache"));
describe("apigateway-require-authorization (twins)", () => checkTwins("apigateway-require-authorization"));
describe("apigateway-use-client-certificate (twins)", () => checkTwins("apigateway-use-client-certificate"));
describe("apigateway-use-secure-tls-policy (twins)", () => checkTwins("apigateway-use-secure-tls-policy"));
