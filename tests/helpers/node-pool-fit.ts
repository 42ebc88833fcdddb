/**
 * Which NodePool (or fixed managed group) a pending pod fits, the way Karpenter decides it
 * (kubernetes-sigs/karpenter v1.14.1 `pkg/controllers/provisioning/scheduling`): the pool's template
 * labels and requirements (plus the `karpenter.sh/nodepool` label it puts on every node) satisfy the
 * pod's nodeSelector and required node affinity, the pod tolerates every NoSchedule/NoExecute taint of
 * the pool, its requests fit one of the pool's instance types, and they stay within the pool's CPU and
 * memory limits. Pure, so the rule itself is tested with generated inputs (tests/helpers/node-pool-fit.spec.ts).
 */
import { parseQuantity } from "../../lib/kubernetes";
import { INSTANCE_TYPES } from "../../schemas/instance-types";

export interface Requirement {
    readonly key: string;
    readonly operator: string;
    readonly values?: readonly string[];
}
export interface Taint {
    readonly key: string;
    readonly value?: string;
    readonly effect: string;
}
export interface Toleration {
    readonly key?: string;
    readonly operator?: string;
    readonly value?: string;
    readonly effect?: string;
}
/** A NodePool, or a managed group (its labels fixed, no limits). */
export interface Target {
    readonly name: string;
    readonly labels: Readonly<Record<string, string>>;
    readonly requirements: readonly Requirement[];
    readonly taints: readonly Taint[];
    /** @default - no limits (a managed group of fixed size) */
    readonly limits?: { readonly cpu: string; readonly memory: string };
}
export interface PodSpec {
    readonly nodeSelector?: Readonly<Record<string, string>>;
    readonly affinity?: {
        readonly nodeAffinity?: {
            readonly requiredDuringSchedulingIgnoredDuringExecution?: {
                readonly nodeSelectorTerms: readonly {
                    readonly matchExpressions?: readonly Requirement[];
                }[];
            };
        };
    };
    readonly tolerations?: readonly Toleration[];
    readonly containers: readonly {
        readonly resources?: {
            readonly requests?: Readonly<Record<string, string>>;
            readonly limits?: Readonly<Record<string, string>>;
        };
    }[];
}

/** The values a target's nodes may carry for a label: a fixed label, or its requirement's values. */
function values(target: Target, key: string): readonly string[] | undefined {
    if (Object.prototype.hasOwnProperty.call(target.labels, key)) {
        return [target.labels[key]];
    }
    return target.requirements.find((q) => q.key === key && q.operator === "In")?.values;
}

function satisfies(target: Target, r: Requirement): boolean {
    const vs = values(target, r.key);
    switch (r.operator) {
        case "In":
            return vs !== undefined && vs.some((v) => (r.values ?? []).includes(v));
        case "NotIn":
            return vs === undefined || vs.some((v) => !(r.values ?? []).includes(v));
        case "Exists":
            return vs !== undefined;
        case "DoesNotExist":
            return vs === undefined;
        default:
            throw new Error(`operator ${r.operator} not modelled`);
    }
}

function tolerates(tolerations: readonly Toleration[], t: Taint): boolean {
    return tolerations.some(
        (o) =>
            (o.effect === undefined || o.effect === t.effect) &&
            (o.operator === "Exists"
                ? o.key === undefined || o.key === t.key
                : o.key === t.key && (o.value ?? "") === (t.value ?? "")),
    );
}

/** Why a pod does not fit a target, or undefined when it fits. */
export function misfit(pod: PodSpec, target: Target): string | undefined {
    for (const [key, value] of Object.entries(pod.nodeSelector ?? {})) {
        if (!satisfies(target, { key, operator: "In", values: [value] })) {
            return `nodeSelector ${key}=${value}`;
        }
    }
    const terms =
        pod.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
            ?.nodeSelectorTerms;
    if (
        terms &&
        !terms.some((t) => (t.matchExpressions ?? []).every((r) => satisfies(target, r)))
    ) {
        return "required node affinity";
    }
    const taint = target.taints.find(
        (t) => t.effect !== "PreferNoSchedule" && !tolerates(pod.tolerations ?? [], t),
    );
    if (taint) {
        return `taint ${taint.key}=${taint.value ?? ""}:${taint.effect}`;
    }
    const sum = (resource: string) =>
        pod.containers.reduce(
            (n, c) =>
                n +
                (parseQuantity(
                    c.resources?.requests?.[resource] ?? c.resources?.limits?.[resource] ?? "0",
                ) ?? 0),
            0,
        );
    const [cpu, memory, gpus] = [sum("cpu"), sum("memory"), sum("nvidia.com/gpu")];
    const types = values(target, "node.kubernetes.io/instance-type") ?? [];
    const fitting = types.filter((t) => {
        const it = Object.prototype.hasOwnProperty.call(INSTANCE_TYPES, t)
            ? INSTANCE_TYPES[t]
            : undefined;
        return it && it.vcpu >= cpu && it.memoryGiB * 2 ** 30 >= memory && (it.gpus ?? 0) >= gpus;
    });
    if (fitting.length === 0) {
        return `requests (cpu ${cpu}, memory ${memory}, gpus ${gpus}) fit none of ${types.join(", ")}`;
    }
    if (
        target.limits &&
        (cpu > parseQuantity(target.limits.cpu)! || memory > parseQuantity(target.limits.memory)!)
    ) {
        return `requests (cpu ${cpu}, memory ${memory}) exceed the limits (cpu ${target.limits.cpu}, memory ${target.limits.memory})`;
    }
    return undefined;
}

/** The one target a pod fits, or an exact message when it fits none or several. */
export function placement(
    name: string,
    pod: PodSpec,
    targets: readonly Target[],
): { readonly target: string } | { readonly error: string } {
    const fits = targets.filter((t) => misfit(pod, t) === undefined).map((t) => t.name);
    if (fits.length === 1) {
        return { target: fits[0] };
    }
    if (fits.length === 0) {
        const why = targets.map((t) => `${t.name}: ${misfit(pod, t)}`).join("; ");
        return { error: `${name} fits no NodePool or node group (${why})` };
    }
    return {
        error: `${name} fits ${fits.length} NodePools or node groups (${fits.join(", ")}); it must fit exactly one`,
    };
}
