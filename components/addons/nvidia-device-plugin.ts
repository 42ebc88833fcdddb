/**
 * The NVIDIA device plugin: advertises `nvidia.com/gpu` on GPU nodes, so pods that request GPUs can
 * schedule. Upstream chart `nvidia-device-plugin` (NVIDIA/k8s-device-plugin,
 * `deployments/helm/nvidia-device-plugin` at tag v0.18.2), one release per GPU node group.
 *
 * The chart's default node affinity selects labels set by node-feature-discovery
 * (`feature.node.kubernetes.io/pci-10de.present`, `nvidia.com/gpu.present`), which EKS GPU nodes do
 * not carry without NFD; the values replace it with the node group's own labels and tolerate exactly
 * the group's taints, both taken from the Cluster's typed node-group outputs.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import type { NodeGroupScheduling } from "../cluster/spec";
import {
    AddonScope,
    ChartSource,
    ChartWorkload,
    helmChart,
    k8sOptions,
    privilegedNamespace,
} from "./chart";

/**
 * Namespace of the device plugin: its own, labelled Pod Security `privileged` (it mounts
 * `/var/lib/kubelet/device-plugins` from the host and runs as root to write the kubelet socket).
 */
export const NVIDIA_DEVICE_PLUGIN_NAMESPACE = "nvidia-device-plugin";

/** Arguments for {@link installNvidiaDevicePlugin}. */
export interface NvidiaDevicePluginArgs {
    /** The `nvidia-device-plugin` chart. */
    readonly source: ChartSource;
    /**
     * The cluster's node groups ({@link Cluster.nodeGroups}); the plugin runs on those with `gpu`.
     *
     * @default {}
     */
    readonly nodeGroups?: Readonly<Record<string, NodeGroupScheduling>>;
}

/** The GPU node groups among `nodeGroups`, by name. */
export function gpuNodeGroups(
    nodeGroups: Readonly<Record<string, NodeGroupScheduling>>,
): [string, NodeGroupScheduling][] {
    return Object.entries(nodeGroups).filter(([, g]) => g.gpu);
}

/** Device plugin values for one GPU node group: its labels as node affinity, its taints tolerated. */
export function nvidiaDevicePluginValues(group: NodeGroupScheduling) {
    return {
        affinity: {
            nodeAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: {
                    nodeSelectorTerms: [
                        {
                            matchExpressions: Object.entries(group.labels).map(([key, value]) => ({
                                key,
                                operator: "In",
                                values: [value],
                            })),
                        },
                    ],
                },
            },
        },
        tolerations: group.taints.map((t) => ({
            key: t.key,
            operator: "Equal",
            value: t.value,
            effect: t.effect,
        })),
        resources: {
            requests: { cpu: "50m", memory: "64Mi" },
            limits: { cpu: "200m", memory: "256Mi" },
        },
        podSecurityContext: { seccompProfile: { type: "RuntimeDefault" } },
        // The chart's own default for this configuration (_helpers.tpl
        // "nvidia-device-plugin.securityContext"), spelt out so it cannot change under us.
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
    };
}

/**
 * The DaemonSet the chart renders (templates/daemonset-device-plugin.yml) with these values: host
 * paths for the kubelet's device-plugin socket, MPS and CDI directories, root, no probes (the chart
 * has none); exempted by namespace in the policy config.
 */
export function nvidiaDevicePluginWorkload(
    group: string,
    values: ReturnType<typeof nvidiaDevicePluginValues>,
    version: string,
): ChartWorkload {
    return {
        kind: "DaemonSet",
        name: `nvidia-device-plugin-${group}`,
        namespace: NVIDIA_DEVICE_PLUGIN_NAMESPACE,
        labels: { "app.kubernetes.io/name": "nvidia-device-plugin" },
        podSpec: {
            priorityClassName: "system-node-critical",
            securityContext: values.podSecurityContext,
            affinity: values.affinity,
            tolerations: values.tolerations,
            containers: [
                {
                    name: "nvidia-device-plugin-ctr",
                    image: `nvcr.io/nvidia/k8s-device-plugin:v${version}`,
                    securityContext: values.securityContext,
                    resources: values.resources,
                },
            ],
            volumes: [
                {
                    name: "kubelet-device-plugins-dir",
                    hostPath: { path: "/var/lib/kubelet/device-plugins", type: "Directory" },
                },
                { name: "mps-root", hostPath: { path: "/run/nvidia/mps" } },
                { name: "mps-shm", hostPath: { path: "/run/nvidia/mps/shm" } },
                { name: "cdi-root", hostPath: { path: "/var/run/cdi" } },
            ],
        },
    };
}

/**
 * Installs the privileged namespace and one device-plugin release per GPU node group. Returns what
 * GPU workloads must wait for (empty when disabled or without GPU node groups).
 */
export function installNvidiaDevicePlugin(
    scope: AddonScope,
    args: NvidiaDevicePluginArgs,
): pulumi.Resource[] {
    const groups = gpuNodeGroups(args.nodeGroups ?? {});
    if (!args.source.enabled || groups.length === 0) {
        return [];
    }
    const ns = new k8s.core.v1.Namespace(
        `${scope.name}-nvidia-device-plugin`,
        privilegedNamespace(NVIDIA_DEVICE_PLUGIN_NAMESPACE),
        k8sOptions(scope),
    );
    return groups.map(([group, scheduling]) =>
        helmChart(
            scope,
            `nvidia-device-plugin-${group}`,
            args.source,
            "nvidia-device-plugin",
            NVIDIA_DEVICE_PLUGIN_NAMESPACE,
            nvidiaDevicePluginValues(scheduling),
            [ns],
        ),
    );
}
