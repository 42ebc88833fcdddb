import { containersOf, field, itemsAt } from "../../lib/kubernetes";
import { podPolicy } from "../shared/policy";

interface Config {
    readonly allowedCapabilities: string[];
}

/**
 * Every container drops ALL capabilities and adds back only allowed ones (Pod Security Standards,
 * restricted: only NET_BIND_SERVICE).
 *
 * @severity high
 * @link https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export const requireDropAllCapabilities = podPolicy<Config>({
    name: "workloads-require-drop-all-capabilities",
    description: "Every container drops ALL Linux capabilities and adds back only allowed ones.",
    severity: "high",
    remediationSteps:
        "Set securityContext.capabilities.drop: [ALL]; add back only NET_BIND_SERVICE when a port below 1024 is needed.",
    url: "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
    configSchema: {
        properties: {
            allowedCapabilities: {
                type: "array",
                items: { type: "string" },
                default: ["NET_BIND_SERVICE"],
                description: "Capabilities containers may add back.",
            },
        },
    },
    check: ({ pod, what, config }) =>
        containersOf(pod).flatMap((c) => {
            const caps = field(c.container, "securityContext", "capabilities");
            const drop = itemsAt(caps, "drop").map((x) => String(x).toUpperCase());
            const added = itemsAt(caps, "add").map((x) =>
                String(x).toUpperCase().replace(/^CAP_/, ""),
            );
            const messages: string[] = [];
            if (!drop.includes("ALL")) {
                messages.push(
                    `${what} ${c.label} does not drop ALL capabilities (${c.path}.securityContext.capabilities.drop is ${JSON.stringify(field(caps, "drop") ?? [])}); set drop: [ALL].`,
                );
            }
            for (const cap of added.filter((x) => !config.allowedCapabilities.includes(x))) {
                messages.push(
                    `${what} ${c.label} adds capability ${cap} (${c.path}.securityContext.capabilities.add); only ${config.allowedCapabilities.join(", ") || "none"} may be added.`,
                );
            }
            return messages;
        }),
});
