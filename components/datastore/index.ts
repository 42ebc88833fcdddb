export * from "./datastore";
export * from "./egress";
export * from "./engines";
export * from "./postgres";
export * from "./redis";
export * from "./spec";
