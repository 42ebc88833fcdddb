export * from "./defaults";
export * from "./microservice";
export * from "./namespace";
export * from "./spec";
export * from "./validation";
export { workloadIdentity, WorkloadIdentity } from "../internal/labels";
export { EgressHost, httpsEgress } from "../internal/egress";
