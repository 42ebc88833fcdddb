import { containersOf, field } from "../../lib/kubernetes";
import { podPolicy } from "../shared/policy";

/**
 * No container runs privileged (Pod Security Standards, baseline).
 *
 * @severity critical
 * @link https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
 */
export const disallowPrivileged = podPolicy({
    name: "workloads-disallow-privileged",
    description: "No container sets securityContext.privileged=true.",
    severity: "critical",
    remediationSteps:
        "Remove securityContext.privileged or set it to false; grant single capabilities instead if really needed.",
    url: "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
    check: ({ pod, what }) =>
        containersOf(pod)
            .filter((c) => field(c.container, "securityContext", "privileged") === true)
            .map(
                (c) =>
                    `${what} ${c.label} runs privileged (${c.path}.securityContext.privileged=true); set it to false.`,
            ),
});
