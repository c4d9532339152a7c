// @ts-nocheck
import { MANAGED_BY, standardTags, tagValue } from "./tags";

describe("standardTags", () => {
  it("builds every standard tag", () => {
    expect(
      standardTags({
        project: "taskflow",
        environment: "production",
        owner: "platform",
        team: "taskflow",
        dataClassification: "confidential",
        complianceFrameworks: ["GDPR", "SOC2"],
      }),
    ).toEqual({
      Project: "taskflow",
      Environment: "production",
      Owner: "platform",
      Team: "taskflow",
      DataClassification: "confidential",
      Compliance: "GDPR SOC2",
      ManagedBy: MANAGED_BY,
    });
  });

  it("omits Compliance when there are no frameworks", () => {
    const tags = standardTags({
      project: "ledger",
      environment: "staging",
      owner: "payments",
      team: "ledger",
      dataClassification: "restricted",
    });
    expect(tags).not.toHaveProperty("Compliance");
    expect(tags.DataClassification).toBe("restricted");
  });

  it.each(["project", "environment", "owner", "team"] as const)("rejects an empty %s", (key) => {
    const args = {
      project: "p",
      environment: "e",
      owner: "o",
      team: "t",
      dataClassification: "internal" as const,
    };
    expect(() => standardTags({ ...args, [key]: "  " })).toThrow(new RegExp(`args.${key} is empty`));
  });
});

describe("tagValue", () => {
  it.each([
    ["platform", "platform"],
    ["PCI-DSS", "PCI-DSS"],
    ["team (eu)", "team -eu-"],
    ["a#b*c", "a-b-c"],
    ["Équipe données", "Équipe données"],
    ["x".repeat(300), "x".repeat(256)],
  ])("%j -> %j", (input, output) => expect(tagValue(input)).toBe(output));
});
