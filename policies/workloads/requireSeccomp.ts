import { containersOf, field } from "../../lib/kubernetes";
import { podPolicy } from "../shared/policy";

const ALLOWED = ["RuntimeDefault", "Localhost"];

/**
 * Every container runs with the RuntimeDefault (or a Localhost) seccomp profile, set on the pod or the
 * container (Pod Security Standards, restricted).
 *
 * @severity medium
 * @link https://kubernetes.io/docs/tutorials/security/seccomp/
 */
export const requireSeccomp = podPolicy({
    name: "workloads-require-seccomp",
    description:
        "Every container runs with seccompProfile RuntimeDefault or Localhost (pod or container level).",
    severity: "medium",
    remediationSteps: "Set spec.securityContext.seccompProfile.type=RuntimeDefault on the pod.",
    url: "https://kubernetes.io/docs/tutorials/security/seccomp/",
    check: ({ pod, what }) => {
        const podType = field(pod.spec, "securityContext", "seccompProfile", "type");
        return containersOf(pod).flatMap((c) => {
            const type = field(c.container, "securityContext", "seccompProfile", "type") ?? podType;
            return (ALLOWED as readonly unknown[]).includes(type)
                ? []
                : [
                      `${what} ${c.label} has seccomp profile ${JSON.stringify(type ?? "unset")} (${pod.path}.securityContext.seccompProfile.type); use RuntimeDefault.`,
                  ];
        });
    },
});
