// @ts-nocheck
export * from "./secure-bucket";
