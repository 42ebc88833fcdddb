import { containersOf, field } from "../../lib/kubernetes";
import { podPolicy } from "../shared/policy";

/**
 * Every container mounts its root filesystem read-only.
 *
 * @severity medium
 * @link https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
 */
export const requireReadOnlyRootFilesystem = podPolicy({
    name: "workloads-require-read-only-root-filesystem",
    description: "Every container sets securityContext.readOnlyRootFilesystem=true.",
    severity: "medium",
    remediationSteps:
        "Set securityContext.readOnlyRootFilesystem=true and mount an emptyDir where the app writes (e.g. /tmp).",
    url: "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
    check: ({ pod, what }) =>
        containersOf(pod)
            .filter((c) => field(c.container, "securityContext", "readOnlyRootFilesystem") !== true)
            .map(
                (c) =>
                    `${what} ${c.label} has a writable root filesystem (${c.path}.securityContext.readOnlyRootFilesystem is ${JSON.stringify(field(c.container, "securityContext", "readOnlyRootFilesystem") ?? "unset")}); set it to true and mount an emptyDir for scratch space.`,
            ),
});
