/**
 * Jest setup (every test file): the Pulumi SDK's own bookkeeping stack traces skip jest's source-map
 * translation. The SDK formats a full stack trace (`Error.stackTraceLimit = Infinity`) for every
 * resource it registers (`Resource.callsites`, for the source positions the engine shows) and one for
 * every promise it tracks (`debuggablePromise`); under jest each frame of each of them went through
 * jest's source-map support, the largest share of the CPU time of the tests that run components or
 * the whole program under the mock runtime. Those traces are just the error's name (the SDK then sends
 * no source position, as for a frame it cannot parse); no test reads them (the mocks ignore source
 * positions). Every other stack trace, including every
 * assertion failure and every error a program throws, is formatted by jest as before.
 */
const { sep } = require("node:path");
const { runInThisContext } = require("node:vm");

/** The worker realm's Error, where jest installs its source-mapping `prepareStackTrace`. */
const hostError = runInThisContext("Error");

const SDK_BOOKKEEPING = [
  `${sep}@pulumi${sep}pulumi${sep}resource.js`,
  `${sep}@pulumi${sep}pulumi${sep}runtime${sep}debuggable.js`,
];

function v8Format(error, frames) {
  const head = error.message ? `${error.name}: ${error.message}` : String(error.name);
  return frames.length === 0 ? head : `${head}\n${frames.map((f) => `    at ${f}`).join("\n")}`;
}

Error.prepareStackTrace = function prepareStackTrace(error, frames) {
  const top = frames.length > 0 ? frames[0].getFileName() : undefined;
  if (top && error.message === "" && SDK_BOOKKEEPING.some((f) => top.endsWith(f))) return String(error.name);
  const mapped = hostError.prepareStackTrace;
  return typeof mapped === "function" ? mapped(error, frames) : v8Format(error, frames);
};
