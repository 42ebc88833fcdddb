export * from "./intent";
export * from "./ml-service";
export * from "./platform-service";
export * from "./namespace-mesh";
export * from "./traffic-in";
