import { field, itemsAt } from "../../lib/kubernetes";
import { resourcePolicy } from "../shared/policy";

interface Config {
    readonly allowPublicEndpoint: boolean;
}

const OPEN: readonly unknown[] = ["0.0.0.0/0", "::/0"];

/**
 * The EKS API endpoint is private; a public endpoint, where allowed, is limited to listed CIDRs and never
 * open to the internet.
 *
 * @severity critical
 * @link https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html
 */
export const restrictPublicEndpoint = resourcePolicy<Config>({
    name: "eks-restrict-public-endpoint",
    description:
        "EKS clusters enable the private endpoint; the public endpoint is off, or (where allowed) limited to CIDRs other than 0.0.0.0/0 and ::/0.",
    severity: "critical",
    remediationSteps:
        "Set endpointPrivateAccess: true and endpointPublicAccess: false, or list office/VPN CIDRs in publicAccessCidrs.",
    url: "https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html",
    types: ["eks:index:Cluster", "aws:eks/cluster:Cluster"],
    configSchema: {
        properties: {
            allowPublicEndpoint: {
                type: "boolean",
                default: true,
                description: "Allow a CIDR-limited public endpoint.",
            },
        },
    },
    check: (props, type, name, config) => {
        const v = type === "eks:index:Cluster" ? props : field(props, "vpcConfig");
        const messages: string[] = [];
        if (field(v, "endpointPrivateAccess") !== true) {
            messages.push(
                `EKS cluster '${name}' endpointPrivateAccess is ${JSON.stringify(field(v, "endpointPrivateAccess") ?? "unset")}; set it to true so nodes reach the API privately.`,
            );
        }
        // Both the component and the AWS API default the public endpoint to on.
        if (field(v, "endpointPublicAccess") !== false) {
            const cidrs = itemsAt(v, "publicAccessCidrs");
            if (!config.allowPublicEndpoint) {
                messages.push(
                    `EKS cluster '${name}' endpointPublicAccess is ${JSON.stringify(field(v, "endpointPublicAccess") ?? "unset (defaults to true)")}; this stack allows no public endpoint, set it to false.`,
                );
            } else if (cidrs.length === 0 || cidrs.some((c) => OPEN.includes(c))) {
                messages.push(
                    `EKS cluster '${name}' has a public endpoint open to the internet (publicAccessCidrs ${JSON.stringify(cidrs.length === 0 ? "unset (defaults to 0.0.0.0/0)" : cidrs)}); list office/VPN CIDRs or turn it off.`,
                );
            }
        }
        return messages;
    },
});
