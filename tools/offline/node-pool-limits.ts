/**
 * Where Karpenter provisions a pool, the pool's ceiling is its NodePool's `spec.limits`, not the
 * managed group's `maxSize`: Karpenter launches nodes for pending pods until the summed capacity of
 * the pool's nodes would exceed the limits, and drops instance types that would cross them
 * (aws/karpenter-provider-aws v1.14.1, `karpenter.sh_nodepools.yaml`, `spec.limits`: "Limits define a
 * set of bounds for provisioning capacity"; https://karpenter.sh/docs/concepts/nodepools/#speclimits).
 *
 * A NodePool stands for the managed group whose labels carry every label of the NodePool's node
 * template: the pods that select the group's labels are the pods Karpenter provisions for. A NodePool
 * no managed group stands for is a group of its own ({@link standalonePools}). Its maximum in nodes
 * is what the limits hold of the smallest instance type it may launch (the same smallest-type rule
 * the capacity check applies to a group).
 */
import { parsePoolLimits, poolMaxNodes } from "../../lib/karpenter/pool-max-nodes";
import { field, itemsAt } from "../../lib/kubernetes";
import { ownValue } from "../../lib/records";
import { RecordedResource } from "./mocks";

/** The NodePool type as the program records it. */
export const NODEPOOL_TYPE = "kubernetes:karpenter.sh/v1:NodePool";

/** A NodePool's ceiling, for the group it provisions. */
export interface PoolMaximum {
    /** Name of the NodePool. */
    readonly pool: string;
    /** `spec.limits.cpu` in cores and `spec.limits.memory` in GiB. */
    readonly limits: { readonly cpu: number; readonly memoryGiB: number };
    /** The instance types its requirements allow (`node.kubernetes.io/instance-type` In). */
    readonly instanceTypes: string[];
    /** `SPOT` when the pool may launch only spot, else `ON_DEMAND`. */
    readonly capacityType: "SPOT" | "ON_DEMAND";
    /** Nodes of the smallest allowed type that fit the limits (0 when a type is unknown). */
    readonly maxNodes: number;
}

function stringRecord(value: unknown): Record<string, string> {
    return typeof value === "object" && value !== null ? (value as Record<string, string>) : {};
}

function requirementValues(pool: RecordedResource, key: string): string[] {
    const req = itemsAt(pool.inputs, "spec", "template", "spec", "requirements").find(
        (r) => field(r, "key") === key && field(r, "operator") === "In",
    );
    const values = req ? field(req, "values") : undefined;
    return Array.isArray(values) ? values.map(String) : [];
}

/** The ceiling of one recorded NodePool. */
export function poolMaximum(pool: RecordedResource): PoolMaximum {
    const limits = parsePoolLimits({
        cpu: field(pool.inputs, "spec", "limits", "cpu"),
        memory: field(pool.inputs, "spec", "limits", "memory"),
    });
    const instanceTypes = requirementValues(pool, "node.kubernetes.io/instance-type");
    const capacityTypes = requirementValues(pool, "karpenter.sh/capacity-type");
    return {
        pool: String(field(pool.inputs, "metadata", "name") ?? pool.name),
        limits,
        instanceTypes,
        capacityType:
            capacityTypes.length > 0 && capacityTypes.every((c) => c === "spot")
                ? "SPOT"
                : "ON_DEMAND",
        maxNodes: poolMaxNodes(instanceTypes, limits),
    };
}

function provisions(
    pool: RecordedResource,
    groupLabels: Readonly<Record<string, string>>,
): boolean {
    if (pool.type !== NODEPOOL_TYPE) {
        return false;
    }
    const labels = Object.entries(templateLabels(pool));
    return labels.length > 0 && labels.every(([k, v]) => ownValue(groupLabels, k) === String(v));
}

/** The labels of a NodePool's node template (`spec.template.metadata.labels`). */
export function templateLabels(pool: RecordedResource): Record<string, string> {
    return stringRecord(field(pool.inputs, "spec", "template", "metadata", "labels"));
}

/** The taints of a NodePool's node template (`spec.template.spec.taints`). */
export function templateTaints(
    pool: RecordedResource,
): { key: string; value?: string; effect: string }[] {
    return itemsAt(pool.inputs, "spec", "template", "spec", "taints").map((t) => ({
        key: String(field(t, "key") ?? ""),
        ...(field(t, "value") === undefined ? {} : { value: String(field(t, "value")) }),
        effect: String(field(t, "effect") ?? ""),
    }));
}

/** The NodePool that provisions a group with these labels, if any. */
export function poolForGroup(
    resources: readonly RecordedResource[],
    groupLabels: Readonly<Record<string, string>>,
): PoolMaximum | undefined {
    const pool = resources.find((r) => provisions(r, groupLabels));
    return pool ? poolMaximum(pool) : undefined;
}

/** The NodePools no managed node group stands for: each is a group of its own. */
export function standalonePools(resources: readonly RecordedResource[]): RecordedResource[] {
    const groups = resources.filter((r) => r.type === "eks:index:ManagedNodeGroup");
    return resources.filter(
        (r) =>
            r.type === NODEPOOL_TYPE &&
            !groups.some((g) => provisions(r, (g.inputs.labels ?? {}) as Record<string, string>)),
    );
}
