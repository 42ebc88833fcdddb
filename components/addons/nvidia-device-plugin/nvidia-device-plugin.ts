/**
 * The NVIDIA device plugin: advertises `nvidia.com/gpu` on GPU nodes, so pods that request GPUs can
 * schedule. Upstream chart `nvidia-device-plugin` (NVIDIA/k8s-device-plugin,
 * `deployments/helm/nvidia-device-plugin` at tag v0.18.2), one release per GPU node group.
 *
 * The chart's default node affinity selects labels set by node-feature-discovery
 * (`feature.node.kubernetes.io/pci-10de.present`, `nvidia.com/gpu.present`), which EKS GPU nodes do
 * not carry without NFD; the values replace it with the node group's own labels and tolerate exactly
 * the group's taints, both taken from the Cluster's typed node-group outputs.
 *
 * The chart also renders an MPS control daemon (privileged, `hostPID`) with no value to turn it off;
 * MPS is not used here, so a post-renderer drops it ({@link nvidiaMpsControlDaemonWorkload}).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import type { NodeGroupScheduling } from "../../cluster/spec";
import {
    AddonScope,
    ChartSource,
    ChartWorkload,
    helmChart,
    k8sOptions,
    privilegedNamespace,
} from "../core/chart";
import { PostRenderer, withoutTemplates } from "../core/post-renderer";
import * as NS from "../core/namespaces";

/**
 * Namespace of the device plugin: its own, labelled Pod Security `privileged` (it mounts
 * `/var/lib/kubelet/device-plugins` from the host and runs as root to write the kubelet socket).
 */
export const NVIDIA_DEVICE_PLUGIN_NAMESPACE = NS.NVIDIA_DEVICE_PLUGIN_NAMESPACE;

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

/** The chart's pod labels (`nvidia-device-plugin.templateLabels`, `_helpers.tpl`). */
function podLabels(release: string): Record<string, string> {
    return {
        "app.kubernetes.io/name": "nvidia-device-plugin",
        "app.kubernetes.io/instance": release,
    };
}

/** The chart's MPS directories on the host (values.yaml `mps.root`). */
const MPS_ROOT = "/run/nvidia/mps";

/**
 * The device plugin DaemonSet the chart renders (templates/daemonset-device-plugin.yml, named after
 * the release) with these values: host paths for the kubelet's device-plugin socket, the MPS and CDI
 * directories, root, no probes (the chart has none); exempted by namespace in the policy config.
 *
 * Checked against nvidia-device-plugin 0.18.2 rendered with helm template and the production values
 * (staging has no GPU node group, so no release).
 */
export function nvidiaDevicePluginWorkload(
    release: string,
    values: ReturnType<typeof nvidiaDevicePluginValues>,
    version: string,
): ChartWorkload {
    return {
        kind: "DaemonSet",
        name: release,
        namespace: NVIDIA_DEVICE_PLUGIN_NAMESPACE,
        labels: podLabels(release),
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
                { name: "mps-root", hostPath: { path: MPS_ROOT, type: "DirectoryOrCreate" } },
                { name: "mps-shm", hostPath: { path: `${MPS_ROOT}/shm` } },
                { name: "cdi-root", hostPath: { path: "/var/run/cdi", type: "DirectoryOrCreate" } },
            ],
        },
    };
}

/**
 * The chart template of the MPS control daemon. Chart 0.18.2 renders it whenever the device plugin is
 * on (`devicePlugin.enabled`, the same switch as the plugin itself; no value turns it off alone).
 */
export const MPS_CONTROL_DAEMON_TEMPLATE =
    "nvidia-device-plugin/templates/daemonset-mps-control-daemon.yml";

/**
 * The MPS control daemon DaemonSet chart 0.18.2 also renders (templates/daemonset-mps-control-daemon.yml,
 * `<release>-mps-control-daemon`): a privileged init container and a privileged daemon, `hostPID`
 * (`mps.enableHostPID`, default true) and the MPS host directories. It only ever schedules on nodes
 * labelled `nvidia.com/mps.capable=true`, which gpu-feature-discovery sets for a GPU-sharing config
 * with MPS; the platform configures no sharing (no `config` map) and runs no gpu-feature-discovery,
 * so MPS is not used, and {@link nvidiaDevicePluginPostRenderer} drops this object. Modelled so tests
 * show what the pack would say about it.
 *
 * Checked against nvidia-device-plugin 0.18.2 rendered with helm template and the production values.
 */
export function nvidiaMpsControlDaemonWorkload(
    release: string,
    values: ReturnType<typeof nvidiaDevicePluginValues>,
    version: string,
): ChartWorkload {
    const image = `nvcr.io/nvidia/k8s-device-plugin:v${version}`;
    return {
        kind: "DaemonSet",
        name: `${release}-mps-control-daemon`,
        namespace: NVIDIA_DEVICE_PLUGIN_NAMESPACE,
        labels: podLabels(release),
        podSpec: {
            priorityClassName: "system-node-critical",
            securityContext: values.podSecurityContext,
            hostPID: true,
            initContainers: [
                {
                    name: "mps-control-daemon-mounts",
                    image,
                    securityContext: { privileged: true },
                    resources: values.resources,
                },
            ],
            containers: [
                {
                    name: "mps-control-daemon-ctr",
                    image,
                    securityContext: { privileged: true },
                    resources: values.resources,
                },
            ],
            volumes: [
                { name: "mps-root", hostPath: { path: MPS_ROOT, type: "DirectoryOrCreate" } },
                { name: "mps-shm", hostPath: { path: `${MPS_ROOT}/shm` } },
            ],
            nodeSelector: { "nvidia.com/mps.capable": "true" },
            affinity: values.affinity,
            tolerations: values.tolerations,
        },
    };
}

/** The id of the device-plugin release of one GPU node group (`<ClusterAddons>-<id>` is its name). */
export function nvidiaDevicePluginReleaseId(group: string): string {
    return `nvidia-device-plugin-${group}`;
}

/** The post-renderer of every device-plugin release: drops the unused MPS control daemon. */
export function nvidiaDevicePluginPostRenderer(): PostRenderer {
    return withoutTemplates([MPS_CONTROL_DAEMON_TEMPLATE]);
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
            nvidiaDevicePluginReleaseId(group),
            args.source,
            "nvidia-device-plugin",
            NVIDIA_DEVICE_PLUGIN_NAMESPACE,
            nvidiaDevicePluginValues(scheduling),
            [ns],
            { postRenderer: nvidiaDevicePluginPostRenderer() },
        ),
    );
}
