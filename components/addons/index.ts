export * from "./addons";
export * from "./chart";
export * from "./external-secrets";
export * from "./istio";
export * from "./metrics-server";
export * from "./prometheus-operator-crds";
export * from "./vpa";
