/**
 * The instance type facts the config checks read (the table itself is in lib/aws/instance-types.ts,
 * shared with the components) and the share of a node left to pods.
 */
export { INSTANCE_TYPES } from "../lib/aws/instance-types";
export type { InstanceType } from "../lib/aws/instance-types";
export { ACCELERATOR_LABEL } from "../components/cluster/spec";

/** Share of a node's capacity left to pods after the kubelet, system daemons and the mesh proxy. */
export const ALLOCATABLE_SHARE = 0.85;
