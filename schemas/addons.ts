/**
 * Schema of the `addons` config key: Helm-installed cluster services, each pinned per stack.
 */
import { z } from "zod";

import { ADDON_SCHEMAS } from "../components/addons/schemas";
import { VPA_UPDATE_MODES } from "../components/addons/vpa/vpa-modes";
import { ownValue } from "../lib/records";

/**
 * One key per registered add-on that has a schema (components/addons/schemas.ts, checked against the
 * registry), each schema in its add-on's folder (`components/addons/<add-on>/schema.ts`).
 */
export const addonsSchema = z.strictObject(ADDON_SCHEMAS);

/**
 * Cluster Autoscaler supports only the Kubernetes minor version it was released for
 * (kubernetes/autoscaler cluster-autoscaler/README.md at cluster-autoscaler-1.33.0, "Releases": versions
 * match Kubernetes minor releases): its image tag's minor must be the
 * cluster's.
 */
export function checkAutoscalerVersion(
    addons: z.output<typeof addonsSchema>,
    kubernetesVersion: string,
    ctx: z.RefinementCtx,
): void {
    const tag = addons.clusterAutoscaler.imageTag;
    const minor = /^1\.\d{2}$/.test(kubernetesVersion); // otherwise cluster.kubernetesVersion is reported
    if (minor && tag !== undefined && !tag.startsWith(`v${kubernetesVersion}.`)) {
        ctx.addIssue({
            code: "custom",
            path: ["addons", "clusterAutoscaler", "imageTag"],
            message: `must be a v${kubernetesVersion}.x release to match cluster.kubernetesVersion`,
            input: tag,
        });
    }
}

type Addons = z.output<typeof addonsSchema>;

/** What the add-on checks read of a node group. */
interface GpuNodeGroup {
    readonly gpu: boolean;
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
 * Cross-key checks of the add-ons: a GPU node group needs the NVIDIA device plugin (without it
 * `nvidia.com/gpu` is never allocatable; GPU room at the autoscaled maximum is checked with the other
 * capacity rules in `schemas/capacity.ts`), and every ML workload's VPA `updateMode` is one the pinned VPA chart's CRD accepts.
 */
export function checkAddons(
    addons: Addons,
    nodeGroups: Record<string, GpuNodeGroup>,
    mlWorkloads: Record<string, GpuWorkload>,
    ctx: z.RefinementCtx,
): void {
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
    const modes = ownValue(VPA_UPDATE_MODES, vpa.version);
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
