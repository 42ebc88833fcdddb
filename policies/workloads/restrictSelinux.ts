import { field, securityContextsOf } from "../../lib/kubernetes";
import { podPolicy } from "../shared/policy";

/**
 * SELinux types a pod may ask for (empty means the runtime's default). `container_engine_t` was added
 * in Kubernetes 1.31 (the PSS page); the clusters run 1.31 or newer.
 */
export const SELINUX_TYPES = [
    "",
    "container_t",
    "container_init_t",
    "container_kvm_t",
    "container_engine_t",
];

/**
 * No custom SELinux user or role, and only the container SELinux types (Pod Security Standards,
 * baseline, "SELinux"), on the pod and every container. As in pod-security-admission
 * `policy/check_seLinuxOptions.go`, with the 1.31 type list of the PSS page.
 *
 * @severity high
 * @link https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
 */
export const restrictSelinux = podPolicy({
    name: "workloads-restrict-selinux",
    description:
        "seLinuxOptions set no user or role, and type only container_t, container_init_t, container_kvm_t or container_engine_t.",
    severity: "high",
    remediationSteps:
        "Remove seLinuxOptions.user and .role, and leave seLinuxOptions.type unset (or one of the container types).",
    url: "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
    check: ({ pod, what }) =>
        securityContextsOf(pod, what).flatMap((r) => {
            const opts = r.securityContext.seLinuxOptions;
            if (!opts) {
                return [];
            }
            const messages: string[] = [];
            const type = field(opts, "type");
            if (type !== undefined && !(SELINUX_TYPES as unknown[]).includes(type)) {
                messages.push(
                    `${r.who} sets SELinux type ${JSON.stringify(type)} (${r.path}.seLinuxOptions.type); allowed: ${SELINUX_TYPES.filter((t) => t).join(", ")} or unset.`,
                );
            }
            for (const key of ["user", "role"] as const) {
                if (field(opts, key)) {
                    messages.push(
                        `${r.who} sets a custom SELinux ${key} ${JSON.stringify(field(opts, key))} (${r.path}.seLinuxOptions.${key}); remove it.`,
                    );
                }
            }
            return messages;
        }),
});
