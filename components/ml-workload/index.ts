export * from "./await";
export * from "./crd";
export * from "./ml-workload";
export * from "./spec";
