import { field, securityContextsOf } from "../../lib/kubernetes";
import { podPolicy } from "../shared/policy";

/**
 * No Windows HostProcess pods or containers (Pod Security Standards, baseline, "HostProcess"):
 * `securityContext.windowsOptions.hostProcess` is unset or false on the pod and on every container,
 * init and ephemeral containers included. Field paths and allowed values as in Kubernetes'
 * pod-security-admission `policy/check_windowsHostProcess.go`.
 *
 * @severity high
 * @link https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
 */
export const disallowHostProcess = podPolicy({
    name: "workloads-disallow-host-process",
    description:
        "No pod or container runs as a Windows HostProcess (windowsOptions.hostProcess unset or false).",
    severity: "high",
    remediationSteps:
        "Remove securityContext.windowsOptions.hostProcess (or set it to false) on the pod and its containers.",
    url: "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
    check: ({ pod, what }) =>
        securityContextsOf(pod, what)
            .filter((r) => field(r.securityContext, "windowsOptions", "hostProcess") === true)
            .map(
                (r) =>
                    `${r.who} runs as a Windows HostProcess with full access to the node (${r.path}.windowsOptions.hostProcess=true); remove it.`,
            ),
});
