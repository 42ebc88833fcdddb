import { field } from "../../lib/kubernetes";
import { replicatedWorkloads } from "../shared/workloads";
import { stackPolicy } from "../shared/policy";

/**
 * A workload scaled by an HPA does not also set spec.replicas: every `pulumi up` would reset the count
 * the HPA chose.
 *
 * @severity medium
 * @link https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#migrating-deployments-and-statefulsets-to-horizontal-autoscaling
 */
export const disallowFixedReplicasWithHpa = stackPolicy({
    name: "workloads-disallow-fixed-replicas-with-hpa",
    description: "Workloads targeted by a HorizontalPodAutoscaler leave spec.replicas unset.",
    severity: "medium",
    remediationSteps:
        "Remove spec.replicas from the workload; the HPA's minReplicas sets the floor.",
    url: "https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#migrating-deployments-and-statefulsets-to-horizontal-autoscaling",
    check: (resources) =>
        replicatedWorkloads(resources)
            .filter((w) => w.hpa && field(w.object.props, "spec", "replicas") !== undefined)
            .map((w) => ({
                urn: w.object.urn,
                message: `${w.object.what} sets spec.replicas=${field(w.object.props, "spec", "replicas")} but ${w.hpa!.what} scales it; remove spec.replicas so updates do not reset the HPA's choice.`,
            })),
});
