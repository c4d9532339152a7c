// @ts-nocheck
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { detectToolingFacts, hasAwsCredentials } from "./defaults";

type Config = Pick<CloudWatchClient, "config">;
const withCredentials = (credentials: () => Promise<unknown>) =>
  ({ config: { credentials } }) as unknown as Config;

describe("gate facts of the machine", () => {
  it("finds a pulumi binary on PATH and resolving credentials", async () => {
    const bin = mkdtempSync(join(tmpdir(), "slipway-bin-"));
    writeFileSync(join(bin, "pulumi"), "#!/bin/sh\n");
    chmodSync(join(bin, "pulumi"), 0o755);
    const facts = await detectToolingFacts(
      withCredentials(async () => ({ accessKeyId: "AKIAEXAMPLE", secretAccessKey: "x" })),
      { PATH: bin, HOME: bin },
    );
    expect(facts).toEqual({ pulumiCli: true, awsCredentials: true });
  });

  it("no pulumi anywhere and a credential chain that fails", async () => {
    const home = mkdtempSync(join(tmpdir(), "slipway-home-"));
    mkdirSync(join(home, ".pulumi"));
    const facts = await detectToolingFacts(
      withCredentials(async () => Promise.reject(new Error("Could not load credentials from any providers"))),
      { PATH: home, HOME: home },
    );
    expect(facts).toEqual({ pulumiCli: false, awsCredentials: false });
  });

  it("a credential chain that hangs (instance metadata unreachable) counts as none, within the timeout", async () => {
    const started = Date.now();
    expect(
      await hasAwsCredentials(
        withCredentials(() => new Promise(() => undefined)),
        50,
      ),
    ).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
