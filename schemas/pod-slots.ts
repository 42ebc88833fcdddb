/**
 * Pod slots per node (issue principle "units and ranges come from the APIs"): a node runs at most
 * `maxPods` pods, the VPC CNI's limit for its instance type (lib/aws/max-pods.ts), DaemonSets
 * included. A node group whose nodes at maximum size cannot hold the platform's DaemonSets on every
 * node plus the pods the config places on it at maximum replicas is an error in production and a
 * warning elsewhere.
 *
 * The DaemonSets are those the add-on models run (components/addons/workloads.ts, the EKS managed
 * add-ons of tools/offline/managed-workloads.ts); tests/schemas/pod-slots.spec.ts checks this list
 * against the models' placement for both stacks.
 */
import { ENI_LIMITS, maxPodsOf } from "../lib/aws/max-pods";
import { ownValue } from "../lib/records";
import type { CapacityFinding } from "./capacity-finding";
import { INSTANCE_TYPES } from "./instance-types";

interface Taint {
    readonly effect: string;
}
interface Group {
    readonly instanceTypes: readonly string[];
    readonly maxSize: number;
    readonly gpu?: boolean;
    readonly taints: readonly Taint[];
}
interface Enabled {
    readonly enabled: boolean;
}
/** The parts of the config that decide pods per node. */
export interface PodSlotConfig {
    readonly cluster: { readonly nodeGroups: Readonly<Record<string, Group>> };
    readonly addons: {
        readonly istio: Enabled;
        readonly ebsCsiDriver: Enabled;
        readonly monitoring: Enabled;
        readonly logging: Enabled;
        readonly nvidiaDevicePlugin: Enabled;
    };
}

/** A DaemonSet the platform runs, and whether it runs on a group. */
interface PlatformDaemonSet {
    readonly name: string;
    readonly runsOn: (c: PodSlotConfig, g: Group) => boolean;
}

const always = () => true;
const hardTaints = (g: Group) => g.taints.filter((t) => t.effect !== "PreferNoSchedule");

/**
 * The platform's DaemonSets: aws-node and kube-proxy (EKS), ebs-csi-node, istio-cni-node, Fluent Bit
 * and the NVIDIA device plugin tolerate every taint of their nodes; node-exporter tolerates
 * `NoSchedule` only (kube-prometheus-stack's prometheus-node-exporter values).
 */
export const PLATFORM_DAEMONSETS: readonly PlatformDaemonSet[] = [
    { name: "aws-node", runsOn: always },
    { name: "kube-proxy", runsOn: always },
    { name: "ebs-csi-node", runsOn: (c) => c.addons.ebsCsiDriver.enabled },
    { name: "istio-cni-node", runsOn: (c) => c.addons.istio.enabled },
    { name: "fluent-bit", runsOn: (c) => c.addons.logging.enabled },
    {
        name: "node-exporter",
        runsOn: (c, g) =>
            c.addons.monitoring.enabled && hardTaints(g).every((t) => t.effect === "NoSchedule"),
    },
    {
        name: "nvidia-device-plugin",
        runsOn: (c, g) => c.addons.nvidiaDevicePlugin.enabled && g.gpu === true,
    },
];

/** Names of the platform's DaemonSets on every node of a group. */
export function daemonSetsOn(c: PodSlotConfig, group: Group): string[] {
    return PLATFORM_DAEMONSETS.filter((d) => d.runsOn(c, group)).map((d) => d.name);
}

/** The smallest `maxPods` of a group's types, with the type; undefined when a type is unknown. */
function podsPerNode(g: Group): { type: string; pods: number } | undefined {
    const rows = g.instanceTypes.map((type) => ({
        type,
        pods: maxPodsOf(type, ownValue(INSTANCE_TYPES, type)?.vcpu ?? 0),
    }));
    if (rows.length === 0 || rows.some((r) => r.pods === undefined)) {
        return undefined; // unknown types are refused by the node group schema
    }
    const smallest = [...rows].sort((a, b) => a.pods! - b.pods!)[0];
    return { type: smallest.type, pods: smallest.pods! };
}

/** How `maxPods` of a type comes about, for messages. */
function formula(type: string, pods: number): string {
    const l = ENI_LIMITS.get(type)!;
    const raw = l.enis * (l.ipv4PerEni - 1) + 2;
    return `${l.enis} ENIs x (${l.ipv4PerEni} IPv4 addresses - 1) + 2${raw > pods ? `, capped at ${pods} for managed node groups` : ""}`;
}

/**
 * Pod slot findings, given the pods the config places on each group at maximum replicas (`placed`,
 * by group name).
 */
export function podSlotFindings(
    c: PodSlotConfig,
    placed: ReadonlyMap<string, { readonly pods: number; readonly names: readonly string[] }>,
    production: boolean,
): CapacityFinding[] {
    const findings: CapacityFinding[] = [];
    for (const [name, g] of Object.entries(c.cluster.nodeGroups)) {
        const node = podsPerNode(g);
        const load = placed.get(name);
        if (!node || !load || load.pods === 0) {
            continue;
        }
        const daemons = daemonSetsOn(c, g);
        const why = `${node.type} holds at most ${node.pods} pods per node (VPC CNI: ${formula(node.type, node.pods)})`;
        const needed = daemons.length * g.maxSize + load.pods;
        if (needed > node.pods * g.maxSize) {
            findings.push({
                path: ["cluster", "nodeGroups", name, "maxSize"],
                message:
                    `must give node group ${name} the pod slots of its maximum: ${why}, so ${g.maxSize} nodes hold ${node.pods * g.maxSize}, but ${daemons.length} DaemonSet pods per node and ${load.pods} pods at maximum replicas (${load.names.join(", ")}) need ${needed}; raise maxSize or use an instance type with more ENIs` +
                    (production ? "" : " (a warning outside production)"),
                input: g.maxSize,
                severity: production ? "error" : "warning",
            });
        }
    }
    return findings;
}
