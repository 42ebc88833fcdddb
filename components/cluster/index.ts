export * from "./cluster";
export * from "./irsa";
export * from "./network";
export * from "./spec";
