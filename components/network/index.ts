export * from "./cidr";
export * from "./network";
