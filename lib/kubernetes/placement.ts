/**
 * Which node group a pod can land on: the scheduler's taint/toleration and required node-selection
 * rules, as the capacity report places workloads and DaemonSets.
 *
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/
 */
import { field, itemsAt, recordAt, UnknownRecord } from "./fields";
import { hasOwnKey, ownValue } from "../records";

/** A node taint in Kubernetes' form (`NoSchedule`, `PreferNoSchedule`, `NoExecute`). */
export interface NodeTaint {
    readonly key: string;
    readonly value?: string;
    readonly effect: string;
}

/** The labels and taints every node of a group carries. */
export interface NodeGroupShape {
    readonly labels: Readonly<Record<string, string>>;
    readonly taints: readonly NodeTaint[];
}

/** EKS API taint effects (`NO_SCHEDULE`) in Kubernetes' spelling. */
const EFFECTS: Readonly<Record<string, string>> = {
    NO_SCHEDULE: "NoSchedule",
    NO_EXECUTE: "NoExecute",
    PREFER_NO_SCHEDULE: "PreferNoSchedule",
};

/** A taint's effect in Kubernetes' spelling, whichever API wrote it. */
export function kubernetesTaintEffect(effect: string): string {
    return ownValue(EFFECTS, effect) ?? effect;
}

/** True when one of `tolerations` tolerates `taint` (the scheduler's `ToleratesTaint`). */
export function toleratesTaint(tolerations: readonly unknown[], taint: NodeTaint): boolean {
    return tolerations.some((t) => {
        const effect = field(t, "effect");
        const key = field(t, "key");
        const effectOk = !effect || effect === taint.effect;
        if (field(t, "operator") === "Exists") {
            return effectOk && (!key || key === taint.key);
        }
        return effectOk && key === taint.key && (field(t, "value") ?? "") === (taint.value ?? "");
    });
}

/** True when the pod spec restricts its nodes by labels (a `nodeSelector` or required node affinity). */
export function podRequiresNodeLabels(spec: UnknownRecord): boolean {
    const nodeSelector = recordAt(spec, "nodeSelector") ?? {};
    const terms = itemsAt(
        spec,
        "affinity",
        "nodeAffinity",
        "requiredDuringSchedulingIgnoredDuringExecution",
        "nodeSelectorTerms",
    );
    return Object.keys(nodeSelector).length > 0 || terms.length > 0;
}

/** True when one node selector requirement (`In`, `NotIn`, `Exists`, `DoesNotExist`, `Gt`, `Lt`) holds. */
function requirementHolds(e: unknown, labels: Readonly<Record<string, string>>): boolean {
    // A label key is data (`toString` is a valid one): only own labels count.
    const key = String(field(e, "key"));
    const value = ownValue(labels, key);
    const values = itemsAt(e, "values");
    switch (field(e, "operator")) {
        case "In":
            return value !== undefined && values.includes(value);
        case "NotIn":
            return value === undefined || !values.includes(value);
        case "Exists":
            return hasOwnKey(labels, key);
        case "DoesNotExist":
            return !hasOwnKey(labels, key);
        case "Gt":
            return value !== undefined && Number(value) > Number(values[0]);
        case "Lt":
            return value !== undefined && Number(value) < Number(values[0]);
        default:
            return false;
    }
}

/**
 * True when a node with these labels satisfies the pod's `nodeSelector` (every entry) and its required
 * node affinity (one term whose every expression holds; an absent affinity holds for every node).
 */
export function podAcceptsNodeLabels(
    spec: UnknownRecord,
    labels: Readonly<Record<string, string>>,
): boolean {
    const nodeSelector = recordAt(spec, "nodeSelector") ?? {};
    if (!Object.entries(nodeSelector).every(([k, v]) => ownValue(labels, k) === v)) {
        return false;
    }
    const terms = itemsAt(
        spec,
        "affinity",
        "nodeAffinity",
        "requiredDuringSchedulingIgnoredDuringExecution",
        "nodeSelectorTerms",
    );
    return (
        terms.length === 0 ||
        terms.some((t) => {
            const exprs = itemsAt(t, "matchExpressions");
            return exprs.length > 0 && exprs.every((e) => requirementHolds(e, labels));
        })
    );
}

/**
 * True when a pod of this spec may run on the group's nodes: it tolerates every `NoSchedule` and
 * `NoExecute` taint, and its `nodeSelector` and required node affinity accept the nodes' labels (the
 * group's own and the ones kubelet and EKS set, see {@link nodeLabels}).
 */
export function podRunsOnGroup(spec: UnknownRecord, group: NodeGroupShape): boolean {
    const tolerations = itemsAt(spec, "tolerations");
    const hard = group.taints
        .map((t) => ({ ...t, effect: kubernetesTaintEffect(t.effect) }))
        .filter((t) => t.effect === "NoSchedule" || t.effect === "NoExecute");
    return (
        hard.every((t) => toleratesTaint(tolerations, t)) &&
        podAcceptsNodeLabels(spec, group.labels)
    );
}

/**
 * The labels every node of an EKS managed node group carries: the group's own, plus the well-known
 * labels kubelet sets (`kubernetes.io/os`, `kubernetes.io/arch`, `node.kubernetes.io/instance-type`;
 * https://kubernetes.io/docs/reference/labels-annotations-taints/) and EKS's managed node group labels
 * (`eks.amazonaws.com/nodegroup`, `eks.amazonaws.com/capacityType`;
 * https://docs.aws.amazon.com/eks/latest/userguide/managed-node-groups.html). Fargate's
 * `eks.amazonaws.com/compute-type` is absent on EC2 nodes.
 */
export function nodeLabels(group: {
    readonly labels: Readonly<Record<string, string>>;
    readonly nodeGroupName: string;
    readonly instanceType: string;
    readonly capacityType: string;
    readonly arch: "amd64" | "arm64";
}): Record<string, string> {
    return {
        "kubernetes.io/os": "linux",
        "kubernetes.io/arch": group.arch,
        "node.kubernetes.io/instance-type": group.instanceType,
        "eks.amazonaws.com/nodegroup": group.nodeGroupName,
        "eks.amazonaws.com/capacityType": group.capacityType,
        ...group.labels,
    };
}
