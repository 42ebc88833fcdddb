import { field, itemsAt } from "../../lib/kubernetes";
import { podPolicy } from "../shared/policy";

/**
 * Inline volume sources the restricted profile allows (pod-security-admission
 * `policy/check_restrictedVolumes.go`); everything else, hostPath included, must come through a
 * PersistentVolume.
 */
export const RESTRICTED_VOLUME_TYPES = [
    "configMap",
    "csi",
    "downwardAPI",
    "emptyDir",
    "ephemeral",
    "persistentVolumeClaim",
    "projected",
    "secret",
];

/**
 * Pods use only the volume types of the Pod Security Standards' restricted profile ("Volume Types").
 *
 * @severity medium
 * @link https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export const restrictVolumeTypes = podPolicy({
    name: "workloads-restrict-volume-types",
    description: `Pods use only ${RESTRICTED_VOLUME_TYPES.join(", ")} volumes.`,
    severity: "medium",
    remediationSteps:
        "Replace the volume with one of the allowed types (a PersistentVolumeClaim for storage, a ConfigMap or Secret for files).",
    url: "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
    check: ({ pod, what }) =>
        itemsAt(pod.spec, "volumes").flatMap((v, i) => {
            const sources = Object.keys(Object(v ?? {})).filter((k) => k !== "name");
            if (sources.some((k) => RESTRICTED_VOLUME_TYPES.includes(k))) {
                return [];
            }
            const type = sources.length > 0 ? sources.join(", ") : "no source";
            return [
                `${what} uses volume '${String(field(v, "name") ?? i)}' of type ${type} (${pod.path}.volumes[${i}]); allowed: ${RESTRICTED_VOLUME_TYPES.join(", ")}.`,
            ];
        }),
});
