/** Jest: @swc/jest strips types (type checking is its own `tsc --noEmit` step). */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>"],
  testMatch: ["**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/.out/", "/.cache/", "<rootDir>/.stryker-tmp/"],
  modulePathIgnorePatterns: ["<rootDir>/.stryker-tmp/"],
  transform: {
    "^.+\\.ts$": [
      "@swc/jest",
      { jsc: { parser: { syntax: "typescript" }, target: "es2023" }, module: { type: "commonjs" } },
    ],
  },
  testTimeout: 60000,
  // The Pulumi SDK's bookkeeping stack traces skip source-map translation (see the file).
  setupFiles: ["<rootDir>/test/jest/pulumi-stacks.js"],
  globalSetup: "<rootDir>/test/jest/setup.js",
  globalTeardown: "<rootDir>/test/jest/teardown.js",
  // Use every core (jest's default leaves one idle: on a 2-core machine that halves the speed).
  maxWorkers: "100%",
};
