export * from "./iam";
export * from "./interruption";
export * from "./karpenter";
export * from "./node-pools";
