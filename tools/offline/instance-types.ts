/**
 * The instance type table lives with the config schemas (the config checks GPUs and capacity against
 * it); the offline capacity check reads the same table.
 */
export { ALLOCATABLE_SHARE, INSTANCE_TYPES } from "../../schemas/instance-types";
