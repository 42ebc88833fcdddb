export * from "./platform";
export * from "./stack-outputs";
export * from "./from-stack";
