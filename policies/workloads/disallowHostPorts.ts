import { containersOf, field, itemsAt } from "../../lib/kubernetes";
import { podPolicy } from "../shared/policy";

/**
 * No container binds a port on the node (Pod Security Standards, baseline).
 *
 * @severity high
 * @link https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
 */
export const disallowHostPorts = podPolicy({
    name: "workloads-disallow-host-ports",
    description: "No container port sets hostPort.",
    severity: "high",
    remediationSteps: "Remove hostPort and expose the port through a Service.",
    url: "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
    check: ({ pod, what }) =>
        containersOf(pod).flatMap((c) =>
            itemsAt(c.container, "ports").flatMap((p, i) =>
                field(p, "hostPort")
                    ? [
                          `${what} ${c.label} binds node port ${field(p, "hostPort")} (${c.path}.ports[${i}].hostPort); remove it and use a Service.`,
                      ]
                    : [],
            ),
        ),
});
