import { checkTwins } from "../twins-check";
import { blamed, res, violationsOf } from "../testing";
import { ecrConfigureLifecyclePolicy } from "./ecr-configure-lifecycle-policy";
import { ecrEnableImageScanning } from "./ecr-enable-image-scanning";
import { ecrEnableTagImmutability } from "./ecr-enable-tag-immutability";

const REPO = "aws:ecr/repository:Repository";
const LIFECYCLE = "aws:ecr/lifecyclePolicy:LifecyclePolicy";
const REGISTRY = "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration";
const repo = res(REPO, "api", { name: "taskflow/api" });

describe("ecr-enable-image-scanning (ECR.1)", () => {
  it("passes with scanOnPush or a registry rule matching the repository", async () => {
    expect(
      await violationsOf(ecrEnableImageScanning, [
        res(REPO, "a", { imageScanningConfiguration: { scanOnPush: true } }),
      ]),
    ).toEqual([]);
    const registry = res(REGISTRY, "scan", {
      scanType: "BASIC",
      rules: [
        {
          scanFrequency: "SCAN_ON_PUSH",
          repositoryFilters: [{ filter: "taskflow/*", filterType: "WILDCARD" }],
        },
      ],
    });
    expect(await violationsOf(ecrEnableImageScanning, [repo, registry])).toEqual([]);
  });
  it("fails without scanning or when the registry rule does not match", async () => {
    expect(await blamed(ecrEnableImageScanning, [repo])).toEqual([repo.urn]);
    const other = res(REGISTRY, "scan", {
      scanType: "ENHANCED",
      rules: [
        {
          scanFrequency: "CONTINUOUS_SCAN",
          repositoryFilters: [{ filter: "other/*", filterType: "WILDCARD" }],
        },
      ],
    });
    expect(await blamed(ecrEnableImageScanning, [repo, other])).toEqual([repo.urn]);
  });
});

describe("ecr-enable-tag-immutability (ECR.2)", () => {
  it("passes for IMMUTABLE, fails for MUTABLE and unset", async () => {
    expect(
      await violationsOf(ecrEnableTagImmutability, [res(REPO, "a", { imageTagMutability: "IMMUTABLE" })]),
    ).toEqual([]);
    expect(
      await violationsOf(ecrEnableTagImmutability, [
        res(REPO, "a", { imageTagMutability: "MUTABLE" }),
        res(REPO, "b"),
      ]),
    ).toHaveLength(2);
  });
});

describe("ecr-configure-lifecycle-policy (ECR.3)", () => {
  it("passes with a lifecycle policy joined by name or by dependency", async () => {
    expect(
      await violationsOf(ecrConfigureLifecyclePolicy, [
        repo,
        res(LIFECYCLE, "lp", { repository: "taskflow/api", policy: "{}" }),
      ]),
    ).toEqual([]);
    const byDep = res(
      LIFECYCLE,
      "lp",
      { policy: "{}" },
      { propertyDependencies: { repository: [repo.urn] } },
    );
    expect(await violationsOf(ecrConfigureLifecyclePolicy, [repo, byDep])).toEqual([]);
  });
  it("fails without one, or when the policy is for another repository", async () => {
    expect(
      await blamed(ecrConfigureLifecyclePolicy, [
        repo,
        res(LIFECYCLE, "lp", { repository: "other", policy: "{}" }),
      ]),
    ).toEqual([repo.urn]);
  });
});

describe("ecr-encrypt-with-kms (twins)", () => checkTwins("ecr-encrypt-with-kms"));
describe("ecr-prohibit-public-access (twins)", () => checkTwins("ecr-prohibit-public-access"));
