import { checkTwins } from "../twins-check";
import { res, violationsOf } from "../testing";
import { ecsConfigureLogging } from "./ecs-configure-logging";
import { ecsDisablePublicIp } from "./ecs-disable-public-ip";
import { ecsEnableContainerInsights } from "./ecs-enable-container-insights";
import { ecsForbidCredentialsInEnvironment } from "./ecs-forbid-credentials-in-environment";
import { ecsIsolateProcessNamespace } from "./ecs-isolate-process-namespace";
import { ecsRequireReadOnlyRootFilesystem } from "./ecs-require-read-only-root-filesystem";
import { ecsRunUnprivileged } from "./ecs-run-unprivileged";
import { ecsUseLatestFargatePlatform } from "./ecs-use-latest-fargate-platform";

const TASK = "aws:ecs/taskDefinition:TaskDefinition";
const SERVICE = "aws:ecs/service:Service";
const CLUSTER = "aws:ecs/cluster:Cluster";

const container = (extra: Record<string, unknown> = {}) => ({
  name: "api",
  image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.0.0",
  readonlyRootFilesystem: true,
  privileged: false,
  environment: [{ name: "PORT", value: "8080" }],
  secrets: [
    { name: "DATABASE_PASSWORD", valueFrom: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db" },
  ],
  logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/ecs/api" } },
  ...extra,
});
const task = (...containers: Record<string, unknown>[]) =>
  res(TASK, "api-task", { family: "api", containerDefinitions: JSON.stringify(containers) });

it("a secure task definition, service and cluster pass every ECS policy", async () => {
  const all = [
    ecsDisablePublicIp,
    ecsRunUnprivileged,
    ecsRequireReadOnlyRootFilesystem,
    ecsForbidCredentialsInEnvironment,
    ecsConfigureLogging,
    ecsIsolateProcessNamespace,
    ecsEnableContainerInsights,
  ];
  const resources = [
    task(container(), container({ name: "sidecar" })),
    res(SERVICE, "api", { networkConfiguration: { assignPublicIp: false, subnets: ["a"] } }),
    res(CLUSTER, "main", { settings: [{ name: "containerInsights", value: "enhanced" }] }),
  ];
  expect(await violationsOf(all, resources)).toEqual([]);
});

describe("ecs-disable-public-ip (ECS.2)", () => {
  it("fails when tasks get public IPs", async () => {
    expect(
      await violationsOf(ecsDisablePublicIp, [
        res(SERVICE, "s", { networkConfiguration: { assignPublicIp: true } }),
      ]),
    ).toHaveLength(1);
    expect(
      await violationsOf(ecsDisablePublicIp, [res(SERVICE, "s", { networkConfiguration: { subnets: [] } })]),
    ).toEqual([]);
  });
});

describe("ecs-run-unprivileged (ECS.4)", () => {
  it("fails for a privileged container, naming it", async () => {
    const v = await violationsOf(ecsRunUnprivileged, [
      task(container(), container({ name: "agent", privileged: true })),
    ]);
    expect(v.map((x) => x.message)).toEqual([expect.stringMatching(/Container 'agent'.*privileged/)]);
  });
});

describe("ecs-require-read-only-root-filesystem (ECS.5)", () => {
  it("fails for each container without a read-only root filesystem", async () => {
    const v = await violationsOf(ecsRequireReadOnlyRootFilesystem, [
      task(
        container({ readonlyRootFilesystem: undefined }),
        container({ name: "b", readonlyRootFilesystem: false }),
      ),
    ]);
    expect(v).toHaveLength(2);
  });
  it("accepts container definitions given as an array (outputs) and flags unreadable ones", async () => {
    expect(
      await violationsOf(ecsRequireReadOnlyRootFilesystem, [
        res(TASK, "t", { containerDefinitions: [container()] }),
      ]),
    ).toEqual([]);
    expect(
      await violationsOf(ecsRequireReadOnlyRootFilesystem, [
        res(TASK, "t", { containerDefinitions: "{not json" }),
      ]),
    ).toHaveLength(1);
  });
});

describe("ecs-forbid-credentials-in-environment (ECS.8)", () => {
  it("fails for AWS keys and ECS_ENGINE_AUTH_DATA, without echoing the value", async () => {
    const bad = container({
      environment: [
        { name: "AWS_SECRET_ACCESS_KEY", value: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
        { name: "ECS_ENGINE_AUTH_DATA", value: "{}" },
      ],
    });
    const v = await violationsOf(ecsForbidCredentialsInEnvironment, [task(bad)]);
    expect(v).toHaveLength(2);
    expect(v.map((x) => x.message).join()).not.toContain("wJalr");
  });
  it("passes for secrets passed through `secrets`", async () => {
    expect(await violationsOf(ecsForbidCredentialsInEnvironment, [task(container())])).toEqual([]);
  });
});

describe("ecs-configure-logging (ECS.9)", () => {
  it("fails for a container without a log driver", async () => {
    expect(
      await violationsOf(ecsConfigureLogging, [
        task(container(), container({ name: "b", logConfiguration: undefined })),
      ]),
    ).toHaveLength(1);
    expect(
      await violationsOf(ecsConfigureLogging, [task(container({ logConfiguration: { options: {} } }))]),
    ).toHaveLength(1);
  });
});

describe("ecs-isolate-process-namespace (ECS.3)", () => {
  it("fails for pidMode host only", async () => {
    expect(
      await violationsOf(ecsIsolateProcessNamespace, [res(TASK, "t", { pidMode: "host" })]),
    ).toHaveLength(1);
    expect(await violationsOf(ecsIsolateProcessNamespace, [res(TASK, "t", { pidMode: "task" })])).toEqual([]);
  });
});

describe("ecs-enable-container-insights (ECS.12)", () => {
  it("fails without the setting or when disabled", async () => {
    expect(await violationsOf(ecsEnableContainerInsights, [res(CLUSTER, "c", {})])).toHaveLength(1);
    expect(
      await violationsOf(ecsEnableContainerInsights, [
        res(CLUSTER, "c", { settings: [{ name: "containerInsights", value: "disabled" }] }),
      ]),
    ).toHaveLength(1);
    expect(
      await violationsOf(ecsEnableContainerInsights, [
        res(CLUSTER, "c", { settings: [{ name: "containerInsights", value: "enabled" }] }),
      ]),
    ).toEqual([]);
  });
});

describe("ecs-use-latest-fargate-platform (ECS.10)", () => {
  it("passes for LATEST, unset and the latest pinned version; ignores EC2 services", async () => {
    expect(
      await violationsOf(ecsUseLatestFargatePlatform, [
        res(SERVICE, "a", { launchType: "FARGATE", platformVersion: "LATEST" }),
        res(SERVICE, "b", { launchType: "FARGATE" }),
        res(SERVICE, "c", { launchType: "FARGATE", platformVersion: "1.4.0" }),
        res(SERVICE, "d", { launchType: "EC2", platformVersion: "1.3.0" }),
      ]),
    ).toEqual([]);
  });
  it("fails for an older pinned version (launch type or FARGATE capacity provider)", async () => {
    expect(
      await violationsOf(ecsUseLatestFargatePlatform, [
        res(SERVICE, "a", { launchType: "FARGATE", platformVersion: "1.3.0" }),
      ]),
    ).toHaveLength(1);
    const spot = res(SERVICE, "s", {
      capacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }],
      platformVersion: "1.3.0",
    });
    expect(await violationsOf(ecsUseLatestFargatePlatform, [spot])).toHaveLength(1);
  });
});

describe("ecs-configure-exec-logging (twins)", () => checkTwins("ecs-configure-exec-logging"));
describe("ecs-encrypt-efs-volumes (twins)", () => checkTwins("ecs-encrypt-efs-volumes"));
describe("ecs-restrict-host-networking (twins)", () => checkTwins("ecs-restrict-host-networking"));
describe("ecs-separate-task-and-execution-roles (twins)", () =>
  checkTwins("ecs-separate-task-and-execution-roles"));
