import { securityContextsOf } from "../../lib/kubernetes";
import { podPolicy } from "../shared/policy";

/**
 * No pod or container sets `runAsUser: 0` (Pod Security Standards, restricted, "Running as Non-root
 * user"), init and ephemeral containers included; unset or any other uid passes. As in
 * pod-security-admission `policy/check_runAsUser.go`.
 *
 * @severity high
 * @link https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export const disallowRootUser = podPolicy({
    name: "workloads-disallow-root-user",
    description: "No pod or container sets runAsUser to 0.",
    severity: "high",
    remediationSteps: "Set runAsUser to a non-zero uid (the image's user) or leave it unset.",
    url: "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
    check: ({ pod, what }) =>
        securityContextsOf(pod, what)
            .filter((r) => r.securityContext.runAsUser === 0)
            .map((r) => `${r.who} runs as user 0 (${r.path}.runAsUser=0); use a non-zero uid.`),
});
