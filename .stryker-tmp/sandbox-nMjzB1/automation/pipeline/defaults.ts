/**
 * Default seams for an in-process caller that passes none: the Automation API engine over this project
 * directory, AWS SDK v3 clients from the default region and credential chains, and the gate facts found
 * on this machine. Nothing here prints; nothing runs until the pipeline asks.
 */
// @ts-nocheck

import { resolve } from "node:path";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { ECSClient } from "@aws-sdk/client-ecs";
import { RDSClient } from "@aws-sdk/client-rds";
import { createPulumiEngine, findPulumiCli } from "../engine/pulumi";
import type { Engine } from "../engine/types";
import type { ToolingFacts } from "./types";

/** The Pulumi project directory (this repository). */
export const PROJECT_DIR = resolve(__dirname, "../..");

/** The Automation API engine over this project (created lazily by the pipeline, after the gates). */
export function defaultEngine(env: NodeJS.ProcessEnv = process.env): () => Engine {
  return () => createPulumiEngine({ workDir: PROJECT_DIR, env });
}

export interface AwsClients {
  readonly cloudwatch: CloudWatchClient;
  readonly ecs: ECSClient;
  readonly rds: RDSClient;
}

/** SDK v3 clients; region from the argument or the SDK's default chain (AWS_REGION, profile). */
export function defaultAwsClients(region?: string): AwsClients {
  const config = region ? { region } : {};
  return { cloudwatch: new CloudWatchClient(config), ecs: new ECSClient(config), rds: new RDSClient(config) };
}

/** Whether AWS credentials resolve from the default chain (bounded: never hangs on instance metadata). */
export async function hasAwsCredentials(
  client: Pick<CloudWatchClient, "config">,
  timeoutMs = 5000,
): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const creds = await Promise.race([
      client.config.credentials(),
      new Promise<undefined>((res) => {
        timer = setTimeout(() => res(undefined), timeoutMs);
      }),
    ]);
    return !!creds?.accessKeyId;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** The gate facts of this machine: a `pulumi` binary and resolvable AWS credentials. */
export async function detectToolingFacts(
  cloudwatch: Pick<CloudWatchClient, "config">,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ToolingFacts> {
  return {
    pulumiCli: findPulumiCli(env).path !== undefined,
    awsCredentials: await hasAwsCredentials(cloudwatch),
  };
}
