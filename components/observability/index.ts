export * from "./workload-observability";
export * from "./dashboards";
export * from "./alerts";
