/**
 * Schema of the `addons` config key: Helm-installed cluster services, each pinned per stack.
 */
import { z } from "zod";

import { GPUS_PER_INSTANCE_TYPE } from "../components/addons/nvidia-device-plugin";
import { VPA_UPDATE_MODES } from "../components/addons/vpa";
import { semverish } from "./common";
import {
    ebsCsiDriverSchema,
    loggingSchema,
    monitoringSchema,
    prometheusAdapterSchema,
    tracingSchema,
} from "./observability";

const chartShape = (repository: string) => ({
    enabled: z.boolean().default(true),
    version: semverish.optional(),
    repository: z.url().default(repository),
});

const requirePinnedVersion = (c: { enabled: boolean; version?: string }, ctx: z.RefinementCtx) => {
    if (c.enabled && c.version === undefined) {
        ctx.addIssue({
            code: "custom",
            path: ["version"],
            message: "must pin a chart version when the add-on is enabled",
            input: c.version,
        });
    }
};

const chart = (repository: string) =>
    z.strictObject(chartShape(repository)).superRefine(requirePinnedVersion);

export const addonsSchema = z.strictObject({
    istio: chart("https://istio-release.storage.googleapis.com/charts"),
    metricsServer: chart("https://kubernetes-sigs.github.io/metrics-server"),
    verticalPodAutoscaler: chart("https://charts.fairwinds.com/stable"),
    nvidiaDevicePlugin: chart("https://nvidia.github.io/k8s-device-plugin"),
    externalSecrets: z
        .strictObject({
            ...chartShape("https://charts.external-secrets.io"),
            secretsPrefix: z
                .string()
                .regex(/^[A-Za-z0-9/_+=.@-]+$/, "must be a Secrets Manager name prefix")
                .default("supply-chain"),
        })
        .superRefine(requirePinnedVersion),
    // kube-prometheus-stack installs the Prometheus operator CRDs itself (its `crds` subchart), so the
    // separate prometheus-operator-crds chart is gone: the CRDs are installed exactly once.
    monitoring: monitoringSchema,
    prometheusAdapter: prometheusAdapterSchema,
    ebsCsiDriver: ebsCsiDriverSchema,
    logging: loggingSchema,
    tracing: tracingSchema,
});

type Addons = z.output<typeof addonsSchema>;

/** What the GPU checks read of a node group. */
interface GpuNodeGroup {
    readonly gpu: boolean;
    readonly instanceTypes: readonly string[];
    readonly maxSize: number;
}

/** What the add-on checks read of an ML workload. */
interface GpuWorkload {
    readonly nodeGroup: string;
    readonly gpu: number;
    readonly model: { readonly replicas: number };
    readonly autoscaling?: { readonly maxReplicas: number };
    readonly vpa: { readonly updateMode: string };
}

/**
 * A GPU node group holds the GPUs its workloads request at their highest replica count: every
 * instance type has a known GPU count, and maxSize x the smallest count covers the sum.
 */
function checkGpuCapacity(
    nodeGroups: Record<string, GpuNodeGroup>,
    mlWorkloads: Record<string, GpuWorkload>,
    ctx: z.RefinementCtx,
): void {
    for (const [name, group] of Object.entries(nodeGroups)) {
        if (!group.gpu) {
            continue;
        }
        const unknown = group.instanceTypes.filter((t) => GPUS_PER_INSTANCE_TYPE[t] === undefined);
        if (unknown.length > 0) {
            ctx.addIssue({
                code: "custom",
                path: ["cluster", "nodeGroups", name, "instanceTypes"],
                message: `must be NVIDIA GPU instance types with a known GPU count (${unknown.join(", ")} unknown; see GPUS_PER_INSTANCE_TYPE)`,
                input: group.instanceTypes,
            });
            continue;
        }
        const perNode = Math.min(...group.instanceTypes.map((t) => GPUS_PER_INSTANCE_TYPE[t]));
        const needed = Object.values(mlWorkloads)
            .filter((w) => w.nodeGroup === name)
            .reduce((sum, w) => sum + w.gpu * (w.autoscaling?.maxReplicas ?? w.model.replicas), 0);
        if (needed > group.maxSize * perNode) {
            ctx.addIssue({
                code: "custom",
                path: ["cluster", "nodeGroups", name, "maxSize"],
                message: `must hold the ${needed} GPUs its workloads request at their highest replica count (${perNode} GPU per node)`,
                input: group.maxSize,
            });
        }
    }
}

/**
 * Cross-key checks of the add-ons: a GPU node group needs the NVIDIA device plugin (without it
 * `nvidia.com/gpu` is never allocatable) and room for its workloads' GPUs at the autoscaled maximum,
 * and every ML workload's VPA `updateMode` is one the pinned VPA chart's CRD accepts.
 */
export function checkAddons(
    addons: Addons,
    nodeGroups: Record<string, GpuNodeGroup>,
    mlWorkloads: Record<string, GpuWorkload>,
    ctx: z.RefinementCtx,
): void {
    checkGpuCapacity(nodeGroups, mlWorkloads, ctx);
    const gpuGroups = Object.keys(nodeGroups).filter((g) => nodeGroups[g].gpu);
    if (gpuGroups.length > 0 && !addons.nvidiaDevicePlugin.enabled) {
        ctx.addIssue({
            code: "custom",
            path: ["addons", "nvidiaDevicePlugin", "enabled"],
            message: `must be true while node groups have GPUs (${gpuGroups.join(", ")}): without the device plugin nvidia.com/gpu is never allocatable`,
            input: false,
        });
    }
    const vpa = addons.verticalPodAutoscaler;
    if (!vpa.enabled || vpa.version === undefined) {
        return;
    }
    const modes = VPA_UPDATE_MODES[vpa.version];
    if (modes === undefined) {
        ctx.addIssue({
            code: "custom",
            path: ["addons", "verticalPodAutoscaler", "version"],
            message: `has no known VPA update modes; pin one of ${Object.keys(VPA_UPDATE_MODES).join(", ")} or add the chart's CRD modes to VPA_UPDATE_MODES`,
            input: vpa.version,
        });
        return;
    }
    for (const [name, w] of Object.entries(mlWorkloads)) {
        if (!(modes as readonly string[]).includes(w.vpa.updateMode)) {
            ctx.addIssue({
                code: "custom",
                path: ["mlWorkloads", name, "vpa", "updateMode"],
                message: `must be one of ${modes.join(", ")} (the update modes the VPA CRD of chart ${vpa.version} accepts)`,
                input: w.vpa.updateMode,
            });
        }
    }
}
