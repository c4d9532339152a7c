/** Jest: @swc/jest strips types (type checking is its own `tsc --noEmit` step). */
// @ts-nocheck

module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>"],
  testMatch: ["**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/.out/"],
  transform: {
    "^.+\\.ts$": [
      "@swc/jest",
      { jsc: { parser: { syntax: "typescript" }, target: "es2023" }, module: { type: "commonjs" } },
    ],
  },
  testTimeout: 60000,
  globalSetup: "<rootDir>/test/jest/setup.js",
  globalTeardown: "<rootDir>/test/jest/teardown.js",
  // Use every core (jest's default leaves one idle: on a 2-core machine that halves the speed).
  maxWorkers: "100%",
};
