export * from "./static-site";
