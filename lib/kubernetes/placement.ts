/**
 * Which node group a pod can land on: the scheduler's taint/toleration and required node-selection
 * rules, as the capacity report places workloads and DaemonSets.
 *
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/
 */
import { field, itemsAt, recordAt, UnknownRecord } from "./fields";
import { podSelectsNodeLabels } from "./selectors";
import { ownValue } from "../records";

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

/**
 * True when a pod of this spec may run on the group's nodes: it tolerates every `NoSchedule` and
 * `NoExecute` taint, and any label restriction it has selects the group's labels.
 */
export function podRunsOnGroup(spec: UnknownRecord, group: NodeGroupShape): boolean {
    const tolerations = itemsAt(spec, "tolerations");
    const hard = group.taints.filter((t) => {
        const effect = kubernetesTaintEffect(t.effect);
        return effect === "NoSchedule" || effect === "NoExecute";
    });
    if (
        !hard.every((t) =>
            toleratesTaint(tolerations, { ...t, effect: kubernetesTaintEffect(t.effect) }),
        )
    ) {
        return false;
    }
    return !podRequiresNodeLabels(spec) || podSelectsNodeLabels(spec, group.labels);
}
