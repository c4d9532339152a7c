// @ts-nocheck
export * from "./dns";
