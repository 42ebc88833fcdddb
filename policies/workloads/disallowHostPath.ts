import { field, itemsAt } from "../../lib/kubernetes";
import { podPolicy } from "../shared/policy";

/**
 * Pods mount no hostPath volumes (Pod Security Standards, baseline).
 *
 * @severity high
 * @link https://kubernetes.io/docs/concepts/storage/volumes/#hostpath
 */
export const disallowHostPath = podPolicy({
    name: "workloads-disallow-host-path",
    description: "Pods mount no hostPath volumes.",
    severity: "high",
    remediationSteps:
        "Replace hostPath volumes with emptyDir, a ConfigMap/Secret, or a PersistentVolumeClaim.",
    url: "https://kubernetes.io/docs/concepts/storage/volumes/#hostpath",
    check: ({ pod, what }) =>
        itemsAt(pod.spec, "volumes").flatMap((v, i) =>
            field(v, "hostPath")
                ? [
                      `${what} mounts the node path ${JSON.stringify(field(v, "hostPath", "path"))} (${pod.path}.volumes[${i}].hostPath, volume '${field(v, "name")}'); use emptyDir, a ConfigMap or a PVC.`,
                  ]
                : [],
        ),
});
