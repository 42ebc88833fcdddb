import { field, itemsAt, podSelectsNodeLabels, podTemplate } from "../../lib/kubernetes";
import { kubernetesObjects, stackPolicy, StackFinding, StackResource } from "../shared/policy";
import { EXEMPTIONS_SCHEMA, exemptionFor, NamespaceExemption } from "../shared/exemptions";
import { ownValue } from "../../lib/records";

interface Taint {
    readonly key: string;
    readonly value?: string;
    readonly effect: string;
}

interface TaintedGroup {
    readonly name: string;
    readonly labels: Record<string, string>;
    readonly taints: Taint[];
}

interface Config {
    readonly taintedNodeGroups: TaintedGroup[];
    readonly exemptions: NamespaceExemption[];
}

const EFFECTS: Record<string, string> = {
    NO_SCHEDULE: "NoSchedule",
    NO_EXECUTE: "NoExecute",
    PREFER_NO_SCHEDULE: "PreferNoSchedule",
};

/**
 * Karpenter NodePools (karpenter.sh/v1) declared in the stack, as groups: the labels and taints of
 * their node template (`spec.template.metadata.labels`, `spec.template.spec.taints`) and the
 * `karpenter.sh/nodepool` label with the pool's name, which every node Karpenter launches for the
 * pool carries.
 */
function nodePools(resources: readonly StackResource[]): TaintedGroup[] {
    return resources
        .filter((r) => r.type === "kubernetes:karpenter.sh/v1:NodePool")
        .map((r) => {
            const name = String(field(r.props, "metadata", "name") ?? r.name);
            const labels = field(r.props, "spec", "template", "metadata", "labels") ?? {};
            return {
                name,
                labels: { ...(labels as Record<string, string>), "karpenter.sh/nodepool": name },
                r,
            };
        })
        .map(({ name, labels, r }) => ({
            name,
            labels,
            taints: itemsAt(r.props, "spec", "template", "spec", "taints").map((t) => ({
                key: String(field(t, "key") ?? ""),
                value: field(t, "value") === undefined ? undefined : String(field(t, "value")),
                effect: String(field(t, "effect") ?? ""),
            })),
        }));
}

/**
 * Tainted node groups and Karpenter NodePools declared in the stack (EKS managed node groups), or the
 * configured ones.
 */
function taintedGroups(resources: readonly StackResource[], config: Config): TaintedGroup[] {
    const managed = resources
        .filter(
            (r) =>
                r.type === "eks:index:ManagedNodeGroup" || r.type === "aws:eks/nodeGroup:NodeGroup",
        )
        .map((r) => ({
            name: String(r.props.nodeGroupName ?? r.name),
            // Node group inputs as pulumi-eks and the AWS provider declare them: labels a string map,
            // taints `{key, value?, effect}` (the effect in either spelling).
            labels: (r.props.labels ?? {}) as Record<string, string>,
            taints: ((r.props.taints ?? []) as Taint[]).map((t) => ({
                ...t,
                effect: ownValue(EFFECTS, t.effect) ?? t.effect,
            })),
        }));
    const declared = [...managed, ...nodePools(resources)];
    const groups = declared.length > 0 ? declared : config.taintedNodeGroups;
    return groups
        .map((g) => ({
            ...g,
            taints: g.taints.filter((t) => t.effect === "NoSchedule" || t.effect === "NoExecute"),
        }))
        .filter((g) => g.taints.length > 0 && Object.keys(g.labels).length > 0);
}

function tolerates(tolerations: readonly unknown[], taint: Taint): boolean {
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

/**
 * Pods and tainted node groups agree: a pod that selects a tainted group (the ML spot pool) tolerates its
 * taints, and a pod that tolerates them also selects the group (so general workloads never drift onto
 * spot ML nodes).
 *
 * @severity medium
 * @link https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
 */
export const requireMlToleration = stackPolicy<Config>({
    name: "workloads-require-ml-toleration",
    description:
        "Pods that select a tainted node group tolerate its taints, and pods that tolerate them select the group.",
    severity: "medium",
    remediationSteps:
        "Derive the toleration and node affinity from the node group (MLWorkload does this); do not add the ML toleration to other workloads.",
    url: "https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/",
    configSchema: {
        properties: {
            taintedNodeGroups: {
                type: "array",
                default: [
                    {
                        name: "ml",
                        labels: { workload: "ml-processing" },
                        taints: [{ key: "workload", value: "ml", effect: "NoSchedule" }],
                    },
                ],
                description:
                    "Tainted node groups to check against when the stack declares none (plain manifests).",
            },
            exemptions: EXEMPTIONS_SCHEMA,
        },
    },
    check: (resources, config) => {
        const groups = taintedGroups(resources, config);
        const findings: StackFinding[] = [];
        for (const o of kubernetesObjects(resources)) {
            const pod = podTemplate(o.k8s.kind, o.props);
            if (!pod || exemptionFor(config.exemptions, field(o.props, "metadata", "namespace"))) {
                continue;
            }
            const tolerations = itemsAt(pod.spec, "tolerations");
            for (const g of groups) {
                const taintText = g.taints
                    .map((t) => `${t.key}=${t.value ?? ""}:${t.effect}`)
                    .join(", ");
                const tol = g.taints.every((t) => tolerates(tolerations, t));
                const sel = podSelectsNodeLabels(pod.spec, g.labels);
                if (sel && !tol) {
                    findings.push({
                        urn: o.urn,
                        message: `${o.what} selects node group '${g.name}' (${JSON.stringify(g.labels)}) but does not tolerate its taint ${taintText} (${pod.path}.tolerations); it would never schedule. Add the toleration.`,
                    });
                } else if (tol && !sel) {
                    findings.push({
                        urn: o.urn,
                        message: `${o.what} tolerates node group '${g.name}' taint ${taintText} but does not select the group (${pod.path}.nodeSelector or nodeAffinity); add a node affinity for ${JSON.stringify(g.labels)} or drop the toleration.`,
                    });
                }
            }
        }
        return findings;
    },
});
