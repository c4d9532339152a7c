// @ts-nocheck
export * from "./secrets";
