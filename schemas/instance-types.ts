/**
 * The instance type facts the config checks read (the table itself is in lib/aws/instance-types.ts,
 * shared with the components) and the share of a node left to pods.
 */
import { INSTANCE_TYPES } from "../lib/aws/instance-types";
import { ownValue } from "../lib/records";

export { INSTANCE_TYPES };
export type { InstanceType } from "../lib/aws/instance-types";
export { ACCELERATOR_LABEL } from "../components/cluster/spec";

/** Share of a node's capacity left to pods after the kubelet, system daemons and the mesh proxy. */
export const ALLOCATABLE_SHARE = 0.85;

/** What one node of a group holds for pods: the smallest of its instance types, less the system share. */
export interface AllocatableNode {
    readonly cpu: number;
    readonly memoryGiB: number;
    readonly gpus: number;
    /** The smallest type (by vCPU), which messages name. */
    readonly type: string;
}

/**
 * The node model both capacity checks count with (the config's, schemas/capacity.ts, and the offline
 * preview's, tools/offline/capacity.ts): each node of a group is its smallest instance type (spot and
 * mixed groups may get any of them), with {@link ALLOCATABLE_SHARE} of its vCPU and memory left to
 * pods. Undefined when a type is not in the table (the config refuses those) or the list is empty.
 */
export function allocatableNode(instanceTypes: readonly string[]): AllocatableNode | undefined {
    const types = instanceTypes.map((t) => ({ type: t, facts: ownValue(INSTANCE_TYPES, t) }));
    if (types.length === 0 || types.some((t) => t.facts === undefined)) {
        return undefined;
    }
    const smallest = [...types].sort((a, b) => a.facts!.vcpu - b.facts!.vcpu)[0];
    return {
        cpu: Math.min(...types.map((t) => t.facts!.vcpu)) * ALLOCATABLE_SHARE,
        memoryGiB: Math.min(...types.map((t) => t.facts!.memoryGiB)) * ALLOCATABLE_SHARE,
        gpus: Math.min(...types.map((t) => t.facts!.gpus ?? 0)),
        type: smallest.type,
    };
}
