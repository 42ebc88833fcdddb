/**
 * The typed Kubernetes core every layer imports (the program's components and schemas, the policy
 * pack and the offline tools): type tokens, pod templates and containers of every pod-bearing kind,
 * label selectors, quantities and image references. It imports no npm package, so the policy pack
 * loads it under the Pulumi CLI with only the pack folder's own dependencies.
 */
export * from "./fields";
export * from "./image";
export * from "./objects";
export * from "./pods";
export * from "./quantity";
export * from "./selectors";
export * from "./placement";
