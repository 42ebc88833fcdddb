/**
 * Where Karpenter provisions a pool, the pool's ceiling is its NodePool's `spec.limits`, not the
 * managed group's `maxSize`: Karpenter launches nodes for pending pods until the summed capacity of
 * the pool's nodes would exceed the limits, and drops instance types that would cross them
 * (aws/karpenter-provider-aws v1.14.1, `karpenter.sh_nodepools.yaml`, `spec.limits`: "Limits define a
 * set of bounds for provisioning capacity"; https://karpenter.sh/docs/concepts/nodepools/#speclimits).
 *
 * A NodePool stands for the managed group whose labels carry every label of the NodePool's node
 * template: the pods that select the group's labels are the pods Karpenter provisions for. Its
 * maximum in nodes is what the limits hold of the smallest instance type it may launch (the same
 * smallest-type rule the capacity check applies to a group).
 */
import { field, itemsAt, parseQuantity } from "../../lib/kubernetes";
import { ownValue } from "../../lib/records";
import { INSTANCE_TYPES } from "./instance-types";
import { RecordedResource } from "./mocks";

/** The NodePool type as the program records it. */
export const NODEPOOL_TYPE = "kubernetes:karpenter.sh/v1:NodePool";

const GiB = 2 ** 30;

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
    const cpu = parseQuantity(field(pool.inputs, "spec", "limits", "cpu")) ?? 0;
    const memoryGiB = (parseQuantity(field(pool.inputs, "spec", "limits", "memory")) ?? 0) / GiB;
    const instanceTypes = requirementValues(pool, "node.kubernetes.io/instance-type");
    const capacityTypes = requirementValues(pool, "karpenter.sh/capacity-type");
    const facts = instanceTypes.map((t) => ownValue(INSTANCE_TYPES, t));
    const known = facts.length > 0 && facts.every((f) => f !== undefined);
    const maxNodes = known
        ? Math.floor(
              Math.min(
                  cpu / Math.min(...facts.map((f) => f!.vcpu)),
                  memoryGiB / Math.min(...facts.map((f) => f!.memoryGiB)),
              ),
          )
        : 0;
    return {
        pool: String(field(pool.inputs, "metadata", "name") ?? pool.name),
        limits: { cpu, memoryGiB },
        instanceTypes,
        capacityType:
            capacityTypes.length > 0 && capacityTypes.every((c) => c === "spot")
                ? "SPOT"
                : "ON_DEMAND",
        maxNodes,
    };
}

/** The NodePool that provisions a group with these labels, if any. */
export function poolForGroup(
    resources: readonly RecordedResource[],
    groupLabels: Readonly<Record<string, string>>,
): PoolMaximum | undefined {
    const pool = resources.find((r) => {
        if (r.type !== NODEPOOL_TYPE) {
            return false;
        }
        const labels = Object.entries(
            stringRecord(field(r.inputs, "spec", "template", "metadata", "labels")),
        );
        return (
            labels.length > 0 && labels.every(([k, v]) => ownValue(groupLabels, k) === String(v))
        );
    });
    return pool ? poolMaximum(pool) : undefined;
}
