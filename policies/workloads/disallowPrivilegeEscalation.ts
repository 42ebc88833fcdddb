import { containersOf, field } from "../../lib/kubernetes";
import { podPolicy } from "../shared/policy";

/**
 * Every container sets allowPrivilegeEscalation=false (Pod Security Standards, restricted).
 *
 * @severity high
 * @link https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export const disallowPrivilegeEscalation = podPolicy({
    name: "workloads-disallow-privilege-escalation",
    description: "Every container sets securityContext.allowPrivilegeEscalation=false.",
    severity: "high",
    remediationSteps: "Set securityContext.allowPrivilegeEscalation=false on every container.",
    url: "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
    check: ({ pod, what }) =>
        containersOf(pod)
            .filter(
                (c) => field(c.container, "securityContext", "allowPrivilegeEscalation") !== false,
            )
            .map(
                (c) =>
                    `${what} ${c.label} allows privilege escalation (${c.path}.securityContext.allowPrivilegeEscalation is ${JSON.stringify(field(c.container, "securityContext", "allowPrivilegeEscalation") ?? "unset")}); set it to false.`,
            ),
});
