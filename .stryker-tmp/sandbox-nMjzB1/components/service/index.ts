// @ts-nocheck
export * from "./cluster";
export * from "./service";
