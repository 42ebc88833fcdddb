export * from "./datastore";
export * from "./engines";
export * from "./postgres";
export * from "./postgres-names";
export * from "./redis";
export * from "./spec";
