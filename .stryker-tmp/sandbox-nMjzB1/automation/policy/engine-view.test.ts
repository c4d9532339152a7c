// @ts-nocheck
import { join } from "node:path";
import type { StackValidationPolicy } from "@pulumi/policy";
import { evaluatePolicies } from "../../policies/harness";
import { requireTags } from "../../policies/operations/require-tags";
import { evaluateProgram, type OfflineStack } from "../engine/offline";
import { checkPolicies } from "./check";
import { analyzerResources, defaultProviderInputs, defaultProviderName, stackUrnOf } from "./engine-view";

const PROGRAM = join(__dirname, "__fixtures__", "tagged");

const evaluations = new Map<string, Promise<OfflineStack>>();
const evaluated = (stack: string) => {
  if (!evaluations.has(stack)) evaluations.set(stack, evaluateProgram({ programDir: PROGRAM, stack }));
  return evaluations.get(stack)!;
};

/** The resources require-tags blames, by logical name. */
async function untagged(stack: string): Promise<string[]> {
  const resources = analyzerResources(await evaluated(stack));
  const { violations } = await evaluatePolicies([requireTags], resources, {});
  const byUrn = new Map(resources.map((r) => [r.urn, r.name]));
  return violations.map((v) => byUrn.get(v.urn!)!).sort();
}

describe("default providers from stack config", () => {
  test("aws:defaultTags in the stack config tag resources on the default provider, also a component's children", async () => {
    expect(await untagged("dev")).toEqual(["on-bare", "site-bare-logs"]);
  });

  test("without aws:defaultTags the same resources are untagged (the view adds config, not exemptions)", async () => {
    expect(await untagged("bare")).toEqual(["on-bare", "on-default", "site-bare-logs", "site-default-logs"]);
  });

  test("the default provider is named and configured as the engine does", async () => {
    const stack = await evaluated("dev");
    const resources = analyzerResources(stack);
    const providers = resources.filter((r) => r.type === "pulumi:providers:aws");
    const onDefault = resources.find((r) => r.name === "on-default")!;
    const def = providers.find((p) => p.urn === onDefault.provider)!;
    expect(def.name).toMatch(/^default_\d+_\d+_\d+$/);
    expect(def.props.region).toBe("eu-west-1");
    expect(JSON.parse(def.props.defaultTags as string)).toEqual({
      tags: expect.objectContaining({ Owner: "platform", ManagedBy: "pulumi" }),
    });
    // One default provider however many resources use it; explicit ones stay as registered.
    expect(providers.map((p) => p.name).sort()).toEqual(["bare", def.name, "tagged"].sort());
  });

  test("pure helpers: names and inputs", () => {
    expect(defaultProviderName(undefined)).toBe("default");
    expect(defaultProviderName("7.48.0-alpha.1")).toBe("default_7_48_0_alpha_1");
    expect(
      defaultProviderInputs(
        "aws",
        {
          "aws:region": { value: "eu-west-1" },
          "aws:defaultTags": { value: '{"tags":{"A":"b"}}' },
          "awsx:x": { value: "no" },
          "slipway:region": { value: "no" },
        },
        "7.48.0",
      ),
    ).toEqual({ region: "eu-west-1", defaultTags: '{"tags":{"A":"b"}}', version: "7.48.0" });
  });
});

describe("explicit providers", () => {
  test("a resource on an explicit provider sees that provider's inputs, never the stack config", async () => {
    const resources = analyzerResources(await evaluated("dev"));
    const byName = new Map(resources.map((r) => [r.name, r]));
    expect(byName.get("on-bare")!.provider).toBe(byName.get("bare")!.urn);
    expect(byName.get("on-tagged")!.provider).toBe(byName.get("tagged")!.urn);
    expect(byName.get("bare")!.props.defaultTags).toBeUndefined();
    // Providers themselves have no provider.
    expect(byName.get("bare")!.provider).toBeUndefined();
  });
});

describe("component children", () => {
  test("a stack policy sees the stack resource, components with their children, and providers, linked", async () => {
    const stack = await evaluated("dev");
    const seen: string[] = [];
    const probe: StackValidationPolicy = {
      name: "probe",
      description: "records what the engine shows",
      enforcementLevel: "advisory",
      validateStack: (args) => {
        for (const r of args.resources) {
          if (r.name === "site-bare-logs" || r.name === "site-default-logs") {
            const chain = [];
            for (let p = r.parent; p; p = p.parent) chain.push(p.type);
            seen.push(`${r.name} <- ${chain.join(" <- ")} via ${r.provider?.name ?? "none"}`);
          }
        }
      },
    };
    await evaluatePolicies([probe], analyzerResources(stack), {});
    expect(seen.sort()).toEqual([
      "site-bare-logs <- tagged:web:Site <- pulumi:pulumi:Stack via bare",
      expect.stringMatching(/^site-default-logs <- tagged:web:Site <- pulumi:pulumi:Stack via default_/),
    ]);
  });

  test("components are analysed with the (empty) inputs they sent; the stack resource parents top-level resources", async () => {
    const stack = await evaluated("dev");
    const resources = analyzerResources(stack);
    const site = resources.find((r) => r.type === "tagged:web:Site" && r.name === "site-default")!;
    expect(site.props).toEqual({});
    expect(site.provider).toBeUndefined();
    expect(site.parent).toBe(stackUrnOf(stack));
    expect(resources[0]).toMatchObject({ type: "pulumi:pulumi:Stack", urn: stackUrnOf(stack) });
  });
});

test("npm run policy's check uses the engine view: no require-tags false positive from stack-config default tags", async () => {
  const report = await checkPolicies({
    programDir: PROGRAM,
    stack: "dev",
    evaluated: await evaluated("dev"),
  });
  expect(
    report.violations
      .filter((v) => v.policy === "require-tags")
      .map((v) => v.resource.name)
      .sort(),
  ).toEqual(["on-bare", "site-bare-logs"]);
});
