export * from "./mesh-policy";
export * from "./namespace-policy";
export * from "./spec";
