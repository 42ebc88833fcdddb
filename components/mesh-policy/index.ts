export * from "./egress";
export * from "./mesh-policy";
export * from "./migration";
export * from "./namespace-policy";
export * from "./routes";
export * from "./spec";
