// @ts-nocheck
export * from "./monitoring";
export * from "./alarms";
export * from "./dashboard";
export * from "./events";
export * from "./canary";
