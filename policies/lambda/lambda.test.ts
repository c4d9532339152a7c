import { checkTwins } from "../twins-check";

describe("lambda-configure-dead-letter-queue (twins)", () =>
  checkTwins("lambda-configure-dead-letter-queue"));
describe("lambda-enable-tracing (twins)", () => checkTwins("lambda-enable-tracing"));
describe("lambda-encrypt-environment (twins)", () => checkTwins("lambda-encrypt-environment"));
describe("lambda-forbid-deprecated-runtime (twins)", () => checkTwins("lambda-forbid-deprecated-runtime"));
describe("lambda-prohibit-public-access (twins)", () => checkTwins("lambda-prohibit-public-access"));
describe("lambda-require-code-signing (twins)", () => checkTwins("lambda-require-code-signing"));
describe("lambda-require-function-url-auth (twins)", () => checkTwins("lambda-require-function-url-auth"));
describe("lambda-restrict-function-url-cors (twins)", () => checkTwins("lambda-restrict-function-url-cors"));
describe("lambda-restrict-permission-source (twins)", () => checkTwins("lambda-restrict-permission-source"));
describe("lambda-run-in-vpc (twins)", () => checkTwins("lambda-run-in-vpc"));
describe("lambda-set-reserved-concurrency (twins)", () => checkTwins("lambda-set-reserved-concurrency"));
