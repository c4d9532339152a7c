export * from "./cluster";
export * from "./service";
