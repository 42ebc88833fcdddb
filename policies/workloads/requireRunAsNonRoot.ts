import { containersOf } from "../shared/kubernetes";
import { podPolicy } from "../shared/policy";

/**
 * Every container runs as a non-root user (Pod Security Standards, restricted): runAsNonRoot is true
 * for it (its own setting or the pod's) and runAsUser is not 0.
 *
 * @severity high
 * @link https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export const requireRunAsNonRoot = podPolicy({
    name: "workloads-require-run-as-non-root",
    description:
        "Every container runs with runAsNonRoot=true (container or pod level) and no runAsUser 0.",
    severity: "high",
    remediationSteps:
        "Set spec.securityContext.runAsNonRoot=true (and a non-zero runAsUser) on the pod, and do not override it per container.",
    url: "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
    check: ({ pod, what }) => {
        const podSc = pod.spec.securityContext ?? {};
        return containersOf(pod).flatMap((c) => {
            const sc = c.container.securityContext ?? {};
            const messages: string[] = [];
            if ((sc.runAsNonRoot ?? podSc.runAsNonRoot) !== true) {
                messages.push(
                    `${what} ${c.label} may run as root: runAsNonRoot is not true at ${c.path}.securityContext or ${pod.path}.securityContext; set runAsNonRoot=true.`,
                );
            }
            const user = sc.runAsUser ?? podSc.runAsUser;
            if (user === 0) {
                messages.push(
                    `${what} ${c.label} runs as user 0 (${sc.runAsUser === 0 ? `${c.path}` : pod.path}.securityContext.runAsUser=0); use a non-zero uid.`,
                );
            }
            return messages;
        });
    },
});
