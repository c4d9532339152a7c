// @ts-nocheck
import * as pulumi from "@pulumi/pulumi";
import { createMocks } from "../../automation/engine/mocks";
import { inspect } from "../../test/harness/pulumi";

const { mocks, registrations } = createMocks({ region: "eu-west-1" });
pulumi.runtime.setMocks(mocks, "slipway", "production", false);

import { componentKey } from "./component-key";

const { registered } = inspect(registrations);
const KEY = "aws:kms/key:Key";
const ALIAS = "aws:kms/alias:Alias";

class Owner extends pulumi.ComponentResource {
  constructor(name: string) {
    super("test:index:Owner", name, {});
  }
}

test("rotation on, 30-day window and the default key policy unless given; alias by prefix", async () => {
  const owner = new Owner("a");
  componentKey(
    "a",
    { description: "a: data", alias: { namePrefix: "alias/slipway-a-" }, tags: { T: "1" } },
    owner,
  );
  const key = await registered(KEY, "a-key");
  expect(key.inputs).toEqual({
    description: "a: data",
    enableKeyRotation: true,
    deletionWindowInDays: 30,
    tags: { T: "1" },
  });
  const alias = await registered(ALIAS, "a-key-alias");
  expect(alias.inputs).toEqual({ namePrefix: "alias/slipway-a-", targetKeyId: "a-key-id" });
});

test("a given policy, window and fixed alias name", async () => {
  const owner = new Owner("b");
  componentKey(
    "b",
    {
      description: "b",
      deletionWindowInDays: 7,
      policy: '{"Version":"2012-10-17"}',
      alias: { name: "alias/b" },
    },
    owner,
  );
  expect((await registered(KEY, "b-key")).inputs).toMatchObject({
    enableKeyRotation: true,
    deletionWindowInDays: 7,
    policy: '{"Version":"2012-10-17"}',
  });
  expect((await registered(ALIAS, "b-key-alias")).inputs).toEqual({
    name: "alias/b",
    targetKeyId: "b-key-id",
  });
});

test.each([
  [{ deletionWindowInDays: 0 }, /args\.deletionWindowInDays: .*7\.\.30 \(got 0\)/],
  [{ deletionWindowInDays: 31 }, /args\.deletionWindowInDays/],
  [{ alias: { name: "b" } }, /args\.alias: KMS alias names start with "alias\/"/],
])("invalid %j is rejected before anything is created", (override, message) => {
  const owner = new Owner("c");
  expect(() =>
    componentKey("c", { description: "c", alias: { namePrefix: "alias/c-" }, ...override }, owner),
  ).toThrow(message);
  expect(registrations.filter((r) => r.name.startsWith("c-key"))).toEqual([]);
});
