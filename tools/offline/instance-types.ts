/**
 * The instance type table lives with the config schemas (the config checks GPUs and capacity against
 * it); the offline capacity check reads the same table and counts with the same node model.
 */
export { ALLOCATABLE_SHARE, allocatableNode, INSTANCE_TYPES } from "../../schemas/instance-types";
