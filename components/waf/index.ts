export * from "./waf";
