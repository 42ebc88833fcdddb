import { containersOf, field } from "../../lib/kubernetes";
import { podPolicy } from "../shared/policy";

/**
 * Every container must run as a non-root user (Pod Security Standards, restricted, "Running as
 * Non-root"): runAsNonRoot is true for it (its own setting or the pod's). `runAsUser: 0` is the
 * separate control "Running as Non-root user", checked by `workloads-disallow-root-user`.
 *
 * @severity high
 * @link https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export const requireRunAsNonRoot = podPolicy({
    name: "workloads-require-run-as-non-root",
    description: "Every container runs with runAsNonRoot=true (container or pod level).",
    severity: "high",
    remediationSteps:
        "Set spec.securityContext.runAsNonRoot=true (and a non-zero runAsUser) on the pod, and do not override it per container.",
    url: "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
    check: ({ pod, what }) => {
        const podSc = pod.spec.securityContext;
        return containersOf(pod).flatMap((c) => {
            return (field(c.container, "securityContext", "runAsNonRoot") ??
                field(podSc, "runAsNonRoot")) === true
                ? []
                : [
                      `${what} ${c.label} may run as root: runAsNonRoot is not true at ${c.path}.securityContext or ${pod.path}.securityContext; set runAsNonRoot=true.`,
                  ];
        });
    },
});
