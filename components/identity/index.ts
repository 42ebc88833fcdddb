export * from "./agent";
export * from "./pod-identity-role";
