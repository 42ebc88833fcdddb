import { itemsAt } from "../../lib/kubernetes";
import { resourcePolicy } from "../shared/policy";

interface Config {
    readonly requiredLogTypes: string[];
}

/**
 * EKS sends every required control-plane log type to CloudWatch (default: all five).
 *
 * @severity medium
 * @link https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html
 */
export const requireControlPlaneLogging = resourcePolicy<Config>({
    name: "eks-require-control-plane-logging",
    description:
        "EKS clusters enable the required control-plane log types (default: api, audit, authenticator, controllerManager, scheduler).",
    severity: "medium",
    remediationSteps: "Set enabledClusterLogTypes to all five types.",
    url: "https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html",
    types: ["eks:index:Cluster", "aws:eks/cluster:Cluster"],
    configSchema: {
        properties: {
            requiredLogTypes: {
                type: "array",
                items: { type: "string" },
                default: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
                description: "Log types that must be enabled.",
            },
        },
    },
    check: (props, _type, name, config) => {
        const enabled = itemsAt(props, "enabledClusterLogTypes");
        const missing = config.requiredLogTypes.filter((t) => !enabled.includes(t));
        return missing.length === 0
            ? []
            : [
                  `EKS cluster '${name}' enabledClusterLogTypes is ${JSON.stringify(enabled)}, missing ${missing.join(", ")}; enable them.`,
              ];
    },
});
