/**
 * Bad input stops the program before anything is created, with one clear message (no stack trace under
 * `pulumi up`: a `pulumi.RunError`) that names the file, the field and the fix; the InputError rides along
 * as `cause` for the offline engine and the CLI (exit code 2).
 */
import type { InputError } from "../lib/errors";
import { cleanup, copyRelease, editJson, removeFile } from "./fixtures/mutate";
import { type RunOptions, runProgram } from "./fixtures/program";

afterAll(cleanup);

interface Failure {
  error: Error & { cause?: unknown };
}

async function failure(options: RunOptions): Promise<Failure> {
  let caught: unknown;
  try {
    await runProgram(options);
  } catch (err) {
    caught = err;
  }
  if (!(caught instanceof Error)) throw new Error("the program did not fail");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
  expect(pulumi.RunError.isInstance(caught)).toBe(true);
  return { error: caught as Failure["error"] };
}

it("invalid stack config: every problem, with key, stack file and fix", async () => {
  const { error } = await failure({
    stack: "staging",
    config: { "slipway:azCount": "1", "slipway:tracing": "sometimes" },
  });
  expect(error.message).toContain(
    'Pulumi.staging.yaml: slipway:azCount: "1" is not an integer between 2 and 6. Fix: pulumi config set slipway:azCount 3 --stack staging',
  );
  expect(error.message).toContain("Pulumi.staging.yaml: slipway:tracing:");
  const cause = error.cause as InputError;
  expect(cause.name).toBe("InputError");
  expect([cause.file, cause.field]).toEqual(["Pulumi.staging.yaml", "slipway:azCount"]);
  // The offline engine prints the cause: the same lines, one per problem with its own fix.
  expect(cause.message).toBe(error.message);
  expect(error.message.split("\n")).toHaveLength(2);
});

it("a plain pulumi up never guesses the environment type from the stack name", async () => {
  const { error } = await failure({
    stack: "production",
    useStackFile: false,
    config: { "aws:region": "eu-west-1" },
  });
  expect(error.message).toBe(
    "Pulumi.production.yaml: slipway:environmentType: is not set: the environment type (staging, production or development) picks every default and the gates, and slipway never guesses it from the stack name. Fix: pulumi config set slipway:environmentType staging --stack production (or production, development)",
  );
  expect((error.cause as InputError).field).toBe("slipway:environmentType");
});

it("broken release: names the artifact file and how to fix it", async () => {
  const root = copyRelease();
  removeFile(root, "ARTIFACTS/qa-engineer/qa-test-report.json");
  editJson(root, "ARTIFACTS/system-architect/architecture-handover-packet.json", (d) => {
    d.deployment_architecture.strategy = "big_bang";
  });
  const { error } = await failure({ stack: "production", config: { "slipway:artifactsDir": root } });
  expect(error.message).toContain("ARTIFACTS/qa-engineer/qa-test-report.json: file not found");
  expect(error.message).toContain(
    "ARTIFACTS/system-architect/architecture-handover-packet.json: /deployment_architecture/strategy: must be one of: blue_green, canary, rolling, direct",
  );
  const cause = error.cause as InputError;
  expect(cause.name).toBe("InputError");
  // The cause names the first problem; its message lists both, as the RunError's does.
  expect(cause.file).toBe("ARTIFACTS/system-architect/architecture-handover-packet.json");
  expect(cause.message).toBe(error.message);
  expect(error.message).not.toMatch(/\n\s+at /);
});

it("config override for a service the release does not have", async () => {
  const { error } = await failure({
    stack: "staging",
    config: { "slipway:services": JSON.stringify({ apii: { cpu: 512, memory: 1024 } }) },
  });
  expect(error.message).toBe(
    "Pulumi.staging.yaml: slipway:services.apii: the release has no backend component named \"apii\" (it has api, worker). Fix: rename the override to one of the release's services or remove it (pulumi config rm --path 'slipway:services.apii' --stack staging)",
  );
  expect((error.cause as InputError).field).toBe("slipway:services.apii");
});

it("service overrides: every invalid size of every service and every unknown name at once", async () => {
  const { error } = await failure({
    stack: "staging",
    config: {
      "slipway:services": JSON.stringify({ api: { cpu: 300 }, worker: { memory: 999 }, apii: { cpu: 512 } }),
    },
  });
  expect(error.message.split("\n")).toEqual([
    expect.stringMatching(
      /^Pulumi\.staging\.yaml: slipway:services\.apii: the release has no backend component/,
    ),
    "Pulumi.staging.yaml: slipway:services.api.cpu: 300 is not a Fargate CPU size. Fix: pulumi config set --path 'slipway:services.api.cpu' 512 --stack staging",
    expect.stringMatching(
      /^Pulumi\.staging\.yaml: slipway:services\.worker\.memory: 999 MiB is not a Fargate memory size for 256 CPU units \(allowed: 512, 1024, 2048\)\. Fix: pulumi config set --path 'slipway:services\.worker\.memory' 512 --stack staging$/,
    ),
  ]);
  expect((error.cause as InputError).message).toBe(error.message);
});

it("secret rotation for a variable that is not a secret of the release", async () => {
  const { error } = await failure({
    stack: "staging",
    config: {
      "slipway:secretRotation": JSON.stringify({
        JWT_KEY: {
          lambdaArn: "arn:aws:lambda:eu-west-1:123456789012:function:rotate",
          automaticallyAfterDays: 30,
        },
      }),
    },
  });
  expect(error.message).toBe(
    "Pulumi.staging.yaml: slipway:secretRotation.JWT_KEY: the release has no secret environment variable \"JWT_KEY\" (its secrets: DATABASE_URL, JWT_SIGNING_KEY). Fix: rename it to one of the release's secrets or remove it (pulumi config rm --path 'slipway:secretRotation.JWT_KEY' --stack staging)",
  );
});

it("a problem a component finds in its arguments stops the program the same way (no stack trace)", async () => {
  const { error } = await failure({
    stack: "staging",
    config: { "slipway:apiHostname": "staging.taskflow.example.com" },
  });
  expect(error.message).toMatch(
    /^slipway:dns:Dns "taskflow-staging": args\.apiHostname: .* is also a site name\. Fix: /,
  );
  expect((error.cause as InputError).name).toBe("InputError");
  expect((error.cause as InputError).field).toBe("args.apiHostname");
});

it("a stack name so long that service names pass their bound is refused up front", async () => {
  // Names up to the bound are fitted to AWS's limits (test/program.names.test.ts); past it, a clear error.
  const stack = "staging-for-the-quarterly-load-test-".padEnd(90, "x");
  const { error } = await failure({
    stack,
    useStackFile: false,
    config: { "aws:region": "eu-west-1", "slipway:environmentType": "staging" },
  });
  expect(error.message).toContain(
    `ARTIFACTS/system-architect/architecture-handover-packet.json: /system_components (worker): the service resource name "taskflow-${stack}-worker" (project id, stack, component) is 106 characters long (at most 100)`,
  );
  expect(error.message).toContain("Fix: shorten the component name");
});
