export * from "./workload-observability";
export * from "./dashboards";
export * from "./alerts";
export * from "./prometheus-labels";
