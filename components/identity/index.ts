export * from "./agent";
export * from "./pod-identity-role";
export * from "./mesh";
