import { checkTwins } from "../twins-check";

describe("sqs-encrypt-with-cmk (twins)", () => checkTwins("sqs-encrypt-with-cmk"));
describe("sqs-forbid-wildcard-actions (twins)", () => checkTwins("sqs-forbid-wildcard-actions"));
describe("sqs-prohibit-public-access (twins)", () => checkTwins("sqs-prohibit-public-access"));
describe("sqs-encrypt-queues (twins)", () => checkTwins("sqs-encrypt-queues"));
