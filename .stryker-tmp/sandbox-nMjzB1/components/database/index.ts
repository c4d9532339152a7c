// @ts-nocheck
export * from "./database";
