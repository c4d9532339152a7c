import { checkTwins } from "../twins-check";

describe("backup-encrypt-vault-with-cmk (twins)", () => checkTwins("backup-encrypt-vault-with-cmk"));
