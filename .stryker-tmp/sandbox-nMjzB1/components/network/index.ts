// @ts-nocheck
export * from "./cidr";
export * from "./network";
