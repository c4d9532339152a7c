export * from "./secure-bucket";
export * from "./app-bucket";
