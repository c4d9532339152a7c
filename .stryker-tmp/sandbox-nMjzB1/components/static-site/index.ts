// @ts-nocheck
export * from "./static-site";
