export * from "./addons";
export * from "./cluster";
export * from "./datastore";
export * from "./ingress";
export * from "./microservice";
export * from "./mesh-policy";
export * from "./ml-workload";
export * from "./observability";
