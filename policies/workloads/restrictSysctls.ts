import { field, itemsAt } from "../../lib/kubernetes";
import { podPolicy } from "../shared/policy";

/**
 * The safe sysctls of the Pod Security Standards (baseline, "Sysctls"): namespaced and isolated from
 * other pods. The first five since 1.0, `ip_local_reserved_ports` since 1.27 and the TCP keepalive and
 * FIN timeout ones since 1.29 (PSS page; pod-security-admission `policy/check_sysctls.go`).
 */
export const SAFE_SYSCTLS = [
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
];

/**
 * Pods set only safe sysctls (Pod Security Standards, baseline, "Sysctls"):
 * `spec.securityContext.sysctls[*].name` in {@link SAFE_SYSCTLS}.
 *
 * @severity high
 * @link https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
 */
export const restrictSysctls = podPolicy({
    name: "workloads-restrict-sysctls",
    description: "Pods set only the safe sysctls of the Pod Security Standards.",
    severity: "high",
    remediationSteps:
        "Remove the sysctl from spec.securityContext.sysctls, or set it on the nodes (launch template) if every pod needs it.",
    url: "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
    check: ({ pod, what }) =>
        itemsAt(pod.spec, "securityContext", "sysctls").flatMap((s, i) =>
            (SAFE_SYSCTLS as unknown[]).includes(field(s, "name"))
                ? []
                : [
                      `${what} sets the unsafe sysctl ${JSON.stringify(field(s, "name"))} (${pod.path}.securityContext.sysctls[${i}].name); allowed: ${SAFE_SYSCTLS.join(", ")}.`,
                  ],
        ),
});
