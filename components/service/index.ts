export * from "./intent";
export * from "./ml-service";
export * from "./platform-service";
