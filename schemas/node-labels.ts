/**
 * Node label keys a node group may set. The kubelet registers its node with these labels
 * (`--node-labels`, which EKS managed node groups pass from the node group's `labels`), and the
 * NodeRestriction admission plugin lets a kubelet set a label in the `kubernetes.io` or `k8s.io`
 * namespaces (or their subdomains) only when `IsKubeletLabel` allows it: the well-known keys below, or
 * the `kubelet.kubernetes.io` and `node.kubernetes.io` namespaces and their subdomains. The kubelet
 * itself refuses to start with any other such label.
 *
 * Sources: kubernetes v1.33 `staging/src/k8s.io/kubelet/pkg/apis/well_known_labels.go`
 * (`kubeletLabels`, `kubeletLabelNamespaces`, `IsKubeletLabel`) and
 * `plugin/pkg/admission/noderestriction/admission.go`; label key syntax from
 * `staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go` (`IsQualifiedName`).
 */
import { z } from "zod";

/** Keys in the restricted namespaces the kubelet may set. */
export const KUBELET_LABELS: readonly string[] = [
    "kubernetes.io/hostname",
    "kubernetes.io/os",
    "kubernetes.io/arch",
    "beta.kubernetes.io/os",
    "beta.kubernetes.io/arch",
    "beta.kubernetes.io/instance-type",
    "node.kubernetes.io/instance-type",
    "topology.kubernetes.io/zone",
    "topology.kubernetes.io/region",
    "failure-domain.beta.kubernetes.io/zone",
    "failure-domain.beta.kubernetes.io/region",
];
/** Namespaces (with their subdomains) whose keys the kubelet may set. */
export const KUBELET_LABEL_NAMESPACES: readonly string[] = [
    "kubelet.kubernetes.io",
    "node.kubernetes.io",
];
/** Namespaces (with their subdomains) NodeRestriction keeps from kubelets. */
const RESTRICTED = ["kubernetes.io", "k8s.io"];

const within = (ns: string, parent: string) => ns === parent || ns.endsWith(`.${parent}`);

/** True when a kubelet may set label `key` on its own node. */
export function kubeletMaySet(key: string): boolean {
    const slash = key.indexOf("/");
    const ns = slash < 0 ? "" : key.slice(0, slash).toLowerCase();
    if (!RESTRICTED.some((r) => within(ns, r))) {
        return true;
    }
    return KUBELET_LABELS.includes(key) || KUBELET_LABEL_NAMESPACES.some((a) => within(ns, a));
}

/** A node label key the kubelet may set on its own node. */
export const nodeLabelKey = z.string().superRefine((key, ctx) => {
    if (!kubeletMaySet(key)) {
        ctx.addIssue({
            code: "custom",
            message: `must not be in the kubernetes.io or k8s.io namespaces, which the NodeRestriction admission plugin keeps from kubelets (allowed there: ${KUBELET_LABEL_NAMESPACES.map((n) => `*.${n}/*`).join(", ")} and the well-known ${KUBELET_LABELS.join(", ")}); use your own prefix such as example.com/`,
            input: key,
        });
    }
});
