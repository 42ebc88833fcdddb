/**
 * A NodePool's maximum in nodes, for the capacity model and the config's placement checks: Karpenter
 * launches nothing that would take the summed capacity of the pool's nodes past `spec.limits`
 * (aws/karpenter-provider-aws v1.14.1, `pkg/apis/crds/karpenter.sh_nodepools.yaml`, `spec.limits`;
 * https://karpenter.sh/docs/concepts/nodepools/#speclimits), so the pool holds at most as many nodes
 * as its CPU limit holds of its fewest-vCPU type and its memory limit of its least-memory type.
 */
import { INSTANCE_TYPES } from "../aws/instance-types";
import { parseQuantity } from "../kubernetes";
import { ownValue } from "../records";

const GiB = 2 ** 30;

/** A NodePool's limits, parsed: CPU in cores, memory in GiB. */
export interface PoolLimits {
    readonly cpu: number;
    readonly memoryGiB: number;
}

/**
 * Nodes a pool's limits hold: the smaller of `cpu / fewest vCPUs` and `memoryGiB / least memory`
 * over its instance types, rounded down. 0 when it allows no type or a type is not in
 * {@link INSTANCE_TYPES} (the capacity check refuses those).
 */
export function poolMaxNodes(instanceTypes: readonly string[], limits: PoolLimits): number {
    const facts = instanceTypes.map((t) => ownValue(INSTANCE_TYPES, t));
    if (facts.length === 0 || facts.some((f) => f === undefined)) {
        return 0;
    }
    const sizes = facts.filter((f) => f !== undefined);
    return Math.floor(
        Math.min(
            limits.cpu / Math.min(...sizes.map((f) => f.vcpu)),
            limits.memoryGiB / Math.min(...sizes.map((f) => f.memoryGiB)),
        ),
    );
}

/** {@link PoolLimits} of `spec.limits` as written (`cpu: "64"`, `memory: 256Gi`); unparsable is 0. */
export function parsePoolLimits(limits: {
    readonly cpu: unknown;
    readonly memory: unknown;
}): PoolLimits {
    return {
        cpu: parseQuantity(limits.cpu) ?? 0,
        memoryGiB: (parseQuantity(limits.memory) ?? 0) / GiB,
    };
}
