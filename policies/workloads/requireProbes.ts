import { containersOf, LONG_RUNNING_KINDS } from "../../lib/kubernetes";
import { podPolicy } from "../shared/policy";

/**
 * Long-running workloads define a readiness and a liveness probe on every (non-init) container.
 *
 * @severity medium
 * @link https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
 */
export const requireProbes = podPolicy({
    name: "workloads-require-probes",
    description:
        "Every container of a long-running workload (not Jobs or CronJobs) has a readinessProbe and a livenessProbe.",
    severity: "medium",
    remediationSteps:
        "Add readinessProbe (e.g. httpGet /ready) and livenessProbe (e.g. httpGet /health) to every container.",
    url: "https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/",
    kinds: LONG_RUNNING_KINDS,
    check: ({ pod, what }) =>
        containersOf(pod, ["containers"]).flatMap((c) =>
            (["readinessProbe", "livenessProbe"] as const)
                .filter((probe) => !c.container[probe])
                .map(
                    (probe) =>
                        `${what} ${c.label} has no ${c.path}.${probe}; add one so traffic and restarts follow the container's health.`,
                ),
        ),
});
