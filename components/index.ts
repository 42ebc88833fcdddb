export * from "./addons";
export * from "./cluster";
