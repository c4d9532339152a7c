// @ts-nocheck
export * from "./tags";
