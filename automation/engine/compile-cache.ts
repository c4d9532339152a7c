/**
 * Preloaded by the `plan` and `policy` npm scripts (`node --require ./automation/engine/compile-cache.ts`,
 * loaded by Node's own type stripping, so it has no import syntax): turns on Node's on-disk compile
 * cache, so later runs do not compile @pulumi/pulumi, @pulumi/aws, TypeScript and the program again. The
 * cache lives in the OS temp directory (`NODE_COMPILE_CACHE` overrides it); a missing or stale cache only
 * costs time.
 */
process.getBuiltinModule("node:module").enableCompileCache?.();
