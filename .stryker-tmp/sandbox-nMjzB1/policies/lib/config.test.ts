// @ts-nocheck
import { configOf } from "./config";

const policy = {
  configSchema: {
    properties: {
      minimumDays: { type: "integer" as const, default: 7 },
      environmentType: { type: "string" as const, default: "production" },
      noDefault: { type: "string" as const },
    },
  },
};
const args = (c: object) => ({ getConfig: <T extends object>() => c as T });

describe("configOf", () => {
  it("applies schema defaults when the engine sends no config", () => {
    expect(configOf(args({}), policy)).toEqual({ minimumDays: 7, environmentType: "production" });
  });
  it("keeps given values over defaults, ignoring undefined", () => {
    expect(configOf(args({ minimumDays: 30, environmentType: undefined }), policy)).toEqual({
      minimumDays: 30,
      environmentType: "production",
    });
  });
});
