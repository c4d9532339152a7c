export * from "./cache";
