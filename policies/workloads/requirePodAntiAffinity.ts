import { field, itemsAt, REPLICATED_KINDS, selectorMatches } from "../../lib/kubernetes";
import { podPolicy } from "../shared/policy";

interface Config {
    readonly topologyKeys: string[];
}

/**
 * Replicated workloads (replicas > 1 or unset, i.e. HPA-managed) spread their pods with pod
 * anti-affinity on the node (or zone/region) whose selector matches the pods' own labels.
 *
 * @severity high
 * @link https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity
 */
export const requirePodAntiAffinity = podPolicy<Config>({
    name: "workloads-require-pod-anti-affinity",
    description:
        "Deployments, StatefulSets and ReplicaSets with more than one replica (or an unset count) carry pod anti-affinity on kubernetes.io/hostname (or zone/region) that selects their own pods.",
    severity: "high",
    remediationSteps:
        "Add spec.template.spec.affinity.podAntiAffinity (preferred or required) with topologyKey kubernetes.io/hostname and a labelSelector matching the pod template's labels.",
    url: "https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity",
    kinds: REPLICATED_KINDS,
    configSchema: {
        properties: {
            topologyKeys: {
                type: "array",
                items: { type: "string" },
                default: [
                    "kubernetes.io/hostname",
                    "topology.kubernetes.io/zone",
                    "topology.kubernetes.io/region",
                ],
                description: "Topology keys that spread replicas well enough.",
            },
        },
    },
    check: ({ obj, pod, what, config }) => {
        const replicas = field(obj, "spec", "replicas");
        if (typeof replicas === "number" && replicas <= 1) {
            return [];
        }
        const anti = field(pod.spec, "affinity", "podAntiAffinity");
        const terms = [
            ...itemsAt(anti, "requiredDuringSchedulingIgnoredDuringExecution"),
            ...itemsAt(anti, "preferredDuringSchedulingIgnoredDuringExecution").map(
                (p) => field(p, "podAffinityTerm") ?? {},
            ),
        ];
        const ok = terms.some(
            (t) =>
                (config.topologyKeys as unknown[]).includes(field(t, "topologyKey")) &&
                selectorMatches(field(t, "labelSelector"), pod.labels),
        );
        if (ok) {
            return [];
        }
        const count =
            replicas === undefined
                ? "an unset replica count (HPA-managed)"
                : `${replicas} replicas`;
        const why =
            terms.length === 0
                ? "has no pod anti-affinity"
                : "has no pod anti-affinity term on an approved topologyKey whose labelSelector matches its own pod labels";
        return [
            `${what} with ${count} ${why} (${pod.path}.affinity.podAntiAffinity); add a preferred term with topologyKey kubernetes.io/hostname selecting labels ${JSON.stringify(pod.labels)}.`,
        ];
    },
});
