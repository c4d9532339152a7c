/**
 * The config module: the only reader of `pulumi.Config`. Every key is declared once in `schema.json`;
 * see CONTRIBUTING.md ("Adding a config key").
 */
export * from "./types";
export {
  CONFIG_KEYS,
  DECLARED_KEYS,
  NAMESPACE,
  SECRET_FULL_KEYS,
  SECRET_KEYS,
  declaration,
  defaultOf,
} from "./declarations";
export { sizeIssues } from "./checks";
export { didYouMean, type Problem } from "./validate";
export {
  type ConfigReader,
  type ResolveContext,
  EXAMPLES_DIR,
  bundledRelease,
  defaultsFor,
  loadStackConfig,
  resolveStackConfig,
} from "./resolve";
export * from "./services";
