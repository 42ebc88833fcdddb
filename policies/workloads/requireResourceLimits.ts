import { containersOf, field, parseQuantity } from "../../lib/kubernetes";
import { podPolicy } from "../shared/policy";

interface Config {
    readonly requireCpuLimit: boolean;
    readonly maxCpu: string;
    readonly maxMemory: string;
}

/**
 * Every container sets cpu and memory requests and limits, limits are not below requests, and limits
 * stay under the configured maximums.
 *
 * @severity high
 * @link https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
 */
export const requireResourceLimits = podPolicy<Config>({
    name: "workloads-require-resource-limits",
    description:
        "Every container, init container and ephemeral container sets requests and limits for cpu and memory, with limits >= requests and within the maximums.",
    severity: "high",
    remediationSteps:
        "Set resources.requests.cpu, resources.requests.memory, resources.limits.cpu and resources.limits.memory on every container; keep limits >= requests and <= the pack's maximums.",
    url: "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
    configSchema: {
        properties: {
            requireCpuLimit: {
                type: "boolean",
                default: true,
                description: "Require limits.cpu (kube-score's default).",
            },
            maxCpu: { type: "string", default: "4", description: "Largest allowed limits.cpu." },
            maxMemory: {
                type: "string",
                default: "8Gi",
                description: "Largest allowed limits.memory.",
            },
        },
    },
    check: ({ pod, what, config }) => {
        const messages: string[] = [];
        for (const c of containersOf(pod)) {
            const r = c.container.resources;
            const fields: [string, unknown][] = [
                ["requests.cpu", field(r, "requests", "cpu")],
                ["requests.memory", field(r, "requests", "memory")],
                ["limits.cpu", field(r, "limits", "cpu")],
                ["limits.memory", field(r, "limits", "memory")],
            ];
            for (const [name, value] of fields) {
                if (name === "limits.cpu" && !config.requireCpuLimit) {
                    continue;
                }
                if (value === undefined || value === null) {
                    messages.push(
                        `${what} ${c.label} has no ${c.path}.resources.${name}; set cpu and memory requests and limits.`,
                    );
                } else if (parseQuantity(value) === undefined) {
                    messages.push(
                        `${what} ${c.label} ${c.path}.resources.${name} is ${JSON.stringify(value)}, not a Kubernetes quantity (e.g. 500m, 1, 256Mi).`,
                    );
                }
            }
            for (const resource of ["cpu", "memory"] as const) {
                const requested = field(r, "requests", resource);
                const limited = field(r, "limits", resource);
                const request = parseQuantity(requested);
                const limit = parseQuantity(limited);
                if (request !== undefined && limit !== undefined && limit < request) {
                    messages.push(
                        `${what} ${c.label} ${c.path}.resources.limits.${resource} (${limited}) is below requests.${resource} (${requested}); raise the limit to at least the request.`,
                    );
                }
                const max = resource === "cpu" ? config.maxCpu : config.maxMemory;
                if (limit !== undefined && limit > (parseQuantity(max) ?? Infinity)) {
                    messages.push(
                        `${what} ${c.label} ${c.path}.resources.limits.${resource} (${limited}) exceeds the maximum ${max}; lower it or split the workload.`,
                    );
                }
            }
        }
        return messages;
    },
});
