import { podPolicy } from "../shared/policy";

/**
 * Pods do not share the node's network, PID or IPC namespace (Pod Security Standards, baseline).
 *
 * @severity critical
 * @link https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
 */
export const disallowHostNamespaces = podPolicy({
    name: "workloads-disallow-host-namespaces",
    description: "Pods do not set hostNetwork, hostPID or hostIPC.",
    severity: "critical",
    remediationSteps:
        "Remove hostNetwork, hostPID and hostIPC from the pod spec (or set them to false).",
    url: "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
    check: ({ pod, what }) =>
        (["hostNetwork", "hostPID", "hostIPC"] as const)
            .filter((field) => pod.spec[field] === true)
            .map(
                (field) =>
                    `${what} shares the node's namespace (${pod.path}.${field}=true); set it to false.`,
            ),
});
