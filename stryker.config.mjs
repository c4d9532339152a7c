// StrykerJS for one module at a time (`npm run mutation [-- module ...]`, see mutation/run.mjs): the module
// named by SLIPWAY_MUTATION_MODULE in mutation/modules.json is mutated and only its own tests run.
// Not part of `npm test`: mutation runs are CPU-heavy, so they stay one process (concurrency 1).
import { readFileSync } from "node:fs";

const modules = JSON.parse(readFileSync(new URL("./mutation/modules.json", import.meta.url), "utf8"));
const name = process.env.SLIPWAY_MUTATION_MODULE ?? "report";
const mod = modules[name];
if (!mod)
  throw new Error(
    `unknown mutation module "${name}" (mutation/modules.json: ${Object.keys(modules).join(", ")})`,
  );

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  packageManager: "npm",
  testRunner: "jest",
  plugins: ["@stryker-mutator/jest-runner"],
  mutate: mod.mutate,
  jest: {
    projectType: "custom",
    configFile: "jest.config.js",
    config: { testMatch: mod.tests.map((t) => `<rootDir>/${t}`), maxWorkers: 1 },
    enableFindRelatedTests: false,
  },
  coverageAnalysis: "perTest",
  concurrency: 1,
  timeoutMS: 20000,
  checkers: [],
  ignorePatterns: ["/.out", "/coverage", "/reports", "/examples/*/ARTIFACTS/devops-engineer", "/bench"],
  reporters: ["clear-text", "json"],
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
