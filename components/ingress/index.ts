export * from "./ingress";
export * from "./spec";
