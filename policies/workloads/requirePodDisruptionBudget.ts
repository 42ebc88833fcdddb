import { field } from "../../lib/kubernetes";
import { resolveIntOrPercent, replicatedWorkloads } from "../shared/workloads";
import { stackPolicy, StackFinding } from "../shared/policy";

/**
 * Every replicated workload (more than one replica, or HPA-managed) has a PodDisruptionBudget that
 * selects its pods and is consistent with its replica range: it never blocks every eviction (node
 * drains would hang) and never lets every replica go at once.
 *
 * @severity medium
 * @link https://kubernetes.io/docs/tasks/run-application/configure-pdb/
 */
export const requirePodDisruptionBudget = stackPolicy({
    name: "workloads-require-pod-disruption-budget",
    description:
        "Replicated workloads have a PodDisruptionBudget selecting their pods that allows at least one and at most (replicas - 1) voluntary disruptions at the lowest replica count.",
    severity: "medium",
    remediationSteps:
        "Add a PodDisruptionBudget with the workload's pod selector and maxUnavailable: 1 (or minAvailable below the HPA's minReplicas).",
    url: "https://kubernetes.io/docs/tasks/run-application/configure-pdb/",
    check: (resources) => {
        const findings: StackFinding[] = [];
        for (const w of replicatedWorkloads(resources)) {
            const lowest = w.hpa
                ? (field(w.hpa.props, "spec", "minReplicas") ?? 1)
                : field(w.object.props, "spec", "replicas");
            if (!w.hpa && typeof lowest === "number" && lowest <= 1) {
                continue;
            }
            const what = w.object.what;
            if (w.pdbs.length === 0) {
                findings.push({
                    urn: w.object.urn,
                    message: `${what} runs ${w.hpa ? `${lowest}+ replicas under an HPA` : `${lowest ?? "an unset number of"} replicas`} without a PodDisruptionBudget selecting its pods ${JSON.stringify(w.pod.labels)}; add one with maxUnavailable: 1.`,
                });
                continue;
            }
            const count = typeof lowest === "number" ? lowest : 1;
            for (const pdb of w.pdbs) {
                const minAvailable = field(pdb.props, "spec", "minAvailable");
                const maxUnavailable = field(pdb.props, "spec", "maxUnavailable");
                if (minAvailable !== undefined) {
                    const min = resolveIntOrPercent(minAvailable, count);
                    if (min !== undefined && min >= count) {
                        findings.push({
                            urn: pdb.urn,
                            message: `${pdb.what} spec.minAvailable=${JSON.stringify(minAvailable)} blocks every eviction of ${what} at ${count} replica(s); use a value below ${count} or maxUnavailable: 1.`,
                        });
                    } else if (min === 0) {
                        findings.push({
                            urn: pdb.urn,
                            message: `${pdb.what} spec.minAvailable=${JSON.stringify(minAvailable)} lets every replica of ${what} go at once; require at least 1.`,
                        });
                    }
                }
                if (maxUnavailable !== undefined) {
                    const max = resolveIntOrPercent(maxUnavailable, count);
                    if (max === 0) {
                        findings.push({
                            urn: pdb.urn,
                            message: `${pdb.what} spec.maxUnavailable=${JSON.stringify(maxUnavailable)} blocks every eviction of ${what} (node drains hang); allow at least 1.`,
                        });
                    } else if (max !== undefined && max >= count) {
                        findings.push({
                            urn: pdb.urn,
                            message: `${pdb.what} spec.maxUnavailable=${JSON.stringify(maxUnavailable)} lets all ${count} replica(s) of ${what} go at once; use a value below ${count}.`,
                        });
                    }
                }
            }
        }
        return findings;
    },
});
