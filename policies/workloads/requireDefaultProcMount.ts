import { containersOf, field } from "../../lib/kubernetes";
import { podPolicy } from "../shared/policy";

/**
 * Containers keep the default /proc masks (Pod Security Standards, baseline, "/proc Mount Type"):
 * `securityContext.procMount` is unset or `Default` on every container, init and ephemeral included.
 * (Kubernetes 1.35 relaxes the baseline check for pods with `hostUsers: false`; the restricted profile
 * and the clusters' versions do not, see pod-security-admission `policy/check_procMount_baseline.go`.)
 *
 * @severity high
 * @link https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
 */
export const requireDefaultProcMount = podPolicy({
    name: "workloads-require-default-proc-mount",
    description: "Every container's procMount is unset or Default.",
    severity: "high",
    remediationSteps: "Remove securityContext.procMount (or set it to Default).",
    url: "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
    check: ({ pod, what }) =>
        containersOf(pod).flatMap((c) => {
            const procMount = field(c.container, "securityContext", "procMount");
            return procMount === undefined || procMount === "Default"
                ? []
                : [
                      `${what} ${c.label} unmasks /proc (${c.path}.securityContext.procMount=${JSON.stringify(procMount)}); remove it or use Default.`,
                  ];
        }),
});
