export * from "./egress";
export * from "./mesh-policy";
export * from "./namespace-policy";
export * from "./routes";
export * from "./spec";
