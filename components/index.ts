export * from "./addons";
export * from "./cluster";
export * from "./microservice";
