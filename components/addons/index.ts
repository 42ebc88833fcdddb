export * from "./addons";
export * from "./spec";
