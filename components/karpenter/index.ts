export * from "./iam";
export * from "./interruption";
export * from "./karpenter";
export * from "./node-pools";
export * from "./node-provisioning";
