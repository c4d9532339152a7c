/** The Release model: types, the loader and the pure derivations. */
// @ts-nocheck

export * from "./model";
export { loadRelease } from "./load";
export * from "./derive";
export * from "./env";
export * from "./components";
export * from "./platform";
